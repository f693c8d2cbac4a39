$p = [pscustomobject]@{b=1; a=2}; $p.b + $p.a; "$p"
