$n = $null; $n.Foo()
