'a $b "c"'
