[Convert]::FromBase64String('***')
