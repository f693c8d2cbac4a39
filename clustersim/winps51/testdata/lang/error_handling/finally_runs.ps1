try { 'body' } finally { 'fin' }; try { throw 'e' } catch { 'c' } finally { 'f' }
