$j = [pscustomobject]@{n='k'; v=@(1,'two')} | ConvertTo-Json -Compress; ($j | ConvertFrom-Json).v[1]
