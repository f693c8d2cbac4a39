'[' + '  x '.Trim() + ']'; 'xxaxx'.TrimStart('x'); 'xxaxx'.TrimEnd('x')
