'before'
exit 7
'after'
