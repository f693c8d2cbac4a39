@(1) | ConvertTo-Json; 1,2 | ConvertTo-Json -Compress
