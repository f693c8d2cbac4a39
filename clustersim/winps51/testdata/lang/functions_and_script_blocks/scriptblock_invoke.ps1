$sb = { $args[0] + 1 }; $sb.Invoke(1)
