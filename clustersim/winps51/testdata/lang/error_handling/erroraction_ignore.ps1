Write-Error 'x' -ErrorAction Ignore; $Error.Count
