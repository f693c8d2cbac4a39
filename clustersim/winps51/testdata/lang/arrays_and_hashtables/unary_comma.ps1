$a = ,1; $a.Count; (,(1,2)).Count
