-- lobbydesk schema 19: clients found at scale.
--
-- Each client's visits and last visit are kept on the client's row, by
-- triggers on tickets, in the same transaction as the visit: a search no
-- longer counts a client's tickets.
--
-- A name index of every character and every pair of adjacent characters of a
-- client's name (lower-cased, as LIKE compares): a name of two characters
-- (王芳) is found by its pair, one character (王) by itself, a longer query by
-- one of its pairs and then the whole query. Each entry carries the client's
-- last visit, so that a search lists the most recent visitors first straight
-- off the index. Triggers keep it in step with the names (a rename, an
-- import, a purge that clears a name: its entries go) and with the visits.

ALTER TABLE clients ADD COLUMN visits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN last_visit INTEGER;

UPDATE clients SET
    visits = (SELECT count(*) FROM tickets t WHERE t.client_id = clients.id),
    last_visit = (SELECT max(t.arrived_at) FROM tickets t WHERE t.client_id = clients.id);

-- A client's visits, on the ticket's arrival (and when a ticket is given to
-- another client, or to a client later).
CREATE TRIGGER client_visit_add AFTER INSERT ON tickets
WHEN NEW.client_id IS NOT NULL
BEGIN
    UPDATE clients SET visits = visits + 1,
        last_visit = max(coalesce(last_visit, NEW.arrived_at), NEW.arrived_at)
    WHERE id = NEW.client_id;
END;

CREATE TRIGGER client_visit_move AFTER UPDATE OF client_id ON tickets
WHEN OLD.client_id IS NOT NEW.client_id
BEGIN
    UPDATE clients SET visits = visits - 1,
        last_visit = (SELECT max(t.arrived_at) FROM tickets t WHERE t.client_id = OLD.client_id)
    WHERE id = OLD.client_id;
    UPDATE clients SET visits = visits + 1,
        last_visit = (SELECT max(t.arrived_at) FROM tickets t WHERE t.client_id = NEW.client_id)
    WHERE id = NEW.client_id;
END;

CREATE TRIGGER client_visit_remove AFTER DELETE ON tickets
WHEN OLD.client_id IS NOT NULL
BEGIN
    UPDATE clients SET visits = visits - 1,
        last_visit = (SELECT max(t.arrived_at) FROM tickets t WHERE t.client_id = OLD.client_id)
    WHERE id = OLD.client_id;
END;

-- The positions of a name's characters (names are at most 30; imported ones
-- are cut at 64 for the index).
CREATE TABLE name_positions (n INTEGER PRIMARY KEY);
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 64)
INSERT INTO name_positions (n) SELECT n FROM p;

CREATE TABLE client_grams (
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    gram       TEXT NOT NULL,
    last_visit INTEGER,
    PRIMARY KEY (client_id, gram)
) WITHOUT ROWID;
-- The clients whose name holds a character or pair, most recent visitors last.
CREATE INDEX client_grams_gram ON client_grams(gram, last_visit, client_id);

INSERT OR IGNORE INTO client_grams (client_id, gram, last_visit)
SELECT c.id, lower(substr(c.name, p.n, 1)), c.last_visit
FROM clients c JOIN name_positions p ON p.n <= length(c.name)
WHERE c.name IS NOT NULL AND c.name <> ''
UNION
SELECT c.id, lower(substr(c.name, p.n, 2)), c.last_visit
FROM clients c JOIN name_positions p ON p.n < length(c.name)
WHERE c.name IS NOT NULL AND c.name <> '';

CREATE TRIGGER client_grams_add AFTER INSERT ON clients
WHEN NEW.name IS NOT NULL AND NEW.name <> ''
BEGIN
    INSERT OR IGNORE INTO client_grams (client_id, gram, last_visit)
    SELECT NEW.id, lower(substr(NEW.name, n, 1)), NEW.last_visit
    FROM name_positions WHERE n <= length(NEW.name)
    UNION
    SELECT NEW.id, lower(substr(NEW.name, n, 2)), NEW.last_visit
    FROM name_positions WHERE n < length(NEW.name);
END;

CREATE TRIGGER client_grams_rename AFTER UPDATE OF name ON clients
WHEN OLD.name IS NOT NEW.name
BEGIN
    DELETE FROM client_grams WHERE client_id = OLD.id;
    INSERT OR IGNORE INTO client_grams (client_id, gram, last_visit)
    SELECT NEW.id, lower(substr(NEW.name, n, 1)), NEW.last_visit
    FROM name_positions WHERE n <= length(NEW.name) AND NEW.name <> ''
    UNION
    SELECT NEW.id, lower(substr(NEW.name, n, 2)), NEW.last_visit
    FROM name_positions WHERE n < length(NEW.name) AND NEW.name <> '';
END;

CREATE TRIGGER client_grams_visit AFTER UPDATE OF last_visit ON clients
WHEN OLD.last_visit IS NOT NEW.last_visit
BEGIN
    UPDATE client_grams SET last_visit = NEW.last_visit WHERE client_id = NEW.id;
END;

CREATE TRIGGER client_grams_remove AFTER DELETE ON clients
BEGIN
    DELETE FROM client_grams WHERE client_id = OLD.id;
END;

-- Found by the last four digits of the mobile, most recent visitors first.
CREATE INDEX clients_mobile_last4 ON clients(substr(mobile, -4), last_visit);

-- A client's cards, newest first (the client's history): cards_client_created,
-- made by the campaigns' migration.
