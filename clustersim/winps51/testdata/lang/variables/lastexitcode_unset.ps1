$LASTEXITCODE -eq $null
