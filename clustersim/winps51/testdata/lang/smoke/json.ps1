@{a=1} | ConvertTo-Json -Compress
