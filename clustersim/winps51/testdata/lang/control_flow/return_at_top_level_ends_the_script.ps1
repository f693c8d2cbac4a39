try { throw 'x' } catch { 'handled'; return }; 'unreached'
