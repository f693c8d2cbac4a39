throw 'boom'
