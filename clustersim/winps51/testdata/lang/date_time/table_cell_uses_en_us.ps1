[pscustomobject]@{When=[datetime]'2026-11-24 20:30:27'}
