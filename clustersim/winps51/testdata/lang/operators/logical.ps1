$true -and $false; $true -or $false; -not $true; !$false; $true -xor $true; -not 0
