-- Appointments (预约): a client booked to come on a day at a time to see a
-- line's managers or one of them. The note (free text) stays here, never in
-- the trail. A checked-in appointment names the ticket made for it; that
-- ticket is routed to the manager the client came to see.
CREATE TABLE appointments (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    prospect_id  INTEGER REFERENCES prospects(id),
    day          TEXT NOT NULL,              -- local business date
    time         TEXT NOT NULL,              -- local HH:MM
    at           INTEGER NOT NULL,           -- the same moment, UTC seconds
    line         TEXT NOT NULL,
    person       TEXT REFERENCES staff(code),-- NULL: any of the line's managers
    note         TEXT NOT NULL DEFAULT '',
    booked_by    TEXT NOT NULL REFERENCES staff(code),
    status       TEXT NOT NULL DEFAULT 'booked', -- booked, arrived, missed, cancelled
    ticket_id    INTEGER REFERENCES tickets(id),
    created_at   INTEGER NOT NULL,
    ended_at     INTEGER                     -- arrived, missed or cancelled
);
CREATE INDEX appointments_day ON appointments(day, status);
CREATE INDEX appointments_due ON appointments(status, at);
CREATE INDEX appointments_client ON appointments(client_id);

-- The person a ticket is routed to: only they (or whoever runs the queue) call it.
ALTER TABLE tickets ADD COLUMN routed_to TEXT REFERENCES staff(code);
