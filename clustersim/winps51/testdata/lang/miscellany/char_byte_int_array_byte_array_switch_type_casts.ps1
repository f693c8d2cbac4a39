[char]'a'; [byte]255; ([int[]]('1','2'))[1] + 1; ([byte[]](1,2)).Count; ([switch]$true).IsPresent; ([type]'int').FullName
