'shown' | Out-Host
