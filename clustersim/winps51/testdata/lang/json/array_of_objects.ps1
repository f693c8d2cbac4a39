ConvertTo-Json -InputObject @([pscustomobject]@{a=1})
