-- Notices (提醒): a person, or everyone holding a role, is told that
-- something happened to a record (a card landed, was accepted, settled; a
-- client with a dedicated manager arrived). Each notice is also an event of
-- the trail (notice.send); this table is the inbox the desks read.
CREATE TABLE notices (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    to_staff  TEXT,
    to_role   TEXT,
    record    TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    -- What about it, as a code (an outcome's status): never a client's detail.
    detail    TEXT NOT NULL DEFAULT '',
    by_staff  TEXT NOT NULL,
    CHECK ((to_staff IS NULL) <> (to_role IS NULL))
);
CREATE INDEX notices_staff ON notices(to_staff, id) WHERE to_staff IS NOT NULL;
CREATE INDEX notices_role ON notices(to_role, id) WHERE to_role IS NOT NULL;
-- Told once: the same notice about the same record to the same people.
CREATE UNIQUE INDEX notices_once
    ON notices(kind, record, record_id, detail, coalesce(to_staff, ''), coalesce(to_role, ''));
-- The newest notice each person has seen: what is newer is what they missed.
CREATE TABLE notice_seen (
    staff   TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);
