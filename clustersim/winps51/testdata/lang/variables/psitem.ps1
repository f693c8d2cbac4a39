1,2 | ForEach-Object { $PSItem + 1 }
