//! The server enforces who may do what: each role signs in with the real
//! `psql` under its own PostgreSQL login and tries what the application
//! would refuse it (and one thing it may do, so a test fails both ways).
//! Two branches share the database; an office login reads both.

mod support;

use std::process::Output;
use std::thread;
use std::time::Duration;

use lobbydesk::store::events::{event_hash, GENESIS};
use support::pg::{admin_url, fresh_db, psql, TestDb};

/// B1's roster: head, lobby manager, teller, two wealth managers, a credit manager, a kiosk,
/// a display; B2's: a head, a teller. Each branch has a client and a waiting ticket; B1's
/// client is on both wealth managers' follow-ups, with a contact each.
const ROSTER: &str = "
INSERT INTO branches VALUES ('B1', '一支行'), ('B2', '二支行');
INSERT INTO staff (branch, code, name, roles, counter) VALUES
 ('B1', 'H01', '周建国', 'head', NULL), ('B1', 'L01', '陈静', 'lobby', NULL),
 ('B1', 'T01', '王芳', 'teller', 1), ('B1', 'W01', '刘洋', 'wealth', NULL),
 ('B1', 'W02', '孙悦', 'wealth', NULL), ('B1', 'C01', '赵磊', 'credit', NULL),
 ('B1', 'K01', '取号机', 'kiosk', NULL), ('B1', 'D01', '叫号屏', 'display', NULL),
 ('B2', 'H01', '钱多', 'head', NULL), ('B2', 'T01', '吴敏', 'teller', 1);
INSERT INTO settings (branch, id, version, body) VALUES ('B1', 1, 1, ''), ('B2', 1, 1, '');
INSERT INTO clients (branch, name, mobile, created_at)
 VALUES ('B1', '王小明', '13800000001', 0), ('B2', '李四', '13800000002', 0);
INSERT INTO tickets (branch, day, service, seq, number, priority, is_priority, client_id,
                     arrived_at, status)
 SELECT branch, '2026-11-23', 'A', 1, 'A001', 'normal', 0, id, 100, 'waiting' FROM clients;
INSERT INTO prospects (branch, client_id, owner, line, created_at)
 SELECT 'B1', id, o, l, 0 FROM clients, (VALUES ('W01', 'wealth'), ('W02', 'credit')) v (o, l)
 WHERE branch = 'B1';
INSERT INTO contacts (branch, prospect_id, at, by, channel, summary)
 SELECT 'B1', id, 0, owner, 'phone', '聊了理财' FROM prospects;";

/// The logins of B1 (`b1_h01` …), B2 (`b2_h01`, `b2_t01`) and the office.
const LOGINS: &str = "B1:H01 B1:L01 B1:T01 B1:W01 B1:W02 B1:C01 B1:K01 B1:D01 B2:H01 B2:T01";

/// A fresh database of two branches, a login for each person (named after
/// the database: logins belong to the whole server), dropped after.
struct Branches {
    db: TestDb,
    logins: Vec<String>,
}

impl Branches {
    fn new(tag: &str) -> Branches {
        let db = fresh_db(tag);
        let mut sql = ROSTER.to_string();
        let mut logins = Vec::new();
        for (branch, code) in LOGINS.split(' ').filter_map(|l| l.split_once(':')) {
            let login = format!("{}_{branch}_{code}", db.name).to_lowercase();
            sql += &format!("SELECT lobbydesk_add_login('{login}', '{branch}', '{code}');");
            logins.push(login);
        }
        let office = format!("{}_office", db.name);
        sql += &format!("SELECT lobbydesk_add_office_login('{office}');");
        logins.push(office);
        for login in &logins {
            sql += &format!("ALTER ROLE {login} PASSWORD 'pw-{login}';");
        }
        db.admin_sql(&sql);
        Branches { db, logins }
    }

    /// As `who` (`b1_t01`, `b2_h01`, `office`…).
    fn psql(&self, who: &str, sql: &str) -> Output {
        let login = format!("{}_{who}", self.db.name);
        psql(&self.db.url_as(&login, &format!("pw-{login}")), sql)
    }

