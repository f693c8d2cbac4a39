$a = @(1); $a.Count; @().Count; @(@(1,2)).Count
