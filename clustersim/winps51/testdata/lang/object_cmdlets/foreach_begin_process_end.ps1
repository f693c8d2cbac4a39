1,2 | ForEach-Object -Begin { 'B' } -Process { $_ } -End { 'E' }; 1 | % { 'b' } { $_ } { 'e' }
