try { }
