-- Who closed a contract: the "closed" points go to them. The receiver who
-- recorded it, or the owner of the prospect whose win contracted the card.
ALTER TABLE cards ADD COLUMN closed_by TEXT REFERENCES staff(code);
-- Contracts made before: a card contracted by a prospect's win was closed
-- by that prospect's owner (a won prospect is never reassigned); any other
-- by its receiver.
UPDATE cards SET closed_by = coalesce(
    (SELECT p.owner FROM events e
       JOIN prospects p ON p.id = json_extract(e.details, '$.prospect')
      WHERE e.record = 'card' AND e.record_id = cards.id AND e.kind = 'card.contracted'
      ORDER BY e.id DESC LIMIT 1),
    receiver)
WHERE status = 'contracted';
