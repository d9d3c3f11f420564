-- lobbydesk schema 4: who is at the keyboard is proven. Each person's PIN
-- is kept only as a salted argon2id hash (NULL until they choose one); the
-- wrong tries since the last good one; the lock after five wrong tries,
-- which only the branch head lifts; and an optional operating-system
-- account whose user signs in as this code without a PIN.
-- The built-in LOBBY row of schema 1 stays as the actor of older records,
-- but nobody signs in as it.
ALTER TABLE staff ADD COLUMN pin_hash TEXT;
ALTER TABLE staff ADD COLUMN failed_tries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN os_user TEXT;
