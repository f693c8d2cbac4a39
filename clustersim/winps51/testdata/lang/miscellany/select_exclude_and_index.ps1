[pscustomobject]@{a=1;b=2;c=3} | Select-Object * -ExcludeProperty b | ConvertTo-Json -Compress; 'x','y','z' | Select-Object -Index 0,2
