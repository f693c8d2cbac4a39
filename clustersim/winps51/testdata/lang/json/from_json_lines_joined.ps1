'{', '"a": 2', '}' | ConvertFrom-Json | % a
