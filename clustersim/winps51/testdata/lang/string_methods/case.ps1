'Ab'.ToUpper(); 'Ab'.ToLower()
