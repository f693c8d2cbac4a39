$o = [pscustomobject]@{n='a'},[pscustomobject]@{n='b'}; $o.n -join ','
