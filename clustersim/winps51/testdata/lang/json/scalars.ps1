ConvertTo-Json -InputObject $null; $true | ConvertTo-Json; 1.5 | ConvertTo-Json; 'x' | ConvertTo-Json
