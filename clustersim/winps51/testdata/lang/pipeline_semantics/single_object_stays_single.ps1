@{a=1} | Measure-Object | Select-Object -ExpandProperty Count
