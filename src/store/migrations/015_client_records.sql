-- A client's record as the core system exports it: products held (a count),
-- the account-opening date, and the dates of the last large deposit and of
-- the card's activation where known (local dates, `YYYY-MM-DD`). The tier
-- and the tags are in the first schema already.
ALTER TABLE clients ADD COLUMN products_held INTEGER;
ALTER TABLE clients ADD COLUMN opened TEXT;
ALTER TABLE clients ADD COLUMN last_large_deposit TEXT;
ALTER TABLE clients ADD COLUMN card_activated TEXT;
