//! The end-of-day figures against a real SQLite file: a hand-made branch day
//! whose every figure is worked out by hand below, a range of two days, the
//! business-day boundary in local time, an empty day, the three exporters and
//! the `report` command.

#[path = "../support/mod.rs"]
mod support;

use std::process::Command;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::i18n::{self, Lang};
use lobbydesk::report::{self, Format, Period, PeriodError, Report};
use lobbydesk::store::Store;
use support::{check, on_server, open_store, Check};
use tempfile::TempDir;

// ---------------------------------------------------------------- the branch

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// The hand-made business day: Monday 2026-11-23.
fn d() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn day(offset_days: i64) -> NaiveDate {
    d() + chrono::Duration::days(offset_days)
}

fn key(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Local time `h:m` on `date` in Beijing, as stored: UTC seconds.
fn at(date: NaiveDate, h: u32, m: u32) -> i64 {
    date.and_hms_opt(h, m, 0)
        .unwrap()
        .and_local_timezone(beijing())
        .unwrap()
        .timestamp()
}

fn instant(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).unwrap()
}

struct Branch {
    dir: TempDir,
    path: std::path::PathBuf,
    store: Store,
}

fn empty_branch() -> Branch {
    let dir = TempDir::new().unwrap();
    let path = support::db_path(&dir);
    let store = open_store(&dir);
    Branch { dir, path, store }
}

#[allow(clippy::too_many_arguments)]
fn ticket(
    c: &mut Check,
    date: NaiveDate,
    number: &str,
    arrived: i64,
    called: Option<i64>,
    started: Option<i64>,
    finished: Option<i64>,
    counter: Option<u32>,
    teller: Option<&str>,
    status: &str,
) -> i64 {
    let service = &number[..1];
    let seq: i64 = number[1..].parse().unwrap();
    c.one(
        "INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
         called_at, started_at, finished_at, counter, teller, status, calls)
         VALUES (?1, ?2, ?3, ?4, 'normal', 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         RETURNING id",
        args![
            key(date),
            service,
            seq,
            number,
            arrived,
            called,
            started,
            finished,
            counter,
            teller,
            status,
            called.is_some() as i64
        ],
    )
}

/// A referral card, as the card flow leaves it.
struct K<'a> {
    client: i64,
    referrer: &'a str,
    referred_by: &'a str,
    line: &'a str,
    created: i64,
    receiver: Option<&'a str>,
    accepted: Option<i64>,
    status: &'a str,
    objection: Option<&'a str>,
    amount_cents: Option<i64>,
    outcome: Option<i64>,
    parent: Option<i64>,
}

impl<'a> K<'a> {
    fn new(client: i64, by: &'a str, line: &'a str, created: i64) -> K<'a> {
        K {
            client,
            referrer: by,
            referred_by: by,
            line,
            created,
            receiver: None,
            accepted: None,
            status: "new",
            objection: None,
            amount_cents: None,
            outcome: None,
            parent: None,
        }
    }

    fn insert(&self, c: &mut Check) -> i64 {
        let id: i64 = c.one(
            "INSERT INTO cards (client_id, referrer, referred_by, line, need, consent, created_at,
             receiver, accepted_at, status, objection, amount_cents, outcome_at, parent_id,
             root_id, product)
             VALUES (?1, ?2, ?3, ?4, 'fund', 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12,
                     CASE WHEN ?8 = 'contracted' THEN 'fund' END)
             RETURNING id",
            args![
                self.client,
                self.referrer,
                self.referred_by,
                self.line,
                self.created,
                self.receiver,
                self.accepted,
                self.status,
                self.objection,
                self.amount_cents,
                self.outcome,
                self.parent
            ],
        );
        c.run(
            "UPDATE cards SET root_id = id WHERE id = ?1 AND root_id IS NULL",
            args![id],
        );
        id
    }
}

fn prospect(
    c: &mut Check,
    client: i64,
    owner: &str,
    stage: &str,
    next_due: Option<NaiveDate>,
    ended: Option<i64>,
) -> i64 {
    c.one(
        "INSERT INTO prospects (client_id, owner, stage, next_due, created_at, ended_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         RETURNING id",
        args![
            client,
            owner,
            stage,
            next_due.map(key),
            at(day(-7), 10, 0),
            ended
        ],
    )
}

