[Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes('A')); [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('QQA='))
