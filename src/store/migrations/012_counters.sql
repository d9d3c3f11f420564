-- Counter pauses (暂停服务): a counter (or a line's desk, by its number) is
-- paused with a reason code from the settings' pause_reasons and reopened.
-- An open pause has no reopened_at; at most one per counter. The teller is
-- the person working the counter when it was paused (for the report).
CREATE TABLE counter_pauses (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL,
    counter     INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    teller      TEXT,
    paused_at   INTEGER NOT NULL,
    paused_by   TEXT NOT NULL,
    reopened_at INTEGER,
    reopened_by TEXT,
    CHECK (reopened_at IS NULL OR reopened_at >= paused_at)
);
CREATE UNIQUE INDEX counter_pauses_open ON counter_pauses(counter) WHERE reopened_at IS NULL;
CREATE INDEX counter_pauses_day ON counter_pauses(day, counter);
