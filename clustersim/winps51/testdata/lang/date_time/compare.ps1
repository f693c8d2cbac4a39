[datetime]'2026-01-02' -gt [datetime]'2026-01-01'
