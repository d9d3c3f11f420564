-- lobbydesk on a branch server: the SQLite schema (migrations 001-032) for
-- PostgreSQL 15, several branches in one database. Every table has the
-- branch as its first column, filled from the session by default, and as
-- the first column of every key, foreign key and index. Times are UTC
-- seconds (BIGINT), days local 'YYYY-MM-DD' (TEXT), flags BIGINT 0/1, as in
-- SQLite.
--
-- Ids: SQLite gives an INTEGER PRIMARY KEY the rowid, max(rowid) + 1 in
-- commit order (writers are serialised). Here each table takes its ids from
-- one sequence shared by every branch: ids grow within a branch but with
-- gaps, are never reused, and concurrent transactions may commit them out
-- of order.

-- The grams are cut with substr()/length(), which count characters only in
-- a UTF8 database (as SQLite counts them in its UTF-8 text).
DO $$
BEGIN
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RAISE EXCEPTION 'lobbydesk needs a UTF8 database, not %',
            current_setting('server_encoding');
    END IF;
END $$;

CREATE TABLE branches (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- A PostgreSQL login: a staff member of one branch (branch and roster code),
-- or an office login (office = 1: no branch, no code) that reads every
-- branch. The key to staff is added once staff exists; MATCH FULL makes a
-- login with a code name its branch too.
CREATE TABLE logins (
    login  TEXT PRIMARY KEY,
    branch TEXT REFERENCES branches(code),
    code   TEXT,
    office BIGINT NOT NULL DEFAULT 0,
    CHECK ((office = 1) = (code IS NULL))
);

-- The branch of the session: a staff login's own branch (whatever the
-- session sets); otherwise (an office login, or the administrator copying a
-- branch in) the branch set with SET lobbydesk.branch. NULL for none, so a
-- row's default branch is refused.
CREATE FUNCTION lobbydesk_branch() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT CASE WHEN l.login IS NULL OR l.office = 1
                THEN nullif(current_setting('lobbydesk.branch', true), '')
                ELSE l.branch END
    FROM (VALUES (session_user::text)) AS me (login)
    LEFT JOIN logins l ON l.login = me.login
$$;

-- The roster code of the session's login (NULL for none or an office login).
CREATE FUNCTION lobbydesk_code() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT code FROM logins WHERE login = session_user::text
$$;

-- ---------------------------------------------------------------- tables

CREATE TABLE staff (
    branch  TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    code    TEXT NOT NULL,
    name    TEXT NOT NULL,
    roles   TEXT NOT NULL,              -- comma-separated: lobby, teller, wealth, credit, head
    counter BIGINT,                     -- the counter a teller sits at
    active  BIGINT NOT NULL DEFAULT 1,
    pin_hash     TEXT,
    failed_tries BIGINT NOT NULL DEFAULT 0,
    locked       BIGINT NOT NULL DEFAULT 0,
    os_user      TEXT,
    PRIMARY KEY (branch, code)
);

ALTER TABLE logins ADD FOREIGN KEY (branch, code)
    REFERENCES staff(branch, code) MATCH FULL;

CREATE SEQUENCE clients_id_seq;
CREATE TABLE clients (
    branch      TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id          BIGINT NOT NULL DEFAULT nextval('clients_id_seq'),
    name        TEXT,
    mobile      TEXT,
    tier        TEXT NOT NULL DEFAULT 'normal',
    tags        TEXT NOT NULL DEFAULT '',
    consent     BIGINT NOT NULL DEFAULT 0,
    consent_at  BIGINT,
    consent_by  TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    manager     TEXT,
    products_held BIGINT,
    opened      TEXT,
    last_large_deposit TEXT,
    card_activated TEXT,
    large_deposit_amount BIGINT,
    visits      BIGINT NOT NULL DEFAULT 0,
    last_visit  BIGINT,
    PRIMARY KEY (branch, id),
    UNIQUE (branch, mobile),
    FOREIGN KEY (branch, consent_by) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, manager) REFERENCES staff(branch, code)
);
ALTER SEQUENCE clients_id_seq OWNED BY clients.id;

CREATE SEQUENCE tickets_id_seq;
CREATE TABLE tickets (
    branch        TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id            BIGINT NOT NULL DEFAULT nextval('tickets_id_seq'),
    day           TEXT NOT NULL,
    service       TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    number        TEXT NOT NULL,
    priority      TEXT NOT NULL,
    is_priority   BIGINT NOT NULL,
    client_id     BIGINT,
    arrived_at    BIGINT NOT NULL,
    called_at     BIGINT,
    started_at    BIGINT,
    finished_at   BIGINT,
    counter       BIGINT,
    teller        TEXT,
    status        TEXT NOT NULL,
    calls         BIGINT NOT NULL DEFAULT 0,
    call_seq      BIGINT,                 -- order of first calls within the day
    note          TEXT,
    divert_target TEXT,
    routed_to     TEXT,
    transferred_to TEXT,
    PRIMARY KEY (branch, id),
    UNIQUE (branch, day, service, seq),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id),
    FOREIGN KEY (branch, teller) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, routed_to) REFERENCES staff(branch, code)
);
ALTER SEQUENCE tickets_id_seq OWNED BY tickets.id;

