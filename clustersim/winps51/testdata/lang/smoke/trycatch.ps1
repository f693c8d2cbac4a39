try { throw 'x' } catch { 'caught ' + $_.Exception.Message }
