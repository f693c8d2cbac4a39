1..5 | Where-Object { $_ % 2 }
