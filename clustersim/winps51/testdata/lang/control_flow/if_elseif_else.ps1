foreach ($x in 10, 3, 0) { if ($x -gt 5) { 'big' } elseif ($x -gt 2) { 'mid' } else { 'small' } }
