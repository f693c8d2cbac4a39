(New-Object System.Collections.Hashtable).Count
