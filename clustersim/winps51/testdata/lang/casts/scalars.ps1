[int]'42' + 1; [string]42; [long]5; [double]'1.5'; [bool]'false'; [bool]0
