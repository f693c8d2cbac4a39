‘it’’s’
