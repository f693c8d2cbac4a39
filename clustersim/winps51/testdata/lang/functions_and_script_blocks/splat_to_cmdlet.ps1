$p = @{InputObject = 'x'}; Write-Output @p
