throw 'x'
'after'
