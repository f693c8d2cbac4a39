'x' | Out-Null; $null = 'y'; [void]'z'; 'end'
