(5).Count; 'abc'.Count; $null.Count
