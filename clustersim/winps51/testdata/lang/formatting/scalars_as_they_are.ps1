'text'; 42; $true; 1.5
