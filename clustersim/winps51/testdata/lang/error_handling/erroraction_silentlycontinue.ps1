Write-Error 'x' -ErrorAction SilentlyContinue; 'on'; $Error.Count; $Error[0].Exception.Message
