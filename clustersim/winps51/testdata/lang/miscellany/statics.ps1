[regex]::Escape('a.b'); [Math]::Max(3, 7); [Math]::Round(2.5); [Convert]::ToInt32('ff', 16); [Convert]::ToBoolean('true')
