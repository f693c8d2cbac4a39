$null; $true; $false
