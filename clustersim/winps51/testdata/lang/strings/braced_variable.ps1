${my var} = 3; "v=${my var}"
