foreach ($i in $null) { 'never' }; 'done'
