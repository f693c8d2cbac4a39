function d { begin { 'B' } process { $_ } end { 'E' } }; 1,2 | d
