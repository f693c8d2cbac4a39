'abc' -like 'A*'; 'abc' -clike 'A*'; 'abc' -notlike '*d'; 'a1' -like 'a?'; 'b' -like '[a-c]'
