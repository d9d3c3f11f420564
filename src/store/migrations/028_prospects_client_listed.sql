-- A client's prospects by what places them on the Follow-ups list (stage,
-- when it ended, next due date, owner, line): the Follow-ups search reads
-- its matches' places off this index alone, without visiting the years of
-- ended prospects its clients may have, nor their rows.
DROP INDEX prospects_client;
CREATE INDEX prospects_client ON prospects(client_id, stage, ended_at, next_due, owner, line);
