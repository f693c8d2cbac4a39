if ($false) { 'a' }
else { 'b' }
