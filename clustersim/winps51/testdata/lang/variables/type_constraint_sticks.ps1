[int]$n = '5'; $n = '7'; $n.GetType().Name
