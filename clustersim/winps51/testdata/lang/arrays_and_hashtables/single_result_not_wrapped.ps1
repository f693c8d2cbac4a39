function one { 1 }; (one).GetType().Name; @(one).GetType().Name
