Import-Module NoSuchModule
