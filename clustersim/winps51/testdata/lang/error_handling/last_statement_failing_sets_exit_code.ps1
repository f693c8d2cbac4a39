'a'; Write-Error 'last'