-- The event trail. No default id: the application numbers each branch's
-- events 1, 2, 3... (the hash chain checks them).
CREATE TABLE events (
    branch    TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id        BIGINT NOT NULL,
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,              -- e.g. ticket.add, ticket.call
    record    TEXT NOT NULL,              -- ticket, client, staff, ...
    record_id BIGINT,
    details   TEXT NOT NULL DEFAULT '{}', -- JSON
    hash      TEXT,
    PRIMARY KEY (branch, id)
);

CREATE SEQUENCE cards_id_seq;
CREATE TABLE cards (
    branch        TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id            BIGINT NOT NULL DEFAULT nextval('cards_id_seq'),
    ticket_id     BIGINT,
    client_id     BIGINT NOT NULL,
    referrer      TEXT NOT NULL,          -- the original referrer, credited
    referred_by   TEXT NOT NULL,          -- who made this card
    line          TEXT NOT NULL,
    need          TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    consent       BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    receiver      TEXT,                   -- 责任人
    assistant     TEXT,                   -- 协助人
    accepted_at   BIGINT,
    status        TEXT NOT NULL,
    objection     TEXT,
    product       TEXT,
    amount_cents  BIGINT,
    outcome_note  TEXT,
    outcome_at    BIGINT,
    parent_id     BIGINT,
    root_id       BIGINT,
    closed_by     TEXT,
    assigned_to   TEXT,
    via_pair      BIGINT NOT NULL DEFAULT 0,
    chain_accepted   BIGINT,
    chain_contracted BIGINT,
    chain_cents      BIGINT,
    PRIMARY KEY (branch, id),
    FOREIGN KEY (branch, ticket_id) REFERENCES tickets(branch, id),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id),
    FOREIGN KEY (branch, referrer) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, referred_by) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, receiver) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, assistant) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, parent_id) REFERENCES cards(branch, id),
    FOREIGN KEY (branch, root_id) REFERENCES cards(branch, id),
    FOREIGN KEY (branch, closed_by) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, assigned_to) REFERENCES staff(branch, code)
);
ALTER SEQUENCE cards_id_seq OWNED BY cards.id;

CREATE SEQUENCE prospects_id_seq;
CREATE TABLE prospects (
    branch      TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id          BIGINT NOT NULL DEFAULT nextval('prospects_id_seq'),
    client_id   BIGINT NOT NULL,
    owner       TEXT NOT NULL,
    source_card BIGINT,
    line        TEXT,
    stage       TEXT NOT NULL DEFAULT 'open',   -- open, won, lost, handed_back
    contacts    BIGINT NOT NULL DEFAULT 0,      -- contacts logged so far
    next_due    TEXT,                           -- local date of the next contact
    created_at  BIGINT NOT NULL,
    ended_at    BIGINT,
    end_reason  TEXT,                           -- lost: an objection kind or 'other'
    product     TEXT,                           -- won
    amount_cents BIGINT,                        -- won
    note        TEXT NOT NULL DEFAULT '',
    listed      BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (branch, id),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id),
    FOREIGN KEY (branch, owner) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, source_card) REFERENCES cards(branch, id)
);
ALTER SEQUENCE prospects_id_seq OWNED BY prospects.id;

CREATE SEQUENCE contacts_id_seq;
CREATE TABLE contacts (
    branch      TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id          BIGINT NOT NULL DEFAULT nextval('contacts_id_seq'),
    prospect_id BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    by          TEXT NOT NULL,
    channel     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    result      TEXT NOT NULL DEFAULT '',
    next_step   TEXT NOT NULL DEFAULT '',
    next_due    TEXT,
    PRIMARY KEY (branch, id),
    FOREIGN KEY (branch, prospect_id) REFERENCES prospects(branch, id),
    FOREIGN KEY (branch, by) REFERENCES staff(branch, code)
);
ALTER SEQUENCE contacts_id_seq OWNED BY contacts.id;

-- One row per branch (id 1), written with its id: no sequence.
CREATE TABLE settings (
    branch     TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id         BIGINT NOT NULL CHECK (id = 1),
    version    BIGINT NOT NULL CHECK (version >= 1),
    body       TEXT   NOT NULL,
    changed_at BIGINT NOT NULL DEFAULT 0,
    changed_by TEXT,
    PRIMARY KEY (branch, id)
);

CREATE TABLE requests (
    branch    TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    day       TEXT NOT NULL,
    id        TEXT NOT NULL,
    ticket_id BIGINT NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (branch, day, id),
    FOREIGN KEY (branch, ticket_id) REFERENCES tickets(branch, id)
);

