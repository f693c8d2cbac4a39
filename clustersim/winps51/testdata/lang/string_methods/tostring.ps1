(5).ToString(); (5).ToString('D2'); 'x'.ToString()
