Start-Sleep -Milliseconds 1; 'slept'
