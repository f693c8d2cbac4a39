'abc'.Length; (1,2).Length
