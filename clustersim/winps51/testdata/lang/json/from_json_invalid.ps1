'nope' | ConvertFrom-Json
