$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 1; Get-Nothing; $bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb = 2
