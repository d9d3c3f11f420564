-- The closing sweep's open prospects of one owner, due by a day, overdue
-- first: read off this index alone.
CREATE INDEX prospects_owner_due ON prospects(owner, next_due) WHERE stage = 'open';
