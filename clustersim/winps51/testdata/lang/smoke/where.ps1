1..5 | Where-Object { $_ -gt 3 }
