& { param($p) "got $p" } -p 9
