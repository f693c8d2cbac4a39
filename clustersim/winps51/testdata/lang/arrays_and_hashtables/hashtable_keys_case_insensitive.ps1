$h = @{Name='x'}; $h.name; $h['NAME']; $h.ContainsKey('nAmE')
