[pscustomobject]@{n='b';v=1},[pscustomobject]@{n='a';v=2} | Sort-Object n | % n; [pscustomobject]@{n='b';v=1},[pscustomobject]@{n='a';v=2} | Sort-Object -Property v -Descending | % n
