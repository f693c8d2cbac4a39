('[1,2,3]' | ConvertFrom-Json | Measure-Object).Count; ('[1,2,3]' | ConvertFrom-Json).Count
