Write-Output 1,2 | Measure-Object | Select-Object -ExpandProperty Count; Write-Output -NoEnumerate 1,2 | Measure-Object | Select-Object -ExpandProperty Count
