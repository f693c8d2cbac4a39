function g { param($A) }; g -Zzz 1
