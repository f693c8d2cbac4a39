[ordered]@{a=1; b=@(1,2); c=[ordered]@{d='x'}; e=@()} | ConvertTo-Json
