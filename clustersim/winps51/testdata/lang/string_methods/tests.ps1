'Hello'.StartsWith('He'); 'Hello'.EndsWith('lo'); 'Hello'.Contains('ell'); 'a'.Equals('a')
