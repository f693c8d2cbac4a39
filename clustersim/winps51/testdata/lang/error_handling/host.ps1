Write-Host 'a' 'b' -NoNewline; Write-Host '!'; Write-Host 1,2 -Separator '+'
