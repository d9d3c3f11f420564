-- Complaints (投诉): recorded about a visit (a ticket), a client, or neither
-- (the branch), with the person responsible (NULL: nobody in particular),
-- who owns the resolution and the day it was promised by. What was said,
-- the resolution and the client's answer are free text: kept here, never in
-- the trail, and erased with the client's details. `valid` is decided at
-- resolution (1 valid, 0 not); a valid one deducts the settings' points
-- from the person responsible, on the day it was resolved.
CREATE TABLE complaints (
    id            INTEGER PRIMARY KEY,
    day           TEXT NOT NULL,              -- local business date recorded
    kind          TEXT NOT NULL,              -- wait, attitude, error, product, environment, other
    said          TEXT NOT NULL DEFAULT '',
    ticket_id     INTEGER REFERENCES tickets(id),
    client_id     INTEGER REFERENCES clients(id),
    responsible   TEXT REFERENCES staff(code),
    owner         TEXT NOT NULL REFERENCES staff(code),
    due           TEXT NOT NULL,              -- local date promised
    opened_by     TEXT NOT NULL,
    opened_at     INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open', -- open, resolved
    resolution    TEXT,
    feedback      TEXT,                       -- channel code of the feedback contact
    feedback_note TEXT,
    valid         INTEGER,
    resolved_by   TEXT,
    resolved_at   INTEGER,
    CHECK ((status = 'open') = (resolved_at IS NULL)),
    CHECK (status = 'open' OR valid IN (0, 1))
);
CREATE INDEX complaints_status ON complaints(status, due);
CREATE INDEX complaints_opened ON complaints(opened_at);
CREATE INDEX complaints_resolved ON complaints(resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX complaints_client ON complaints(client_id);
CREATE INDEX complaints_ticket ON complaints(ticket_id);

-- Satisfaction ratings (满意度): one per finished visit, 1 (very
-- dissatisfied) to 5 (very satisfied), with who recorded it (a teller, the
-- lobby, a rating keypad's kiosk account).
CREATE TABLE ratings (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
    score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    rated_at  INTEGER NOT NULL,
    rated_by  TEXT NOT NULL
);
CREATE INDEX ratings_at ON ratings(rated_at);
