Write-Error 'top'
