'first'
'a' 'b'
