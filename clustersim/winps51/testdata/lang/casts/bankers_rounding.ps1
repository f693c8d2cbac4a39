[int]2.5; [int]3.5; [int]-2.5
