[pscustomobject]@{a=1;b='x';c=3;d=4;e=5}
