New-Object Foo.Bar
