Set-StrictMode -Version Latest; $undefinedVar
