$x = 5
@"
val=$x
"@
