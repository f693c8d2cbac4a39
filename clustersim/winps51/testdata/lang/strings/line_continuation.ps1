Write-Output `
  'continued'
