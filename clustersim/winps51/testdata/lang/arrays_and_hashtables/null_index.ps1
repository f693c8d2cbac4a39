$n = $null; $n[0]