fn contact(c: &mut Check, prospect: i64, by: &str, when: i64) {
    c.run(
        "INSERT INTO contacts (prospect_id, at, by, channel, summary) VALUES (?1, ?2, ?3, 'phone', '回访')",
        args![prospect, when, by],
    );
}

/// The hand-made branch. Times are local (Beijing); D = 2026-11-23.
///
/// Tickets on D (wait = call − arrival, service = finish − start):
///
/// | no.  | arrived | called | started | finished | ctr | teller | status   | wait | service |
/// |------|---------|--------|---------|----------|-----|--------|----------|------|---------|
/// | A001 | 09:00   | 09:02  | 09:03   | 09:13    | 1   | T01    | done     | 2    | 10      |
/// | A002 | 09:05   | 09:10  | 09:10   | 09:15    | 2   | T02    | done     | 5    | 5       |
/// | A003 | 09:10   | 09:18  | 09:19   | 09:24    | 1   | T01    | done     | 8    | 5       |
/// | B001 | 10:00   | 10:20  |         |          | 2   | T02    | no_show  | 20   |         |
/// | V001 | 10:05   | 10:12  | 10:12   | 10:27    | 2   | T02    | done     | 7    | 15      |
/// | C001 | 10:30   |        |         |          |     |        | diverted | –    |         |
/// | A004 | 11:00   |        |         |          |     |        | waiting  | now  |         |
/// | A005 | 11:10   | 11:14  | 11:15   |          | 1   | T01    | serving  | 4    |         |
///
/// D+1: A006–A010 at 09:00, 09:10, …, 09:40, waits 1, 3, 6, 9, 15, service
/// 4 each, counter 1, T01, done. D−1: A001 at 23:50, done by T02 at counter 2.
fn branch() -> Branch {
    let b = empty_branch();
    let c = &mut check(&b.dir);
    if on_server() {
        // The rows below are the test's branch's (B1), as the store's are.
        c.run("SET lobbydesk.branch = 'B1'", args![]);
    }
    c.run(
        "INSERT INTO staff (code, name, roles, counter, active) VALUES
           ('T01', '王芳', 'teller', 1, 1),
           ('T02', '李强', 'teller', 2, 1),
           ('W01', '赵敏', 'wealth', NULL, 1),
           ('C01', '孙杰', 'credit', NULL, 1),
           ('T09', '钱七', 'teller', 3, 0)",
        args![],
    );
    c.run(
        "INSERT INTO clients (id, name, mobile, created_at) VALUES
           (1, '周一', '13800000001', 0), (2, '吴二', '13800000002', 0),
           (3, '郑三', '13800000003', 0), (4, '冯四', '13800000004', 0),
           (5, '陈五', '13800000005', 0)",
        args![],
    );
    let t = |h, m| at(d(), h, m);
    ticket(
        c,
        d(),
        "A001",
        t(9, 0),
        Some(t(9, 2)),
        Some(t(9, 3)),
        Some(t(9, 13)),
        Some(1),
        Some("T01"),
        "done",
    );
    ticket(
        c,
        d(),
        "A002",
        t(9, 5),
        Some(t(9, 10)),
        Some(t(9, 10)),
        Some(t(9, 15)),
        Some(2),
        Some("T02"),
        "done",
    );
    ticket(
        c,
        d(),
        "A003",
        t(9, 10),
        Some(t(9, 18)),
        Some(t(9, 19)),
        Some(t(9, 24)),
        Some(1),
        Some("T01"),
        "done",
    );
    ticket(
        c,
        d(),
        "B001",
        t(10, 0),
        Some(t(10, 20)),
        None,
        None,
        Some(2),
        Some("T02"),
        "no_show",
    );
    ticket(
        c,
        d(),
        "V001",
        t(10, 5),
        Some(t(10, 12)),
        Some(t(10, 12)),
        Some(t(10, 27)),
        Some(2),
        Some("T02"),
        "done",
    );
    ticket(
        c,
        d(),
        "C001",
        t(10, 30),
        None,
        None,
        None,
        None,
        None,
        "diverted",
    );
    ticket(
        c,
        d(),
        "A004",
        t(11, 0),
        None,
        None,
        None,
        None,
        None,
        "waiting",
    );
    ticket(
        c,
        d(),
        "A005",
        t(11, 10),
        Some(t(11, 14)),
        Some(t(11, 15)),
        None,
        Some(1),
        Some("T01"),
        "serving",
    );
    // The next day: five quick visits.
    for (i, wait) in [1, 3, 6, 9, 15].into_iter().enumerate() {
        let arrived = at(day(1), 9, 10 * i as u32);
        let called = arrived + wait * 60;
        let number = format!("A{:03}", 6 + i);
        ticket(
            c,
            day(1),
            &number,
            arrived,
            Some(called),
            Some(called),
            Some(called + 240),
            Some(1),
            Some("T01"),
            "done",
        );
    }
    // The evening before, ten minutes to midnight.
    let late = at(day(-1), 23, 50);
    ticket(
        c,
        day(-1),
        "A001",
        late,
        Some(late + 60),
        Some(late + 60),
        Some(late + 300),
        Some(2),
        Some("T02"),
        "done",
    );

    // Cards. K1 contracted ¥50,000; K2 referred on as K3, contracted
    // ¥123,456.78 for the original referrer T01; K4 declined (no need);
    // K5 new; K6 made the evening before, accepted and intent on D;
    // K7 made at 00:10 on D (still the previous date in UTC).
    K {
        receiver: Some("W01"),
        accepted: Some(t(9, 30)),
        status: "contracted",
        amount_cents: Some(5_000_000),
        outcome: Some(t(10, 0)),
        ..K::new(1, "T01", "wealth", t(9, 12))
    }
    .insert(c);
    let k2 = K {
        receiver: Some("W01"),
        accepted: Some(t(9, 40)),
        status: "referred",
        outcome: Some(t(10, 15)),
        ..K::new(2, "T01", "wealth", t(9, 22))
    }
    .insert(c);
    K {
        referred_by: "W01",
        receiver: Some("C01"),
        accepted: Some(t(10, 20)),
        status: "contracted",
        amount_cents: Some(12_345_678),
        outcome: Some(t(11, 0)),
        parent: Some(k2),
        ..K::new(2, "T01", "credit", t(10, 15))
    }
    .insert(c);
    K {
        receiver: Some("W01"),
        accepted: Some(t(10, 40)),
        status: "declined",
        objection: Some("no_need"),
        outcome: Some(t(11, 5)),
        ..K::new(3, "T02", "wealth", t(10, 25))
    }
    .insert(c);
    K::new(4, "T02", "credit", t(11, 20)).insert(c);
    K {
        receiver: Some("C01"),
        accepted: Some(t(9, 5)),
        status: "intent",
        outcome: Some(t(9, 50)),
        ..K::new(5, "T01", "credit", at(day(-1), 23, 59))
    }
    .insert(c);
    K::new(5, "LOBBY", "wealth", t(0, 10)).insert(c);
    // The next day: one more card.
    K::new(1, "T02", "wealth", at(day(1), 10, 0)).insert(c);

    // Prospects and contacts.
    let p1 = prospect(c, 4, "C01", "open", Some(day(1)), None);
    let p2 = prospect(c, 5, "W01", "open", Some(day(-2)), None);
    prospect(c, 2, "W01", "open", Some(d()), None);
    let p4 = prospect(c, 3, "W01", "won", None, Some(t(15, 0)));
    prospect(c, 1, "C01", "lost", None, Some(t(16, 0)));
    prospect(c, 5, "C01", "handed_back", None, Some(at(day(-1), 10, 0)));
    contact(c, p1, "C01", t(14, 0));
    contact(c, p2, "W01", t(14, 30));
    contact(c, p4, "W01", t(15, 0));
    contact(c, p2, "W01", at(day(-1), 14, 0));
    contact(c, p1, "C01", at(day(1), 11, 0));
    b
}

fn compute(b: &Branch, period: Period, now: i64) -> Report {
    Report::compute(
        &b.store.db(),
        &Catalog::shipped(),
        period,
        beijing(),
        instant(now),
    )
    .expect("compute the report")
}

/// The report of D at 11:30, while A004 is still waiting.
fn day_report(b: &Branch) -> Report {
    compute(b, Period::day(d()), at(d(), 11, 30))
}

// ---------------------------------------------------------------- the command

fn lobbydesk(b: &Branch, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lobbydesk"))
        .arg("--db")
        .arg(&b.path)
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run lobbydesk")
}

mod exports;
mod one_day;
mod periods_and_json;
