'abc'.Substring(5)
