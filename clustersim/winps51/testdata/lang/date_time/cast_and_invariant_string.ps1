$d = [datetime]'2026-11-24 20:30:27'; "$d"; $d.Year; $d.ToString('yyyy-MM-dd HH:mm'); $d.DayOfWeek
