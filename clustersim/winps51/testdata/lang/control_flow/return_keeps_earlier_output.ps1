function f { 'a'; return 'b'; 'c' }; (f) -join ','
