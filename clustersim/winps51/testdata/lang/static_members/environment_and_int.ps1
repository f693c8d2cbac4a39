[Environment]::MachineName; [int]::MaxValue; [int]::MinValue
