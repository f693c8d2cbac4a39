[int]'abc'
