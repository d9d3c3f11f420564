-- The Follow-ups search reads the name index of the clients on the list
-- (prospect_grams): a client whose prospects all ended more than 30 days ago
-- is no longer on it. The first process of each day takes out the clients
-- who left the list since the day before (`Db::prune_prospect_grams`); this
-- takes out those who left it before. A client comes back on the index when
-- a prospect of theirs is added (024) or opens again (below).
DELETE FROM prospect_grams WHERE NOT EXISTS (
    SELECT 1 FROM prospects q WHERE q.client_id = prospect_grams.client_id
       AND (q.stage = 'open' OR q.ended_at >= unixepoch('now') - 30 * 86400));

CREATE TRIGGER prospect_grams_reopen AFTER UPDATE OF stage ON prospects
WHEN NEW.stage = 'open' AND OLD.stage != 'open'
BEGIN
    INSERT OR IGNORE INTO prospect_grams (gram, client_id)
    SELECT gram, client_id FROM client_grams WHERE client_id = NEW.client_id;
END;
