foreach ($a $b) { }
