1,2,3 | Measure-Object | Select-Object -ExpandProperty Count
