try { throw 'x' } catch [NoSuchException] { 'no' }
