[pscustomobject]@{Name='abc'; Value=1}, [pscustomobject]@{Name='d'; Value=22}
