function g($Name, $N) { "$Name-$N" }; $h = @{Name='n'; N=7}; g @h; $a = 'p','q'; g @a
