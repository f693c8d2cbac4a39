[int]::MaxValue + 1; ([int]::MaxValue + 1).GetType().Name
