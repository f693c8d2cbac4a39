try { [int]'x' } catch [System.DivideByZeroException] { 'wrong' } catch [System.Management.Automation.RuntimeException] { 'runtime' }
