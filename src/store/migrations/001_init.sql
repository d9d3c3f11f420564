-- lobbydesk schema 1: staff, clients, tickets and the append-only event log.
-- Times are UTC seconds since the epoch; `day` is the local business date.

CREATE TABLE staff (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    roles   TEXT NOT NULL,              -- comma-separated: lobby, teller, wealth, credit, head
    counter INTEGER,                    -- the counter a teller sits at
    active  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE clients (
    id          INTEGER PRIMARY KEY,
    name        TEXT,
    mobile      TEXT UNIQUE,
    tier        TEXT NOT NULL DEFAULT 'normal',
    tags        TEXT NOT NULL DEFAULT '',
    consent     INTEGER NOT NULL DEFAULT 0,
    consent_at  INTEGER,
    consent_by  TEXT REFERENCES staff(code),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE tickets (
    id            INTEGER PRIMARY KEY,
    day           TEXT NOT NULL,
    service       TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    number        TEXT NOT NULL,
    priority      TEXT NOT NULL,
    is_priority   INTEGER NOT NULL,
    client_id     INTEGER REFERENCES clients(id),
    arrived_at    INTEGER NOT NULL,
    called_at     INTEGER,
    started_at    INTEGER,
    finished_at   INTEGER,
    counter       INTEGER,
    teller        TEXT REFERENCES staff(code),
    status        TEXT NOT NULL,
    calls         INTEGER NOT NULL DEFAULT 0,
    call_seq      INTEGER,                -- order of first calls within the day
    note          TEXT,
    divert_target TEXT,
    UNIQUE (day, service, seq)
);
CREATE INDEX tickets_day_status ON tickets(day, status);
-- A client's visits, newest first (history, search: count and last visit).
CREATE INDEX tickets_client ON tickets(client_id, arrived_at);
CREATE INDEX tickets_day_call ON tickets(day, call_seq);

CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,              -- e.g. ticket.add, ticket.call
    record    TEXT NOT NULL,              -- ticket, client, staff, ...
    record_id INTEGER,
    details   TEXT NOT NULL DEFAULT '{}'  -- JSON
);
CREATE INDEX events_record ON events(record, record_id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
-- REPLACE skips delete triggers: refuse an insert over an existing event.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

INSERT INTO staff (code, name, roles, counter, active)
VALUES ('LOBBY', '大堂经理', 'lobby', NULL, 1);
