$nothing -eq $null
