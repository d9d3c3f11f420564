-- The funnel of referral chains kept on each chain's original card: whether
-- the chain has by now an accepted card, a contracted card, and the chain's
-- contracted amount, kept current by triggers in the same transaction as
-- every change to a card (whatever writes it), backfilled here. A range's
-- funnel is then one aggregate over the original cards created in it, read
-- from a covering index. The columns are NULL while no card names the card
-- as its root (such a card begins no chain the funnel counts).
ALTER TABLE cards ADD COLUMN chain_accepted INTEGER;
ALTER TABLE cards ADD COLUMN chain_contracted INTEGER;
ALTER TABLE cards ADD COLUMN chain_cents INTEGER;

UPDATE cards SET (chain_accepted, chain_contracted, chain_cents) = (
    SELECT max(k.accepted_at IS NOT NULL), max(k.status = 'contracted'),
           sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END)
    FROM cards k WHERE k.root_id = cards.id)
WHERE parent_id IS NULL;

CREATE TRIGGER cards_chain_insert AFTER INSERT ON cards
WHEN NEW.root_id IS NOT NULL
BEGIN
    UPDATE cards SET (chain_accepted, chain_contracted, chain_cents) = (
        SELECT max(k.accepted_at IS NOT NULL), max(k.status = 'contracted'),
               sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END)
        FROM cards k WHERE k.root_id = NEW.root_id)
    WHERE id = NEW.root_id;
END;

CREATE TRIGGER cards_chain_update AFTER UPDATE OF accepted_at, status, amount_cents, root_id ON cards
BEGIN
    UPDATE cards SET (chain_accepted, chain_contracted, chain_cents) = (
        SELECT max(k.accepted_at IS NOT NULL), max(k.status = 'contracted'),
               sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END)
        FROM cards k WHERE k.root_id = cards.id)
    WHERE id IN (NEW.root_id, OLD.root_id);
END;

CREATE TRIGGER cards_chain_delete AFTER DELETE ON cards
WHEN OLD.root_id IS NOT NULL
BEGIN
    UPDATE cards SET (chain_accepted, chain_contracted, chain_cents) = (
        SELECT max(k.accepted_at IS NOT NULL), max(k.status = 'contracted'),
               sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END)
        FROM cards k WHERE k.root_id = cards.id)
    WHERE id = OLD.root_id;
END;

-- The funnel over a range: original cards by created time, with the kept
-- columns (index only).
CREATE INDEX cards_chain_funnel
    ON cards(created_at, chain_accepted, chain_contracted, chain_cents)
    WHERE parent_id IS NULL;
