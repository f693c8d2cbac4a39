$ErrorActionPreference = 'Stop'
Write-Error 'stop it'
'not reached'