CREATE TABLE day_closes (
    branch    TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    day       TEXT NOT NULL,              -- YYYY-MM-DD
    closed_at BIGINT NOT NULL,
    closed_by TEXT NOT NULL,
    automatic BIGINT NOT NULL,
    figures   TEXT NOT NULL,
    PRIMARY KEY (branch, day)
);

-- notice_seen.last_id marks the newest notice id a person has seen, which
-- SQLite's rowid order made the order of commits; a sequence's ids may
-- commit out of order (see the top).
CREATE SEQUENCE notices_id_seq;
CREATE TABLE notices (
    branch    TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id        BIGINT NOT NULL DEFAULT nextval('notices_id_seq'),
    at        BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    to_staff  TEXT,
    to_role   TEXT,
    record    TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    -- What about it, as a code (an outcome's status): never a client's detail.
    detail    TEXT NOT NULL DEFAULT '',
    by_staff  TEXT NOT NULL,
    PRIMARY KEY (branch, id),
    CHECK ((to_staff IS NULL) <> (to_role IS NULL))
);
ALTER SEQUENCE notices_id_seq OWNED BY notices.id;

CREATE TABLE notice_seen (
    branch  TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    staff   TEXT NOT NULL,
    last_id BIGINT NOT NULL,
    PRIMARY KEY (branch, staff)
);

CREATE TABLE pairs (
    branch  TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    teller  TEXT NOT NULL,
    line    TEXT NOT NULL,
    manager TEXT NOT NULL,
    set_at  BIGINT NOT NULL,
    PRIMARY KEY (branch, teller, line),
    FOREIGN KEY (branch, teller) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, manager) REFERENCES staff(branch, code)
);

CREATE SEQUENCE targets_id_seq;
CREATE TABLE targets (
    branch     TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id         BIGINT NOT NULL DEFAULT nextval('targets_id_seq'),
    whom_kind  TEXT NOT NULL CHECK (whom_kind IN ('person', 'line')),
    whom_code  TEXT NOT NULL,
    measure    TEXT NOT NULL CHECK (measure IN ('referrals', 'contracts', 'amount', 'contacts')),
    scope      TEXT NOT NULL DEFAULT 'all',   -- all, need:CODE, product:CODE
    period     TEXT NOT NULL,                 -- YYYY-MM or YYYY-Qn
    value      BIGINT NOT NULL CHECK (value > 0),
    set_by     TEXT NOT NULL,
    set_at     BIGINT NOT NULL,
    PRIMARY KEY (branch, id),
    UNIQUE (branch, whom_kind, whom_code, measure, scope, period),
    FOREIGN KEY (branch, set_by) REFERENCES staff(branch, code)
);
ALTER SEQUENCE targets_id_seq OWNED BY targets.id;

CREATE SEQUENCE counter_pauses_id_seq;
CREATE TABLE counter_pauses (
    branch      TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id          BIGINT NOT NULL DEFAULT nextval('counter_pauses_id_seq'),
    day         TEXT NOT NULL,
    counter     BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    teller      TEXT,
    paused_at   BIGINT NOT NULL,
    paused_by   TEXT NOT NULL,
    reopened_at BIGINT,
    reopened_by TEXT,
    PRIMARY KEY (branch, id),
    CHECK (reopened_at IS NULL OR reopened_at >= paused_at)
);
ALTER SEQUENCE counter_pauses_id_seq OWNED BY counter_pauses.id;

CREATE SEQUENCE appointments_id_seq;
CREATE TABLE appointments (
    branch       TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id           BIGINT NOT NULL DEFAULT nextval('appointments_id_seq'),
    client_id    BIGINT NOT NULL,
    prospect_id  BIGINT,
    day          TEXT NOT NULL,              -- local business date
    time         TEXT NOT NULL,              -- local HH:MM
    at           BIGINT NOT NULL,            -- the same moment, UTC seconds
    line         TEXT NOT NULL,
    person       TEXT,                       -- NULL: any of the line's managers
    note         TEXT NOT NULL DEFAULT '',
    booked_by    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'booked', -- booked, arrived, missed, cancelled
    ticket_id    BIGINT,
    created_at   BIGINT NOT NULL,
    ended_at     BIGINT,                     -- arrived, missed or cancelled
    PRIMARY KEY (branch, id),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id),
    FOREIGN KEY (branch, prospect_id) REFERENCES prospects(branch, id),
    FOREIGN KEY (branch, person) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, booked_by) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, ticket_id) REFERENCES tickets(branch, id)
);
ALTER SEQUENCE appointments_id_seq OWNED BY appointments.id;

