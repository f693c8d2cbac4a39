@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress -Depth 5
