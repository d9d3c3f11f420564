-- A kiosk's request id and the ticket it made on a business day: a kiosk
-- that retries the same request gets the same ticket, not a second one.
-- Written in the transaction that writes the ticket.
CREATE TABLE requests (
    day       TEXT NOT NULL,
    id        TEXT NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    at        INTEGER NOT NULL,
    PRIMARY KEY (day, id)
);
