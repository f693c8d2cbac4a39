try { Write-Error 'x' -ErrorAction Stop; 'no' } catch { "caught $_" }
