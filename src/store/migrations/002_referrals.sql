-- lobbydesk schema 2: referral cards (转介绍明白卡), prospects and their contacts (跟进).

CREATE TABLE cards (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER REFERENCES tickets(id),
    client_id     INTEGER NOT NULL REFERENCES clients(id),
    referrer      TEXT NOT NULL REFERENCES staff(code),  -- the original referrer, credited
    referred_by   TEXT NOT NULL REFERENCES staff(code),  -- who made this card
    line          TEXT NOT NULL,
    need          TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    consent       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    receiver      TEXT REFERENCES staff(code),           -- 责任人
    assistant     TEXT REFERENCES staff(code),           -- 协助人
    accepted_at   INTEGER,
    status        TEXT NOT NULL,
    objection     TEXT,
    product       TEXT,
    amount_cents  INTEGER,
    outcome_note  TEXT,
    outcome_at    INTEGER,
    parent_id     INTEGER REFERENCES cards(id),
    root_id       INTEGER REFERENCES cards(id)
);
CREATE INDEX cards_line_status ON cards(line, status, created_at);
CREATE INDEX cards_client_line ON cards(client_id, line);
CREATE INDEX cards_root ON cards(root_id);
CREATE INDEX cards_created ON cards(created_at);
CREATE INDEX cards_line_outcome ON cards(line, outcome_at);
CREATE INDEX cards_status_line ON cards(status, line);
-- Reports: contracted and declined cards by the time of their outcome.
CREATE INDEX cards_status_outcome ON cards(status, outcome_at);
CREATE INDEX cards_accepted ON cards(accepted_at);
CREATE INDEX cards_outcome ON cards(outcome_at);

CREATE TABLE prospects (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    owner       TEXT NOT NULL REFERENCES staff(code),
    source_card INTEGER REFERENCES cards(id),
    line        TEXT,
    stage       TEXT NOT NULL DEFAULT 'open',   -- open, won, lost, handed_back
    contacts    INTEGER NOT NULL DEFAULT 0,     -- contacts logged so far
    next_due    TEXT,                           -- local date of the next contact
    created_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    end_reason  TEXT,                           -- lost: an objection kind or 'other'
    product     TEXT,                           -- won
    amount_cents INTEGER,                       -- won
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX prospects_stage_due ON prospects(stage, next_due);
CREATE INDEX prospects_client ON prospects(client_id);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    prospect_id INTEGER NOT NULL REFERENCES prospects(id),
    at          INTEGER NOT NULL,
    by          TEXT NOT NULL REFERENCES staff(code),
    channel     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    result      TEXT NOT NULL DEFAULT '',
    next_step   TEXT NOT NULL DEFAULT '',
    next_due    TEXT
);
CREATE INDEX contacts_prospect ON contacts(prospect_id, at);
CREATE INDEX contacts_at ON contacts(at);
CREATE INDEX prospects_owner ON prospects(owner, stage);
CREATE INDEX prospects_ended ON prospects(ended_at);
