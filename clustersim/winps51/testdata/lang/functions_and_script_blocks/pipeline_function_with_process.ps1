function d { process { $_ * 2 } }; 1..3 | d
