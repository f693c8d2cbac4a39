Write-Debug 'x'; 'after'
