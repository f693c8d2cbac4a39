'a','b' | ForEach-Object ToUpper; 'abc' | ForEach-Object Length; 'a-b' | ForEach-Object Split '-'
