(Get-Date -Date '2026-03-04' -Format 'yyyyMMdd')
