'a-b-c' -replace '-', '+'; 'Hello' -replace 'l'; 'ab' -replace '(a)(b)', '$2$1'; 'A' -creplace 'a', 'x'
