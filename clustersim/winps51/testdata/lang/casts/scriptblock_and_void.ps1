$sb = [scriptblock]::Create('2*3'); & $sb; [void](1+1); 'v'
