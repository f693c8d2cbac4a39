[Console]::Out.Write('a'); [Console]::Out.WriteLine('b'); [Console]::Out.Flush(); [Console]::WriteLine('c')
