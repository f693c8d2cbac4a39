function nothing { }; nothing | ForEach-Object { 'never' }; 'done'
