('a,b;c'.Split(',;')).Count; 'a b'.Split(' ')[1]
