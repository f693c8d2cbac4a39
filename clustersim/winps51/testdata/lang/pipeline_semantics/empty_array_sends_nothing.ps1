@() | ForEach-Object { 'never' }; 'done'
