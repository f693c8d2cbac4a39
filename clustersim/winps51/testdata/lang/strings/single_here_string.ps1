@'
line $x
  two
'@
