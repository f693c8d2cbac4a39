'a' -eq 'A'; 'a' -ceq 'A'; 'a' -ieq 'A'; 'B' -cne 'b'
