'a' | Select-Object @{n='Upper';e={$_.ToUpper()}}, @{Label='Len'; Expression='Length'} | ConvertTo-Json -Compress