CREATE SEQUENCE complaints_id_seq;
CREATE TABLE complaints (
    branch        TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id            BIGINT NOT NULL DEFAULT nextval('complaints_id_seq'),
    day           TEXT NOT NULL,              -- local business date recorded
    kind          TEXT NOT NULL,              -- wait, attitude, error, product, environment, other
    said          TEXT NOT NULL DEFAULT '',
    ticket_id     BIGINT,
    client_id     BIGINT,
    responsible   TEXT,
    owner         TEXT NOT NULL,
    due           TEXT NOT NULL,              -- local date promised
    opened_by     TEXT NOT NULL,
    opened_at     BIGINT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open', -- open, resolved
    resolution    TEXT,
    feedback      TEXT,                       -- channel code of the feedback contact
    feedback_note TEXT,
    valid         BIGINT,
    resolved_by   TEXT,
    resolved_at   BIGINT,
    PRIMARY KEY (branch, id),
    FOREIGN KEY (branch, ticket_id) REFERENCES tickets(branch, id),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id),
    FOREIGN KEY (branch, responsible) REFERENCES staff(branch, code),
    FOREIGN KEY (branch, owner) REFERENCES staff(branch, code),
    CHECK ((status = 'open') = (resolved_at IS NULL)),
    CHECK (status = 'open' OR valid IN (0, 1))
);
ALTER SEQUENCE complaints_id_seq OWNED BY complaints.id;

CREATE SEQUENCE ratings_id_seq;
CREATE TABLE ratings (
    branch    TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id        BIGINT NOT NULL DEFAULT nextval('ratings_id_seq'),
    ticket_id BIGINT NOT NULL,
    score     BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    rated_at  BIGINT NOT NULL,
    rated_by  TEXT NOT NULL,
    PRIMARY KEY (branch, id),
    UNIQUE (branch, ticket_id),
    FOREIGN KEY (branch, ticket_id) REFERENCES tickets(branch, id)
);
ALTER SEQUENCE ratings_id_seq OWNED BY ratings.id;

CREATE SEQUENCE campaigns_id_seq;
CREATE TABLE campaigns (
    branch      TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    id          BIGINT NOT NULL DEFAULT nextval('campaigns_id_seq'),
    occasion    TEXT NOT NULL,              -- holiday, product
    name        TEXT NOT NULL,
    template    TEXT NOT NULL,              -- with {name} and {manager}
    starts      TEXT NOT NULL,              -- local dates, YYYY-MM-DD
    ends        TEXT NOT NULL,
    tier        TEXT,                       -- the audience: NULL for any
    line        TEXT,
    status      TEXT,                       -- prospect, dormant, active
    tag         TEXT,
    window_days BIGINT NOT NULL,            -- contracts counted within N days of sending
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (branch, id),
    FOREIGN KEY (branch, created_by) REFERENCES staff(branch, code)
);
ALTER SEQUENCE campaigns_id_seq OWNED BY campaigns.id;

CREATE TABLE campaign_sends (
    branch      TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    campaign_id BIGINT NOT NULL,
    client_id   BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    by          TEXT NOT NULL,
    PRIMARY KEY (branch, campaign_id, client_id),
    FOREIGN KEY (branch, campaign_id) REFERENCES campaigns(branch, id),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id),
    FOREIGN KEY (branch, by) REFERENCES staff(branch, code)
);

CREATE TABLE cross_sell_shown (
    branch     TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    ticket_id  BIGINT NOT NULL,
    trigger    TEXT NOT NULL,
    need       TEXT NOT NULL,
    day        TEXT NOT NULL,
    shown_at   BIGINT NOT NULL,
    PRIMARY KEY (branch, ticket_id, trigger),
    FOREIGN KEY (branch, ticket_id) REFERENCES tickets(branch, id)
);

-- card_id was SQLite's rowid (INTEGER PRIMARY KEY): always given, the card's
-- id, so no sequence; NOT NULL as a rowid is.
CREATE TABLE cross_sell_cards (
    branch     TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    card_id    BIGINT NOT NULL,
    ticket_id  BIGINT NOT NULL,
    trigger    TEXT NOT NULL,
    PRIMARY KEY (branch, card_id),
    FOREIGN KEY (branch, card_id) REFERENCES cards(branch, id),
    FOREIGN KEY (branch, ticket_id) REFERENCES tickets(branch, id)
);

-- SQLite's name_positions (the numbers 1 to 64, a name's character
-- positions) is not needed: the grams are cut with generate_series(1, 64).
CREATE TABLE client_grams (
    branch     TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    client_id  BIGINT NOT NULL,
    gram       TEXT NOT NULL,
    last_visit BIGINT,
    PRIMARY KEY (branch, client_id, gram),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id)
);

CREATE TABLE day_figures (
    branch  TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    day     TEXT NOT NULL,               -- YYYY-MM-DD, a day in day_closes
    version BIGINT NOT NULL,             -- the layout of `rows` and `waits`
    rows    TEXT NOT NULL,
    waits   BYTEA NOT NULL,
    PRIMARY KEY (branch, day)
);

