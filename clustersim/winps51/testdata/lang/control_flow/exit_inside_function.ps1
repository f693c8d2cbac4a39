function f { exit 5 }; f; 'no'
