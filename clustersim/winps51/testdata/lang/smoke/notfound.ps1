Get-Nothing
