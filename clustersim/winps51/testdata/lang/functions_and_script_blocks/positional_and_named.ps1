function f($a, $b) { "$a-$b" }; f 1 2; f -b 1 -a 2; f -B 3 4
