[Foo.Bar]'x'
