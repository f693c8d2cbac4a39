try { throw 'm' } catch { $_.Exception.Message; $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.Exception.GetType().FullName; "$_" }
