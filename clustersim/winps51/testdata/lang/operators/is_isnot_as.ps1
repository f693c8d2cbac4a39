5 -is [int]; 5 -isnot [string]; '5' -as [int]; ('x' -as [int]) -eq $null; $null -is [object]
