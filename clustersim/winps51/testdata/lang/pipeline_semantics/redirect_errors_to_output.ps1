Write-Error 'oops' 2>&1 | ForEach-Object { "caught: $_" }
