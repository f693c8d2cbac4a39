'abc'.Nope()
