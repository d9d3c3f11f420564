-- Cross-sell prompts (交叉销售时机): the last large deposit's amount (yuan)
-- a trigger compares; each prompt shown on a called ticket, once per ticket
-- and trigger, with the need it suggested; and the cards flagged from a
-- prompt (the card's ticket showed the trigger and the card is for its need).
ALTER TABLE clients ADD COLUMN large_deposit_amount INTEGER;
CREATE TABLE cross_sell_shown (
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    trigger    TEXT NOT NULL,
    need       TEXT NOT NULL,
    day        TEXT NOT NULL,
    shown_at   INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, trigger)
);
CREATE INDEX cross_sell_shown_day ON cross_sell_shown(day);
CREATE TABLE cross_sell_cards (
    card_id    INTEGER PRIMARY KEY REFERENCES cards(id),
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    trigger    TEXT NOT NULL
);