    /// What `who` may do: it succeeds; its output, trimmed.
    fn may(&self, who: &str, sql: &str) -> String {
        let out = self.psql(who, sql);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{who} should be allowed: {sql}\n{said}"
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// What `who` may not do: psql fails, and the server says `why`.
    fn refused(&self, who: &str, sql: &str, why: &str) {
        let out = self.psql(who, sql);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{who} should be refused: {sql}");
        assert!(
            said.contains(why),
            "{who}: {sql}\nexpected {why:?}, got: {said}"
        );
    }

    /// Runs lines `who: SQL => expected` (`who`: logins, space-separated;
    /// `expected`: `= output` with rows joined by `;`, `ok`, or `! words of
    /// the refusal`). An indented line continues one; `--` is a comment.
    fn script(&self, text: &str) {
        let mut lines: Vec<String> = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match (line.starts_with(' '), lines.last_mut()) {
                (true, Some(last)) => *last += line,
                _ if line.starts_with("--") => {}
                _ => lines.push(line.to_string()),
            }
        }
        for line in lines {
            let (whos, rest) = line.split_once(": ").expect("who: SQL => expected");
            let (sql, expected) = rest.rsplit_once(" => ").expect("SQL => expected");
            for who in whos.split(' ') {
                match expected.split_at(1) {
                    ("!", why) => self.refused(who, sql, why.trim()),
                    ("=", out) => {
                        let got = self.may(who, sql).replace('\n', ";");
                        assert_eq!(got, out.trim(), "{who}: {sql}");
                    }
                    _ => drop(self.may(who, sql)),
                }
            }
        }
    }

    fn admin(&self, sql: &str) -> String {
        self.db.admin_sql(sql).trim().to_string()
    }

    /// B1's chain head as the administrator reads it.
    fn head(&self) -> (i64, String) {
        let sql = "SELECT id || '|' || hash FROM events WHERE branch = 'B1' ORDER BY id DESC";
        match self.admin(&format!("{sql} LIMIT 1")).split_once('|') {
            Some((id, hash)) => (id.parse().unwrap(), hash.to_string()),
            None => (0, GENESIS.to_string()),
        }
    }
}

impl Drop for Branches {
    fn drop(&mut self) {
        let sql = format!("DROP ROLE IF EXISTS {}", self.logins.join(", "));
        let _ = psql(&admin_url(), &sql);
    }
}

/// The INSERT of `actor`'s event of `kind` about record `id` (an SQL
/// expression), chained and hashed on the server after the head (`id,
/// hash`) that the query `head` gives.
fn on_server(actor: &str, kind: &str, id: &str, head: &str) -> String {
    let record = kind.split('.').next().unwrap();
    let v = format!("'{actor}', '{kind}', '{record}', {id}, '{{}}'");
    format!(
        "INSERT INTO events (id, at, actor, kind, record, record_id, details, hash)
         SELECT h.id + 1, 0, {v}, lobbydesk_event_hash(h.hash, h.id + 1, 0, {v}) FROM ({head}) h"
    )
}

/// The head as the application reads it, taking the branch's write lock.
const CHAIN_HEAD: &str = "SELECT * FROM lobbydesk_chain_head()";

/// The administrator writes B1's first events: a ticket's and prospects'.
fn some_events(b: &Branches) {
    let mut sql = "SET lobbydesk.branch = 'B1';".to_string();
    for (actor, kind) in [("T01", "ticket.add"), ("T01", "ticket.call")] {
        sql += &format!("{};", on_server(actor, kind, "1", CHAIN_HEAD));
    }
    for owner in ["W01", "W02"] {
        let id = format!("(SELECT id FROM prospects WHERE owner = '{owner}')");
        sql += &format!("{};", on_server(owner, "prospect.add", &id, CHAIN_HEAD));
    }
    b.admin(&sql);
}

/// T01's event `id` of B1 about client `client`, with `hash`.
fn teller_event(id: i64, client: Option<i64>, details: &str, hash: &str) -> String {
    let client = client.map_or("NULL".to_string(), |c| c.to_string());
    format!(
        "INSERT INTO events (id, at, actor, kind, record, record_id, details, hash)
         VALUES ({id}, 1795000000, 'T01', 'client.update', 'client', {client}, '{details}',
                 '{hash}')"
    )
}

