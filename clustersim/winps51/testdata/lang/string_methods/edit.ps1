'Hello'.Replace('l', 'L'); 'Hello'.Substring(1, 2); 'Hello'.Substring(3); 'Hello'.IndexOf('l'); '7'.PadLeft(3, '0')
