$o = '{"a":1,"b":{"c":[1,2]},"d":null,"e":"x"}' | ConvertFrom-Json; $o.a; $o.b.c[1]; $o.d -eq $null; $o.e; $o.GetType().FullName