CREATE TABLE service_minutes (
    branch  TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    day     TEXT NOT NULL,               -- YYYY-MM-DD, the tickets' day
    service TEXT NOT NULL,
    visits  BIGINT NOT NULL,
    seconds BIGINT NOT NULL,
    PRIMARY KEY (branch, day, service)
);

CREATE TABLE day_targets (
    branch TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    day    TEXT NOT NULL,                -- YYYY-MM-DD, a day in day_closes
    rows   TEXT NOT NULL,
    PRIMARY KEY (branch, day)
);

CREATE TABLE prospect_grams (
    branch     TEXT NOT NULL DEFAULT lobbydesk_branch() REFERENCES branches(code),
    gram       TEXT NOT NULL,
    client_id  BIGINT NOT NULL,
    PRIMARY KEY (branch, gram, client_id),
    FOREIGN KEY (branch, client_id) REFERENCES clients(branch, id)
);

-- ---------------------------------------------------------------- indexes

CREATE INDEX tickets_day_status ON tickets(branch, day, status);
CREATE INDEX tickets_client ON tickets(branch, client_id, arrived_at);
CREATE INDEX tickets_day_call ON tickets(branch, day, call_seq);
CREATE INDEX tickets_open ON tickets(branch, day)
    WHERE status IN ('waiting', 'called', 'serving', 'on_hold');

CREATE INDEX events_record ON events(branch, record, record_id);

CREATE INDEX cards_line_status ON cards(branch, line, status, created_at);
CREATE INDEX cards_client_line ON cards(branch, client_id, line);
CREATE INDEX cards_root ON cards(branch, root_id);
CREATE INDEX cards_created ON cards(branch, created_at);
CREATE INDEX cards_line_outcome ON cards(branch, line, outcome_at);
CREATE INDEX cards_status_line ON cards(branch, status, line);
CREATE INDEX cards_status_outcome ON cards(branch, status, outcome_at);
CREATE INDEX cards_accepted ON cards(branch, accepted_at);
CREATE INDEX cards_outcome ON cards(branch, outcome_at);
CREATE INDEX cards_client_created ON cards(branch, client_id, created_at);
CREATE INDEX cards_chain_funnel
    ON cards(branch, created_at, chain_accepted, chain_contracted, chain_cents)
    WHERE parent_id IS NULL;
CREATE INDEX cards_referrer_created ON cards(branch, referrer, created_at, root_id);
CREATE INDEX cards_referrer_accepted ON cards(branch, referrer, accepted_at, root_id);
CREATE INDEX cards_referrer_outcome ON cards(branch, referrer, outcome_at, root_id);
CREATE INDEX cards_referred_by_created ON cards(branch, referred_by, created_at);
CREATE INDEX cards_closer_outcome ON cards(branch, coalesce(closed_by, receiver), outcome_at)
    WHERE status = 'contracted';
CREATE INDEX cards_referrer_root
    ON cards(branch, referrer, root_id, created_at, accepted_at, outcome_at);
CREATE INDEX cards_pair
    ON cards(branch, created_at, referrer, line, assigned_to, accepted_at, status)
    WHERE via_pair = 1 AND assigned_to IS NOT NULL;

CREATE INDEX prospects_stage_due ON prospects(branch, stage, next_due);
CREATE INDEX prospects_owner ON prospects(branch, owner, stage);
CREATE INDEX prospects_ended ON prospects(branch, ended_at);
CREATE INDEX prospects_ended_due ON prospects(branch, next_due, ended_at DESC)
    WHERE stage != 'open';
CREATE INDEX prospects_ended_at_due ON prospects(branch, ended_at, next_due)
    WHERE stage != 'open';
CREATE INDEX prospects_owner_due ON prospects(branch, owner, next_due) WHERE stage = 'open';
CREATE INDEX prospects_client
    ON prospects(branch, client_id, stage, ended_at, next_due, owner, line);
CREATE INDEX prospects_listed
    ON prospects(branch, client_id, stage, ended_at, next_due, owner, line)
    WHERE listed = 1;
CREATE INDEX prospects_lost ON prospects(branch, ended_at, end_reason) WHERE stage = 'lost';

CREATE INDEX contacts_prospect ON contacts(branch, prospect_id, at);
CREATE INDEX contacts_at ON contacts(branch, at);
CREATE INDEX contacts_by_at ON contacts(branch, "by", at);

CREATE INDEX notices_staff ON notices(branch, to_staff, id) WHERE to_staff IS NOT NULL;
CREATE INDEX notices_role ON notices(branch, to_role, id) WHERE to_role IS NOT NULL;
CREATE UNIQUE INDEX notices_once ON notices(branch, kind, record, record_id, detail,
    coalesce(to_staff, ''), coalesce(to_role, ''));

