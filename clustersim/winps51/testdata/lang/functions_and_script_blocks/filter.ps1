filter dbl { $_ * 2 }; 1,2 | dbl
