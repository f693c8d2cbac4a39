1,1,2 | Select-Object -Unique
