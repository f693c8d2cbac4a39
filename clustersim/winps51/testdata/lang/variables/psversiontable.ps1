$PSVersionTable.PSVersion.Major; $PSVersionTable.PSVersion.ToString(); $PSVersionTable.PSEdition
