Set-StrictMode -Version Latest; $PSEdition; "[$PSScriptRoot]"; $PSCulture; $IsWindows
