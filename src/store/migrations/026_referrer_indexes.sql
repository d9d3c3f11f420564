-- The Mine tab's lists read one person's cards and contacts of a period:
-- by referrer (made, accepted, given an outcome), by who made the card, by
-- who closed a contract, and by who logged a contact, each with its time,
-- so a teller's month reads their own rows, not the whole branch's (the
-- referrer's with the chain, so that picking the chains shown reads the
-- index alone).
CREATE INDEX cards_referrer_created ON cards(referrer, created_at, root_id);
CREATE INDEX cards_referrer_accepted ON cards(referrer, accepted_at, root_id);
CREATE INDEX cards_referrer_outcome ON cards(referrer, outcome_at, root_id);
CREATE INDEX cards_referred_by_created ON cards(referred_by, created_at);
CREATE INDEX cards_closer_outcome ON cards(coalesce(closed_by, receiver), outcome_at)
    WHERE status = 'contracted';
CREATE INDEX contacts_by_at ON contacts("by", at);
-- A person's cards newest chain first with their times, for a range
-- holding more of them than the tab lists (read until the list is full).
CREATE INDEX cards_referrer_root
    ON cards(referrer, root_id, created_at, accepted_at, outcome_at);
