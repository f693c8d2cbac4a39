[string](1,2,3)
