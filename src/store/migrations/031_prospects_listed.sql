-- Which prospects the Follow-ups list may show (open, or ended in its last
-- 30 days), as a flag and a partial index of them: the Follow-ups search
-- places its matches off this small index (tens of thousands of entries,
-- kept in the page cache) rather than off every prospect a client ever had.
-- A new prospect is listed; one ended or opened again is listed again (the
-- trigger); each day's close takes off the flag of those ended before the
-- list's window (`Db::prune_unlisted`). The flag may stay on a prospect
-- that left the window since the last close: the search still checks when
-- each ended.
ALTER TABLE prospects ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;
UPDATE prospects SET listed = 0
 WHERE stage != 'open' AND ended_at < unixepoch('now') - 30 * 86400;
CREATE INDEX prospects_listed ON prospects(client_id, stage, ended_at, next_due, owner, line)
 WHERE listed = 1;
CREATE TRIGGER prospects_listed_again AFTER UPDATE OF stage, ended_at ON prospects
WHEN NEW.listed = 0
BEGIN
    UPDATE prospects SET listed = 1 WHERE id = NEW.id;
END;
