-- The branch's settings (lists, thresholds, points, lines and their roles,
-- retention): one row holding the whole checked TOML text and its version.
-- Opening the file seeds it from the shipped settings when it is empty.
CREATE TABLE settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL CHECK (version >= 1),
    body       TEXT    NOT NULL,
    changed_at INTEGER NOT NULL DEFAULT 0,
    changed_by TEXT
);
