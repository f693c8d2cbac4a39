2 -lt 10; 'b' -gt 'a'; 5 -ge 5; 4 -le 3
