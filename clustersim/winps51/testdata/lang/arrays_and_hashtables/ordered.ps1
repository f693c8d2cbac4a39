$o = [ordered]@{z=1; a=2}; $o.Keys -join ','
