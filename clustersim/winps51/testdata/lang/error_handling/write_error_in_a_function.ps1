function f { Write-Error 'in f' }
f
