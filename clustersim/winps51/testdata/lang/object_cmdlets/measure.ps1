(1..10 | Measure-Object).Count; (1,2,3 | Measure-Object -Sum).Sum; ([pscustomobject]@{v=4},[pscustomobject]@{v=6} | Measure-Object -Property v -Average -Maximum).Average
