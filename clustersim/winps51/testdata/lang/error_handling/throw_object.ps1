try { throw [pscustomobject]@{code=5} } catch { $_.TargetObject.code }
