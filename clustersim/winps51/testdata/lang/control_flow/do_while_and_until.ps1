$i = 0; do { $i++ } while ($i -lt 3); $i; do { $i-- } until ($i -le 0); $i
