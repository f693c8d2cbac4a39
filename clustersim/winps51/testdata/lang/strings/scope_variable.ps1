$script:s = 'S'; $global:g = 'G'; "$script:s$global:g"
