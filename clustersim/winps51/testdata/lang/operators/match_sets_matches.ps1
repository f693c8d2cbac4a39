'key=val' -match '^(\w+)=(?<v>\w+)$'; $Matches[1]; $Matches.v; 'x' -notmatch 'y'
