try { try { throw 'inner' } catch { throw } } catch { "outer: $($_.Exception.Message)" }
