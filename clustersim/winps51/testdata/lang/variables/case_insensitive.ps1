$Abc = 1; $aBC
