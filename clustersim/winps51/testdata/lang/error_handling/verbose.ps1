Write-Verbose 'hidden'; Write-Verbose 'shown' -Verbose
