'a' | | Out-Null
