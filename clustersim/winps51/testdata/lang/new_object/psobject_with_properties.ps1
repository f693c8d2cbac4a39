$o = New-Object PSObject -Property @{a=1}; $o.a; $o.GetType().FullName
