-- lobbydesk schema 24: the Follow-ups list searched, and read at its end.
--
-- The name index of the clients on the follow-up list: client_grams' entries
-- of every client with a prospect, so that searching the list reads the
-- prospects' clients of that name, not every client of that name. Triggers
-- keep it in step with client_grams (a new client, a rename, a purge) and with
-- new prospects. An entry whose client has no prospect any more finds no
-- prospect, and so lists nothing.
CREATE TABLE prospect_grams (
    gram       TEXT NOT NULL,
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    PRIMARY KEY (gram, client_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO prospect_grams (gram, client_id)
SELECT g.gram, g.client_id FROM client_grams g
WHERE g.client_id IN (SELECT client_id FROM prospects);

CREATE TRIGGER prospect_grams_prospect AFTER INSERT ON prospects
BEGIN
    INSERT OR IGNORE INTO prospect_grams (gram, client_id)
    SELECT gram, client_id FROM client_grams WHERE client_id = NEW.client_id;
END;

CREATE TRIGGER prospect_grams_client AFTER UPDATE OF client_id ON prospects
WHEN OLD.client_id IS NOT NEW.client_id
BEGIN
    INSERT OR IGNORE INTO prospect_grams (gram, client_id)
    SELECT gram, client_id FROM client_grams WHERE client_id = NEW.client_id;
END;

CREATE TRIGGER prospect_grams_add AFTER INSERT ON client_grams
WHEN EXISTS (SELECT 1 FROM prospects WHERE client_id = NEW.client_id)
BEGIN
    INSERT OR IGNORE INTO prospect_grams (gram, client_id) VALUES (NEW.gram, NEW.client_id);
END;

CREATE TRIGGER prospect_grams_remove AFTER DELETE ON client_grams
BEGIN
    DELETE FROM prospect_grams WHERE gram = OLD.gram AND client_id = OLD.client_id;
END;

-- The ended prospects in the list's order (by last due date, the latest
-- ended first, then id): the end of the list read backwards from its last
-- row, its ended part forwards from its first due date.
CREATE INDEX prospects_ended_due ON prospects(next_due, ended_at DESC)
WHERE stage != 'open';

-- The ended prospects by when they ended, with their last due date: the
-- ended part of the list counted, and its first due date found, off the
-- index alone.
CREATE INDEX prospects_ended_at_due ON prospects(ended_at, next_due)
WHERE stage != 'open';
