$ErrorActionPreference = 'SilentlyContinue'
1/0
'next'
