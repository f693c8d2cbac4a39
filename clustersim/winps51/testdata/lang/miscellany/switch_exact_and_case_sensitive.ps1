switch -Exact ('a*') { 'a*' { 'exact' } }; switch -CaseSensitive ('A') { 'a' { 'lower' } 'A' { 'upper' } }
