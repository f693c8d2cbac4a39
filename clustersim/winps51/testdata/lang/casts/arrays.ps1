([array]1).GetType().FullName; ([object[]](1,2)).Count; ([string[]](1,2))[0].GetType().Name
