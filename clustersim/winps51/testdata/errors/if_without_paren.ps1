if $x { }
