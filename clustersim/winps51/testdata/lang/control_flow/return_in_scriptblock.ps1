$sb = { param($v) if ($v) { return 'early' }; 'late' }; & $sb 1; & $sb 0
