-- Pairs (接对子) and dedicated managers (专属客户经理).
-- A teller works with one manager on each line: a card the teller flags for
-- that line is meant for that manager first.
CREATE TABLE pairs (
    teller  TEXT NOT NULL REFERENCES staff(code),
    line    TEXT NOT NULL,
    manager TEXT NOT NULL REFERENCES staff(code),
    set_at  INTEGER NOT NULL,
    PRIMARY KEY (teller, line)
);
-- The manager a card is meant for first (NULL: the whole line); any manager
-- of the line may take it once it has waited past the pair threshold.
ALTER TABLE cards ADD COLUMN assigned_to TEXT REFERENCES staff(code);
-- 1: the card went to its teller's paired manager (the pair's figures
-- count it, whatever becomes of the pair later).
ALTER TABLE cards ADD COLUMN via_pair INTEGER NOT NULL DEFAULT 0;
-- A client's dedicated manager (专属客户经理), if any.
ALTER TABLE clients ADD COLUMN manager TEXT REFERENCES staff(code);
