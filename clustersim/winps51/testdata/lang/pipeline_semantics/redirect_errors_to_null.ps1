Write-Error 'silent' 2>$null; 'end'
