1..3 -join ','; 3..1 -join ','
