@{} | ConvertTo-Json
