-- Each event carries the hash of its content chained to the previous
-- event's hash: a changed, deleted or reordered event breaks the chain.
-- Events written before this migration are chained when it runs.
ALTER TABLE events ADD COLUMN hash TEXT;
-- Files made before the log refused REPLACE get that trigger too.
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
