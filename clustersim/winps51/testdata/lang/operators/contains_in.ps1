1,2,3 -contains 2; 'A' -in 'a','b'; 5 -notin 1,2; 1,2 -notcontains 3; 'a','b' -ccontains 'A'
