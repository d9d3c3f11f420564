-- The Follow-ups search's name index was kept to the listed clients only
-- when a day was closed by the first process of a later day: a branch that
-- closes its days by hand kept every client who ever had a prospect. Each
-- day's close now takes out the clients who left the list; this takes out
-- those who left it before, once (as 027 did).
DELETE FROM prospect_grams WHERE NOT EXISTS (
    SELECT 1 FROM prospects q WHERE q.client_id = prospect_grams.client_id
       AND (q.stage = 'open' OR q.ended_at >= unixepoch('now') - 30 * 86400));
