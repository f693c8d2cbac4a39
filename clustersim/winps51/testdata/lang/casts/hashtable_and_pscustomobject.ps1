([hashtable]@{a=1}).a; ([pscustomobject]@{z=1}).z; ([pscustomobject]@{z=1}).GetType().FullName
