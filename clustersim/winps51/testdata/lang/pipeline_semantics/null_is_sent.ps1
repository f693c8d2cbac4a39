$null | ForEach-Object { 'got one' }
