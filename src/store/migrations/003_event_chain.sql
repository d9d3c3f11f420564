-- Each event carries the hash of its content chained to the previous
-- event's hash: a changed, deleted or reordered event breaks the chain.
-- Events written before this migration are chained when it runs.
ALTER TABLE events ADD COLUMN hash TEXT;
