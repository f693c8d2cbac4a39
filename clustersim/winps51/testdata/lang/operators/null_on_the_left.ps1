$null -eq @(1,$null); (@(1,$null,2) -eq $null).Count
