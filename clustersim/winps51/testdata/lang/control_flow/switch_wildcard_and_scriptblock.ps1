switch -Wildcard ('abc') { 'a*' { 'wild' } }; switch (5) { { $_ -gt 3 } { 'gt3' } }