/// The hash the application gives that event after `prev`.
fn teller_hash(prev: &str, id: i64, client: Option<i64>, details: &str) -> String {
    let (who, kind, at) = ("T01", "client.update", 1795000000);
    event_hash(prev, id, at, who, kind, "client", client, details)
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_the_event_trail_takes_inserts_only() {
    let b = Branches::new("trail");
    some_events(&b);
    b.script(&format!(
        "
b1_t01 b1_h01: UPDATE events SET kind = 'x' WHERE id = 1 => ! permission denied for table
b1_t01 b1_h01: DELETE FROM events WHERE id = 2 => ! permission denied for table events
b1_t01 b1_h01: TRUNCATE events => ! permission denied for table events
-- Nobody writes as someone else, nor the head's events (the roster's) but the head.
b1_t01: {} => ! W01 is not T01
b1_t01: {} => ! T01 may not write a staff.add event
b1_t01: {} => ok",
        on_server("W01", "ticket.start", "1", CHAIN_HEAD),
        on_server("T01", "staff.add", "1", CHAIN_HEAD),
        on_server("T01", "ticket.start", "1", CHAIN_HEAD),
    ));
    // Not even the administrator changes history.
    for sql in "UPDATE events SET at = 0;DELETE FROM events;TRUNCATE events".split(';') {
        let said = String::from_utf8_lossy(&psql(&b.db.admin_url, sql).stderr).to_string();
        assert!(said.contains("events are append-only"), "{sql}: {said}");
    }
    assert_eq!(b.head().0, 5);
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_the_server_takes_the_hash_the_application_computes() {
    let b = Branches::new("hash");
    some_events(&b);
    let (last, prev) = b.head();
    let details = r#"{"fields":["name"],"note":"王小明 · ünï"}"#;
    let rust = teller_hash(&prev, last + 1, None, details);
    let sql = format!(
        "SELECT lobbydesk_event_hash('{prev}', {}, 1795000000, 'T01', 'client.update',
         'client', NULL, '{details}')",
        last + 1
    );
    assert_eq!(b.admin(&sql), rust, "the application's hash");
    // A wrong hash, or a skipped id: refused.
    let wrong: String = rust.chars().rev().collect();
    let e = teller_event(last + 1, None, details, &wrong);
    b.refused("b1_t01", &e, "does not chain");
    let skip = teller_hash(&prev, last + 2, None, details);
    let e = teller_event(last + 2, None, details, &skip);
    b.refused("b1_t01", &e, &format!("the next event is {}", last + 1));
    // The right one is taken, and the next chains after it.
    b.may("b1_t01", &teller_event(last + 1, None, details, &rust));
    let next = teller_hash(&rust, last + 2, Some(7), "{}");
    b.may("b1_t01", &teller_event(last + 2, Some(7), "{}", &next));
    assert_eq!(b.head(), (last + 2, next));
    // B2's trail is a chain of its own, from the genesis hash.
    let first = teller_hash(GENESIS, 1, None, "{}");
    b.may("b2_t01", &teller_event(1, None, "{}", &first));
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_two_sessions_never_take_the_same_event_id() {
    let b = Branches::new("race");
    // Each session reads the head, then slowly writes its event after it.
    let race = |head: &str| {
        let slowly = format!("SELECT h.* FROM ({head}) h, LATERAL pg_sleep(2.5 + 0 * h.id)");
        let (first, second) = (
            on_server("T01", "ticket.call", "1", &slowly),
            on_server("L01", "ticket.call", "1", &slowly),
        );
        thread::scope(|s| {
            let a = s.spawn(|| b.psql("b1_t01", &first));
            thread::sleep(Duration::from_millis(500));
            let c = s.spawn(|| b.psql("b1_l01", &second));
            (a.join().unwrap(), c.join().unwrap())
        })
    };
    let said = |o: &Output| String::from_utf8_lossy(&o.stderr).to_string();
    // lobbydesk_chain_head takes the branch's lock: the second waits.
    let (a, c) = race(CHAIN_HEAD);
    let both = a.status.success() && c.status.success();
    assert!(both, "{}{}", said(&a), said(&c));
    assert_eq!(b.head().0, 2, "one after the other");
    // Read without it, both take event 2 as the head: the second is refused.
    let (a, c) = race(
        "SELECT coalesce(max(id), 0) AS id, (SELECT hash FROM events WHERE id = 2) AS hash
         FROM events",
    );
    assert!(a.status.success(), "{}", said(&a));
    let refused = !c.status.success() && said(&c).contains("the next event is 4");
    assert!(refused, "{}", said(&c));
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_only_the_head_changes_the_roster_and_the_settings() {
    let b = Branches::new("roster");
    b.script(
        "
-- A teller, a line's manager and the lobby manager change none of them.
b1_t01 b1_w01 b1_l01: UPDATE staff SET roles = 'head' WHERE code = 'T01'
    => ! only the branch head may
b1_t01 b1_w01 b1_l01: INSERT INTO staff (code, name, roles) VALUES ('X1', 'x', 'head')
    => ! only the branch head may
b1_t01 b1_w01 b1_l01: DELETE FROM staff WHERE code = 'W02' => ! only the branch head may
b1_t01 b1_w01 b1_l01: UPDATE settings SET body = 'x', version = 2
    => ! only the branch head may
b1_t01 b1_w01 b1_l01: INSERT INTO pairs VALUES ('B1', 'T01', 'wealth', 'W01', 0)
    => ! only the branch head may
b1_t01 b1_w01 b1_l01: INSERT INTO targets (whom_kind, whom_code, measure, period, value,
    set_by, set_at) VALUES ('person', 'T01', 'referrals', '2026-11', 5, 'H01', 0)
    => ! only the branch head may
b1_t01: SELECT pin_hash FROM staff => ! permission denied
-- The head may, in their own branch only.
b1_h01: UPDATE staff SET name = '王芳芳' WHERE code = 'T01' => ok
b1_h01: UPDATE settings SET body = 'x', version = 2 => ok
b1_h01: INSERT INTO pairs (teller, line, manager, set_at) VALUES ('T01', 'wealth', 'W01', 0)
    => ok
b1_t01: SELECT name FROM staff WHERE code = 'T01' => = 王芳芳
b1_h01: WITH u AS (UPDATE staff SET name = 'x' WHERE branch = 'B2' RETURNING 1)
    SELECT count(*) FROM u => = 0
-- Deactivated, a login does nothing at all.
b1_h01: UPDATE staff SET active = 0 WHERE code = 'T01' => ok
b1_t01: SELECT count(*) FROM tickets => = 0
b1_t01: INSERT INTO clients (name, created_at) VALUES ('x', 0) => ! only a desk",
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_manager_reads_only_their_own_prospects() {
    let b = Branches::new("prospects");
    some_events(&b);
    let w02 = b.admin("SELECT id FROM prospects WHERE owner = 'W02'");
    b.script(
        &"
b1_w01: SELECT owner FROM prospects => = W01
b1_w02: SELECT owner FROM prospects => = W02
-- The head reads all of them; a teller, the lobby, a display, a kiosk own none.
b1_h01: SELECT string_agg(owner, ',' ORDER BY owner) FROM prospects => = W01,W02
b1_t01 b1_l01 b1_d01 b1_k01: SELECT count(*) FROM prospects => = 0
-- Nor their contacts, nor their history in the trail.
b1_w01: SELECT count(*) FROM contacts => = 1
b1_w01: SELECT count(*) FROM contacts WHERE prospect_id = {w02} => = 0
b1_h01: SELECT count(*) FROM contacts => = 2
b1_w01: SELECT count(*) FROM events WHERE record = 'prospect' => = 1
b1_h01: SELECT count(*) FROM events WHERE record = 'prospect' => = 2
-- Nor work them, nor take one over, nor log a contact on another's.
b1_w01: WITH u AS (UPDATE prospects SET stage = 'won' WHERE id = {w02} RETURNING 1)
    SELECT count(*) FROM u => = 0
b1_w01: UPDATE prospects SET owner = 'W02' => ! row-level security
b1_w01: INSERT INTO contacts (prospect_id, at, by, channel, summary)
    VALUES ({w02}, 0, 'W01', 'phone', 'x') => ! row-level security
-- Whose the client's other prospects are (never a third marketer), not what they hold.
b1_w01: SELECT string_agg(owner, ',') FROM lobbydesk_prospect_owners((SELECT id FROM clients))
    => = W01,W02
-- Their own they work; the head gives them another's.
b1_w01: UPDATE prospects SET next_due = '2026-12-01' => ok
b1_h01: UPDATE prospects SET owner = 'W01' WHERE id = {w02} => ok
b1_w01: SELECT count(*) FROM prospects => = 2"
            .replace("{w02}", &w02),
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_display_only_reads_the_queue() {
    let b = Branches::new("display");
    some_events(&b);
    b.script(&format!(
        "
b1_d01: SELECT number FROM tickets => = A001
b1_d01: SELECT count(*) FROM clients => = 0
b1_d01: SELECT number || ':' || coalesce(c.name, '-') FROM tickets t
    LEFT JOIN clients c ON c.id = t.client_id => = A001:-
-- Of the trail, the calls only (what the board rings and says).
b1_d01: SELECT string_agg(kind, ',') FROM events => = ticket.call
b1_d01: SELECT count(*) FROM staff => = 1
b1_d01: INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
    status) VALUES ('2026-11-23', 'A', 2, 'A002', 'normal', 0, 1, 'waiting')
    => ! only a desk that serves or a kiosk may
b1_d01: UPDATE tickets SET status = 'called' => ! only a desk
b1_d01: INSERT INTO counter_pauses (day, counter, reason, paused_at, paused_by)
    VALUES ('2026-11-23', 1, 'lunch', 0, 'D01') => ! only a desk
b1_d01: {} => ! only a desk or a kiosk",
        on_server("D01", "ticket.call", "1", CHAIN_HEAD)
    ));
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_kiosk_only_adds_walkins() {
    let b = Branches::new("kiosk");
    b.script(&format!(
        "
b1_k01: SELECT count(*) FROM clients => = 0
b1_k01: UPDATE tickets SET status = 'called' => ! only a desk
b1_k01: UPDATE clients SET name = 'x' => ! only a desk
-- A walk-in: its client by mobile (another's name: refused, masked) or new, ticket, request, event.
b1_k01: SELECT client_id > 0, created, coalesce(taken_by, '-')
    FROM lobbydesk_walkin_client('王大明', '13800000001', 5) => = t|f|王*明
b1_k01: SELECT created FROM lobbydesk_walkin_client('赵六', '13900000009', 5) => = t
b1_d01: SELECT created FROM lobbydesk_walkin_client('赵六', '13900000009', 5)
    => ! only a kiosk or a desk that serves
b1_k01: INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
    status) VALUES ('2026-11-23', 'A', 2, 'A002', 'normal', 0, 1, 'waiting')
    RETURNING number => = A002
b1_k01: INSERT INTO requests (day, id, ticket_id, at)
    SELECT '2026-11-23', 'req-1', id, 1 FROM tickets WHERE number = 'A002' => ok
b1_k01: {} => ok
-- Nothing more: no ticket but a waiting one, no other event, no trail read.
b1_k01: INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
    status, counter) VALUES ('2026-11-23', 'A', 3, 'A003', 'normal', 0, 1, 'called', 1)
    => ! row-level security
b1_k01: {} => ! K01 may not write a card.add event
b1_k01: SELECT count(*) FROM events => = 0",
        on_server("K01", "ticket.add", "2", CHAIN_HEAD),
        on_server("K01", "card.add", "1", CHAIN_HEAD),
    ));
    assert_eq!(b.head().0, 1, "the kiosk's ticket.add");
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_branch_sees_and_writes_its_own_rows_only() {
    let b = Branches::new("branches");
    b.script(
        "
b1_t01: SELECT string_agg(DISTINCT branch, ',') FROM tickets => = B1
b2_t01: SELECT string_agg(DISTINCT branch, ',') FROM tickets => = B2
b1_t01: SELECT string_agg(name, ',') FROM clients => = 王小明
-- A staff login's session branch is its login's, whatever it sets.
b1_t01: SET lobbydesk.branch = 'B2'; SELECT string_agg(DISTINCT branch, ',') FROM tickets
    => = B1
b1_t01: WITH u AS (UPDATE tickets SET status = 'called' WHERE branch = 'B2' RETURNING 1)
    SELECT count(*) FROM u => = 0
b1_t01: INSERT INTO tickets (branch, day, service, seq, number, priority, is_priority,
    arrived_at, status) VALUES ('B2', '2026-11-23', 'A', 9, 'A009', 'normal', 0, 1, 'waiting')
    => ! row-level security
b1_t01: INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
    status) VALUES ('2026-11-23', 'A', 9, 'A009', 'normal', 0, 1, 'waiting') => ok
-- Nobody shadows the logins with a temporary table, nor adds a login.
b1_h01: CREATE TEMP TABLE logins (login text) => ! permission denied
b1_h01: SELECT lobbydesk_add_login('someone', 'B1', 'T01') => ! permission denied",
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_the_office_reads_every_branch_and_writes_nothing() {
    let b = Branches::new("office");
    some_events(&b);
    b.script(
        "
office: SELECT string_agg(DISTINCT branch, ',' ORDER BY branch) FROM tickets => = B1,B2
office: SELECT count(*) FROM prospects => = 2
office: SELECT count(*) FROM events => = 4
office: SET lobbydesk.branch = 'B2'; SELECT string_agg(DISTINCT branch, ',') FROM tickets
    => = B2
office: UPDATE tickets SET status = 'called' => ! permission denied
office: INSERT INTO clients (branch, created_at) VALUES ('B1', 0) => ! permission denied
office: DELETE FROM prospects => ! permission denied
office: UPDATE settings SET body = '' => ! permission denied
office: INSERT INTO events (branch, id, at, actor, kind, record, hash)
    VALUES ('B1', 5, 0, 'H01', 'ticket.call', 'ticket', '') => ! permission denied
office: SELECT * FROM lobbydesk_chain_head() => ! only a staff login
office: SELECT * FROM lobbydesk_walkin_client('x', '1', 0) => ! only a kiosk",
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_every_desk_does_what_its_work_needs() {
    let b = Branches::new("desks");
    let card = "INSERT INTO cards (ticket_id, client_id, referrer, referred_by, line, need,
        consent, created_at, status) SELECT id, client_id, '{by}', '{by}', 'wealth',
        'deposit', 1, 0, 'new' FROM tickets";
    let close = "INSERT INTO day_closes (day, closed_at, closed_by, automatic, figures)
        VALUES ('2026-11-23', 0, '{by}', 0, '{}')";
    let campaign = "INSERT INTO campaigns (occasion, name, template, starts, ends, window_days,
        created_at, created_by) VALUES ('holiday', '元旦', '{name}', '2026-12-30',
        '2027-01-03', 30, 0, '{by}')";
    let by = |sql: &str, who: &str| sql.replace("{by}", who);
    b.script(&format!(
        "
-- A teller adds a client, not their record; makes a card in their own name.
b1_t01: INSERT INTO clients (name, mobile, created_at) VALUES ('张三', '13700000003', 0) => ok
b1_t01: UPDATE clients SET tier = 'vip' => ! only the branch head or a line's manager edits
b1_t01: UPDATE clients SET name = NULL => ! only the branch head anonymises
b1_t01: {} => ! row-level security
b1_t01: {} => ok
-- A wealth manager accepts it, edits the client's record, books a visit.
b1_w01: UPDATE cards SET receiver = 'W01', status = 'accepted' => ok
b1_w01: UPDATE clients SET tier = 'vip' WHERE name = '王小明' => ok
b1_w01: INSERT INTO appointments (client_id, day, time, at, line, booked_by, created_at)
    SELECT id, '2026-11-24', '10:00', 0, 'wealth', 'W01', 0 FROM clients LIMIT 1 => ok
b1_t01: INSERT INTO appointments (client_id, day, time, at, line, booked_by, created_at)
    SELECT id, '2026-11-24', '10:00', 0, 'wealth', 'T01', 0 FROM clients LIMIT 1
    => ! only the branch head or a line's manager may
-- The lobby manager closes the day in their own name; the head alone runs campaigns.
b1_l01: {} => ! row-level security
b1_l01: {} => ok
b1_w01: {} => ! only the branch head may
b1_h01: {} => ok",
        by(card, "W01"),
        by(card, "T01"),
        by(close, "H01"),
        by(close, "L01"),
        by(campaign, "W01"),
        by(campaign, "H01"),
    ));
}
