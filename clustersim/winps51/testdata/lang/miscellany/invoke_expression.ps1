$v = 3; Invoke-Expression '$v * 2'; iex '$w = 5'; $w
