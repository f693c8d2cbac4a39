$n = 'W'; "Hi $n!"
