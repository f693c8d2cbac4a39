5 -band 3; 5 -bor 3; 5 -bxor 3; 1 -shl 4
