# line
'a' <# block
 #> ; 'b' # end
