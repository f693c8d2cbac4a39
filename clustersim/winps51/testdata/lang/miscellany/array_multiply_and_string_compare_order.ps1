(@(1,2) * 2).Count; 'apple' -lt 'Banana'; 'a' -clt 'A'