CREATE INDEX targets_period ON targets(branch, period);

CREATE UNIQUE INDEX counter_pauses_open ON counter_pauses(branch, counter)
    WHERE reopened_at IS NULL;
CREATE INDEX counter_pauses_day ON counter_pauses(branch, day, counter);

CREATE INDEX appointments_day ON appointments(branch, day, status);
CREATE INDEX appointments_due ON appointments(branch, status, at);
CREATE INDEX appointments_client ON appointments(branch, client_id);

CREATE INDEX complaints_status ON complaints(branch, status, due);
CREATE INDEX complaints_opened ON complaints(branch, opened_at);
CREATE INDEX complaints_resolved ON complaints(branch, resolved_at)
    WHERE resolved_at IS NOT NULL;
CREATE INDEX complaints_client ON complaints(branch, client_id);
CREATE INDEX complaints_ticket ON complaints(branch, ticket_id);

CREATE INDEX ratings_at ON ratings(branch, rated_at);

CREATE INDEX campaign_sends_client ON campaign_sends(branch, client_id, at);

CREATE INDEX cross_sell_shown_day ON cross_sell_shown(branch, day);

CREATE INDEX client_grams_gram ON client_grams(branch, gram, last_visit, client_id);

-- SQLite's substr(mobile, -4) (the last four characters) is right(mobile, 4)
-- here: PostgreSQL's substr counts a negative start before the first
-- character. A query must say right(mobile, 4) to use this index.
CREATE INDEX clients_mobile_last4 ON clients(branch, right(mobile, 4), last_visit);

-- The same columns as the keys (in SQLite the keys of WITHOUT ROWID tables
-- hold the whole rows); kept for the same names on both engines.
CREATE INDEX day_figures_day ON day_figures(branch, day);
CREATE INDEX day_targets_day ON day_targets(branch, day);

-- ---------------------------------------------------------------- triggers
--
-- Each SQLite trigger is a function and a trigger of the same name, working
-- within the row's branch. PostgreSQL fires row triggers of one event in
-- the order of their names, SQLite the newest first: where the order
-- matters (service_minutes_change_in before _out) the two agree.

-- A client's visits and last visit, on the ticket's arrival (and when a
-- ticket is given to another client, or to a client later).
CREATE FUNCTION client_visit_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE clients SET visits = visits + 1,
        last_visit = greatest(coalesce(last_visit, NEW.arrived_at), NEW.arrived_at)
    WHERE branch = NEW.branch AND id = NEW.client_id;
    RETURN NULL;
END $$;
CREATE TRIGGER client_visit_add AFTER INSERT ON tickets
FOR EACH ROW WHEN (NEW.client_id IS NOT NULL)
EXECUTE FUNCTION client_visit_add();

CREATE FUNCTION client_visit_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE clients SET visits = visits - 1,
        last_visit = (SELECT max(t.arrived_at) FROM tickets t
                      WHERE t.branch = OLD.branch AND t.client_id = OLD.client_id)
    WHERE branch = OLD.branch AND id = OLD.client_id;
    UPDATE clients SET visits = visits + 1,
        last_visit = (SELECT max(t.arrived_at) FROM tickets t
                      WHERE t.branch = NEW.branch AND t.client_id = NEW.client_id)
    WHERE branch = NEW.branch AND id = NEW.client_id;
    RETURN NULL;
END $$;
CREATE TRIGGER client_visit_move AFTER UPDATE OF client_id ON tickets
FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id)
EXECUTE FUNCTION client_visit_move();

CREATE FUNCTION client_visit_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE clients SET visits = visits - 1,
        last_visit = (SELECT max(t.arrived_at) FROM tickets t
                      WHERE t.branch = OLD.branch AND t.client_id = OLD.client_id)
    WHERE branch = OLD.branch AND id = OLD.client_id;
    RETURN NULL;
END $$;
CREATE TRIGGER client_visit_remove AFTER DELETE ON tickets
FOR EACH ROW WHEN (OLD.client_id IS NOT NULL)
EXECUTE FUNCTION client_visit_remove();

