3,1,2 | Sort-Object; 'b','A','c' | Sort-Object -Descending; 1,2,1 | Sort-Object -Unique
