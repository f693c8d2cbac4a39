. { $d = 'yes' }; $d; & { $e = 'no' }; $e -eq $null
