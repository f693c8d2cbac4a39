function f { $input | ForEach-Object { $_ * 10 } }; 1,2 | f
