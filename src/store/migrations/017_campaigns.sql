-- Campaigns (营销活动) and what they sent. The branch head defines a
-- campaign (an occasion, an audience, a message template, dates); sending it
-- writes one row per client messaged, which is the contact on the client's
-- history and keeps a client from being messaged twice by one campaign.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    occasion    TEXT NOT NULL,              -- holiday, product
    name        TEXT NOT NULL,
    template    TEXT NOT NULL,              -- with {name} and {manager}
    starts      TEXT NOT NULL,              -- local dates, YYYY-MM-DD
    ends        TEXT NOT NULL,
    tier        TEXT,                       -- the audience: NULL for any
    line        TEXT,
    status      TEXT,                       -- prospect, dormant, active
    tag         TEXT,
    window_days INTEGER NOT NULL,           -- contracts counted within N days of sending
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL REFERENCES staff(code)
);

CREATE TABLE campaign_sends (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    at          INTEGER NOT NULL,
    by          TEXT NOT NULL REFERENCES staff(code),
    PRIMARY KEY (campaign_id, client_id)
);
-- A client's history (newest first) and the report's contracts after a send.
CREATE INDEX campaign_sends_client ON campaign_sends(client_id, at);
-- The dormant list: each client's last card by one index probe.
CREATE INDEX cards_client_created ON cards(client_id, created_at);