-- The name index's entries of a name, as SQLite's triggers cut them: each
-- character at positions 1-64 and each pair starting there, lower-cased,
-- once each. SQLite's lower() (built without ICU) folds only A-Z, as the
-- application's to_ascii_lowercase does; PostgreSQL's lower() would also fold
-- other letters (É, Ａ, Σ) by the locale, hence translate().
CREATE FUNCTION lobbydesk_name_grams(name TEXT) RETURNS SETOF TEXT
LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT translate(substr(name, n, 1),
                     'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
    FROM generate_series(1, 64) AS n WHERE n <= length(name)
    UNION
    SELECT translate(substr(name, n, 2),
                     'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
    FROM generate_series(1, 64) AS n WHERE n < length(name)
$$;

CREATE FUNCTION client_grams_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO client_grams (branch, client_id, gram, last_visit)
    SELECT NEW.branch, NEW.id, g, NEW.last_visit FROM lobbydesk_name_grams(NEW.name) AS g
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER client_grams_add AFTER INSERT ON clients
FOR EACH ROW WHEN (NEW.name IS NOT NULL AND NEW.name <> '')
EXECUTE FUNCTION client_grams_add();

CREATE FUNCTION client_grams_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM client_grams WHERE branch = OLD.branch AND client_id = OLD.id;
    INSERT INTO client_grams (branch, client_id, gram, last_visit)
    SELECT NEW.branch, NEW.id, g, NEW.last_visit FROM lobbydesk_name_grams(NEW.name) AS g
    WHERE NEW.name <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER client_grams_rename AFTER UPDATE OF name ON clients
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION client_grams_rename();

CREATE FUNCTION client_grams_visit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE client_grams SET last_visit = NEW.last_visit
    WHERE branch = NEW.branch AND client_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER client_grams_visit AFTER UPDATE OF last_visit ON clients
FOR EACH ROW WHEN (OLD.last_visit IS DISTINCT FROM NEW.last_visit)
EXECUTE FUNCTION client_grams_visit();

-- BEFORE, not AFTER as in SQLite: SQLite checks a foreign key at the end of
-- the statement, after its triggers, but PostgreSQL's check would run before
-- an AFTER trigger and refuse the client whose entries are still there.
CREATE FUNCTION client_grams_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM client_grams WHERE branch = OLD.branch AND client_id = OLD.id;
    RETURN OLD;
END $$;
CREATE TRIGGER client_grams_remove BEFORE DELETE ON clients
FOR EACH ROW EXECUTE FUNCTION client_grams_remove();

-- Each day's visits that ended after a call, per service (the one a ticket
-- was transferred to, else its own): how many, and their seconds.
CREATE FUNCTION service_minutes_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO service_minutes AS m (branch, day, service, visits, seconds)
    VALUES (NEW.branch, NEW.day, coalesce(NEW.transferred_to, NEW.service), 1,
        NEW.finished_at - NEW.called_at)
    ON CONFLICT (branch, day, service) DO UPDATE
    SET visits = m.visits + 1, seconds = m.seconds + excluded.seconds;
    RETURN NULL;
END $$;
CREATE TRIGGER service_minutes_add AFTER INSERT ON tickets
FOR EACH ROW WHEN (NEW.status IN ('done', 'no_show') AND NEW.called_at IS NOT NULL
    AND NEW.finished_at IS NOT NULL)
EXECUTE FUNCTION service_minutes_add();

CREATE FUNCTION service_minutes_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE service_minutes SET visits = visits - 1,
        seconds = seconds - (OLD.finished_at - OLD.called_at)
    WHERE branch = OLD.branch AND day = OLD.day
      AND service = coalesce(OLD.transferred_to, OLD.service);
    RETURN NULL;
END $$;
CREATE TRIGGER service_minutes_remove AFTER DELETE ON tickets
FOR EACH ROW WHEN (OLD.status IN ('done', 'no_show') AND OLD.called_at IS NOT NULL
    AND OLD.finished_at IS NOT NULL)
EXECUTE FUNCTION service_minutes_remove();

-- A change takes the ticket's old visit out and puts its new one in.
CREATE FUNCTION service_minutes_change_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE service_minutes SET visits = visits - 1,
        seconds = seconds - (OLD.finished_at - OLD.called_at)
    WHERE branch = OLD.branch AND day = OLD.day
      AND service = coalesce(OLD.transferred_to, OLD.service);
    RETURN NULL;
END $$;
CREATE TRIGGER service_minutes_change_out
AFTER UPDATE OF day, service, transferred_to, status, called_at, finished_at ON tickets
FOR EACH ROW WHEN (OLD.status IN ('done', 'no_show') AND OLD.called_at IS NOT NULL
    AND OLD.finished_at IS NOT NULL)
EXECUTE FUNCTION service_minutes_change_out();

CREATE FUNCTION service_minutes_change_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO service_minutes AS m (branch, day, service, visits, seconds)
    VALUES (NEW.branch, NEW.day, coalesce(NEW.transferred_to, NEW.service), 1,
        NEW.finished_at - NEW.called_at)
    ON CONFLICT (branch, day, service) DO UPDATE
    SET visits = m.visits + 1, seconds = m.seconds + excluded.seconds;
    RETURN NULL;
END $$;
CREATE TRIGGER service_minutes_change_in
AFTER UPDATE OF day, service, transferred_to, status, called_at, finished_at ON tickets
FOR EACH ROW WHEN (NEW.status IN ('done', 'no_show') AND NEW.called_at IS NOT NULL
    AND NEW.finished_at IS NOT NULL)
EXECUTE FUNCTION service_minutes_change_in();

-- The funnel of a referral chain kept on its original card. SQLite's
-- comparisons are the integers 0/1 (max() of them, NULL over no card) and
-- its sum() of integers an integer: here the booleans are cast to integers
-- and the sum (numeric) to BIGINT.
CREATE FUNCTION cards_chain_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cards c SET (chain_accepted, chain_contracted, chain_cents) = (
        SELECT max((k.accepted_at IS NOT NULL)::int), max((k.status = 'contracted')::int),
               sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END)::bigint
        FROM cards k WHERE k.branch = NEW.branch AND k.root_id = NEW.root_id)
    WHERE c.branch = NEW.branch AND c.id = NEW.root_id;
    RETURN NULL;
