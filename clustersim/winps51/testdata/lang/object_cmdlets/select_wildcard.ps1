[pscustomobject]@{ab=1;ac=2;b=3} | Select-Object a* | ConvertTo-Json -Compress
