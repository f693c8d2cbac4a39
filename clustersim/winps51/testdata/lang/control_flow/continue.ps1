foreach ($i in 1..4) { if ($i % 2) { continue }; $i }
