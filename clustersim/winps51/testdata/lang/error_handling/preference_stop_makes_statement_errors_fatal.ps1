$ErrorActionPreference = 'Stop'
1/0
'not reached'
