('a','b').ToUpper() -join ','
