(1,2,3) -join '+'; ('a,b,,c' -split ',').Count; -split ' x  y '; -join ('p','q'); ('a1b2' -split '\d') -join '|'
