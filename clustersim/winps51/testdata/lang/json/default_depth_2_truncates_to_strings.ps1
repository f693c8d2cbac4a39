@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress; [pscustomobject]@{a=[pscustomobject]@{b=[pscustomobject]@{c=[pscustomobject]@{d=1}}}} | ConvertTo-Json -Compress
