[pscustomobject]@{a=0},[pscustomobject]@{a=5} | Where-Object a | % a