END $$;
CREATE TRIGGER cards_chain_insert AFTER INSERT ON cards
FOR EACH ROW WHEN (NEW.root_id IS NOT NULL)
EXECUTE FUNCTION cards_chain_insert();

CREATE FUNCTION cards_chain_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cards c SET (chain_accepted, chain_contracted, chain_cents) = (
        SELECT max((k.accepted_at IS NOT NULL)::int), max((k.status = 'contracted')::int),
               sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END)::bigint
        FROM cards k WHERE k.branch = c.branch AND k.root_id = c.id)
    WHERE c.branch = NEW.branch AND c.id = NEW.root_id
       OR c.branch = OLD.branch AND c.id = OLD.root_id;
    RETURN NULL;
END $$;
CREATE TRIGGER cards_chain_update
AFTER UPDATE OF accepted_at, status, amount_cents, root_id ON cards
FOR EACH ROW EXECUTE FUNCTION cards_chain_update();

CREATE FUNCTION cards_chain_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cards c SET (chain_accepted, chain_contracted, chain_cents) = (
        SELECT max((k.accepted_at IS NOT NULL)::int), max((k.status = 'contracted')::int),
               sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END)::bigint
        FROM cards k WHERE k.branch = c.branch AND k.root_id = c.id)
    WHERE c.branch = OLD.branch AND c.id = OLD.root_id;
    RETURN NULL;
END $$;
CREATE TRIGGER cards_chain_delete AFTER DELETE ON cards
FOR EACH ROW WHEN (OLD.root_id IS NOT NULL)
EXECUTE FUNCTION cards_chain_delete();

-- The name index of the clients on the Follow-ups list.
CREATE FUNCTION prospect_grams_prospect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO prospect_grams (branch, gram, client_id)
    SELECT branch, gram, client_id FROM client_grams
    WHERE branch = NEW.branch AND client_id = NEW.client_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER prospect_grams_prospect AFTER INSERT ON prospects
FOR EACH ROW EXECUTE FUNCTION prospect_grams_prospect();

CREATE FUNCTION prospect_grams_client() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO prospect_grams (branch, gram, client_id)
    SELECT branch, gram, client_id FROM client_grams
    WHERE branch = NEW.branch AND client_id = NEW.client_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER prospect_grams_client AFTER UPDATE OF client_id ON prospects
FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id)
EXECUTE FUNCTION prospect_grams_client();

-- SQLite's WHEN EXISTS (...): a trigger's WHEN takes no subquery here, so
-- the function tests it.
CREATE FUNCTION prospect_grams_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM prospects
               WHERE branch = NEW.branch AND client_id = NEW.client_id) THEN
        INSERT INTO prospect_grams (branch, gram, client_id)
        VALUES (NEW.branch, NEW.gram, NEW.client_id)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER prospect_grams_add AFTER INSERT ON client_grams
FOR EACH ROW EXECUTE FUNCTION prospect_grams_add();

CREATE FUNCTION prospect_grams_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM prospect_grams
    WHERE branch = OLD.branch AND gram = OLD.gram AND client_id = OLD.client_id;
    RETURN NULL;
END $$;
CREATE TRIGGER prospect_grams_remove AFTER DELETE ON client_grams
FOR EACH ROW EXECUTE FUNCTION prospect_grams_remove();

CREATE FUNCTION prospect_grams_reopen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO prospect_grams (branch, gram, client_id)
    SELECT branch, gram, client_id FROM client_grams
    WHERE branch = NEW.branch AND client_id = NEW.client_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER prospect_grams_reopen AFTER UPDATE OF stage ON prospects
FOR EACH ROW WHEN (NEW.stage = 'open' AND OLD.stage != 'open')
EXECUTE FUNCTION prospect_grams_reopen();

-- A prospect ended or opened again is listed again.
CREATE FUNCTION prospects_listed_again() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE prospects SET listed = 1 WHERE branch = NEW.branch AND id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER prospects_listed_again AFTER UPDATE OF stage, ended_at ON prospects
FOR EACH ROW WHEN (NEW.listed = 0)
EXECUTE FUNCTION prospects_listed_again();
