$h = @{}; $h.Add('a', 1); $h['b'] = 2; $h.c = 3; $h.Remove('a'); $h.Count; ($h.Keys | Sort-Object) -join ','; $h.Values.Count
