'x' > $null; 'y'
