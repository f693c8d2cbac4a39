"a`tb`nc`$d`""
