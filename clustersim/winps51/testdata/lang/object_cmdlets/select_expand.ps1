[pscustomobject]@{a=1,2} | Select-Object -ExpandProperty a
