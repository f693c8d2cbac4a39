$b = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('hé')); $b; [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b))
