try { try { throw 'inner' } catch { throw $_ } } catch { "outer: $_" }
