$s = 'a','b' | Out-String; $s.Length; (@{x=1} | Out-String).Contains('Name')
