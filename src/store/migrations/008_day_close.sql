-- A business day closed (日终): when, by whom, whether automatically, and
-- its figures as they stood at that moment (the report's JSON): a closed
-- day's figures never change.
CREATE TABLE day_closes (
    day       TEXT PRIMARY KEY,           -- YYYY-MM-DD
    closed_at INTEGER NOT NULL,
    closed_by TEXT NOT NULL,
    automatic INTEGER NOT NULL,
    figures   TEXT NOT NULL
);
-- The tickets still open, whatever their day: few, and read on every reload.
CREATE INDEX tickets_open ON tickets(day)
WHERE status IN ('waiting', 'called', 'serving', 'on_hold');
