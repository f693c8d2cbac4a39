try { try { [int]'x' } catch { throw $_.Exception } } catch { $_.Exception.GetType().FullName; $_.Exception.Message }
