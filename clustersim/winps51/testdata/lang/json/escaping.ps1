ConvertTo-Json -Compress -InputObject "<a href='x'>&`t`n""\"
