Write-Error 'first'
'went on'
