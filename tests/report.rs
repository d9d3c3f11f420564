//! The end-of-day figures against a real SQLite file: a hand-made branch day
//! whose every figure is worked out by hand below, a range of two days, the
//! business-day boundary in local time, an empty day, the three exporters and
//! the `report` command.

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

// ---------------------------------------------------------------- one day

#[test]
fn one_day_visits_waits_and_service() {
    let b = branch();
    let r = day_report(&b);
    assert_eq!(
        (r.date_from.as_str(), r.date_to.as_str()),
        ("2026-11-23", "2026-11-23")
    );

    let v = &r.visits;
    assert_eq!(v.arrived, 8);
    assert_eq!(v.served, 4, "A001, A002, A003, V001");
    assert_eq!(v.no_show, 1);
    assert_eq!(v.diverted, 1);
    assert_eq!(v.waiting, 1, "A004");
    assert_eq!(v.open, 1, "A005 serving");

    // Waits 2, 4, 5, 7, 8, 20 and A004's 30 (11:00 → now 11:30); C001 has none.
    let w = &r.waits.all;
    assert_eq!(w.count, 7);
    assert_eq!(w.avg_minutes, 10.9, "76 / 7 = 10.857");
    assert_eq!(w.p90_minutes, 30.0, "rank ⌈6.3⌉ = 7 of 7");
    assert_eq!(w.max_minutes, 30.0);
    assert_eq!(w.over_warning, 4, "7, 8, 20, 30 > 6");
    assert_eq!(w.over_alert, 2, "20, 30 > 15");

    let letters: Vec<&str> = r
        .waits
        .by_service
        .iter()
        .map(|s| s.service.as_str())
        .collect();
    assert_eq!(
        letters,
        ["A", "B", "V", "C", "L"],
        "every catalog service, in order"
    );
    let a = &r.waits.by_service[0];
    assert_eq!(a.label.zh, "个人业务");
    assert_eq!(a.label.en, "Personal banking");
    // A: 2, 4, 5, 8, 30.
    assert_eq!(a.figures.count, 5);
    assert_eq!(a.figures.avg_minutes, 9.8);
    assert_eq!(a.figures.p90_minutes, 30.0);
    assert_eq!(a.figures.max_minutes, 30.0);
    assert_eq!((a.figures.over_warning, a.figures.over_alert), (2, 1));
    let bb = &r.waits.by_service[1].figures;
    assert_eq!(
        (bb.count, bb.avg_minutes, bb.p90_minutes, bb.max_minutes),
        (1, 20.0, 20.0, 20.0)
    );
    assert_eq!((bb.over_warning, bb.over_alert), (1, 1));
    let vv = &r.waits.by_service[2].figures;
    assert_eq!(
        (vv.count, vv.avg_minutes, vv.over_warning, vv.over_alert),
        (1, 7.0, 1, 0)
    );
    assert_eq!(
        r.waits.by_service[3].figures,
        Default::default(),
        "C001 never called"
    );
    assert_eq!(r.waits.by_service[4].figures, Default::default());

    // Service: A001 10, A002 5, A003 5, V001 15 minutes.
    let s = &r.service;
    assert_eq!(
        (s.all.count, s.all.avg_minutes, s.all.max_minutes),
        (4, 8.8, 15.0)
    );
    let counters: Vec<_> = s
        .by_counter
        .iter()
        .map(|c| {
            (
                c.counter,
                c.figures.count,
                c.figures.avg_minutes,
                c.figures.max_minutes,
            )
        })
        .collect();
    assert_eq!(counters, [(1, 2, 7.5, 10.0), (2, 2, 10.0, 15.0)]);
    let tellers: Vec<_> = s
        .by_teller
        .iter()
        .map(|t| {
            (
                t.code.as_str(),
                t.name.as_str(),
                t.figures.count,
                t.figures.avg_minutes,
            )
        })
        .collect();
    assert_eq!(tellers, [("T01", "王芳", 2, 7.5), ("T02", "李强", 2, 10.0)]);
}

#[test]
fn one_day_referrals_and_funnel() {
    let b = branch();
    let k = day_report(&b).referrals;
    assert_eq!(
        k.created, 6,
        "K1, K2, K3, K4, K5, K7 (K6 was made the evening before)"
    );
    assert_eq!(k.accepted, 5, "K1, K2, K3, K4 and K6");
    assert_eq!(k.contracted, 2, "K1 and K3");
    assert_eq!(k.contracted_cents, 5_000_000 + 12_345_678);
    assert_eq!(k.declined, 1);
    let objections: Vec<(&str, i64)> = k
        .declined_by_objection
        .iter()
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    assert_eq!(
        objections,
        [("distrust", 0), ("no_need", 1), ("poor_fit", 0)]
    );
    assert_eq!(k.intent, 1, "K6");

    let lines: Vec<_> = k
        .by_line
        .iter()
        .map(|l| {
            (
                l.line.as_str(),
                l.label.zh.as_str(),
                l.created,
                l.accepted,
                l.contracted,
                l.contracted_cents,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("wealth", "财富", 4, 3, 1, 5_000_000),
            ("credit", "信贷", 2, 2, 1, 12_345_678)
        ]
    );

    // Made by `referred_by`; contracts credited to the original referrer.
    let referrers: Vec<_> = k
        .by_referrer
        .iter()
        .map(|p| (p.code.as_str(), p.name.as_str(), p.created, p.contracted))
        .collect();
    assert_eq!(
        referrers,
        [
            ("LOBBY", "大堂经理", 1, 0),
            ("T01", "王芳", 2, 2),
            ("T02", "李强", 2, 0),
            ("W01", "赵敏", 1, 0)
        ]
    );

    // Chains begun on D: K1, K2(→K3), K4, K5, K7.
    let f = &k.funnel;
    assert_eq!((f.created, f.accepted, f.contracted), (5, 3, 2));
    assert_eq!(f.contracted_cents, 17_345_678);
}

#[test]
fn one_day_followups_staff_points_and_hours() {
    let b = branch();
    let r = day_report(&b);
    let f = &r.followups;
    assert_eq!(f.contacted, 3);
    assert_eq!(
        (f.won, f.lost, f.handed_back),
        (1, 1, 0),
        "the hand-back was the day before"
    );
    assert_eq!(f.open, 3);
    assert_eq!(f.due_tomorrow, 1, "P1 due 2026-11-24");
    assert_eq!(
        f.overdue, 1,
        "P2 due 2026-11-21; P3 is due today, not overdue"
    );

    // points = referrals × 1 + converted × 5 + closed × 3 + contacts × 1
    let staff: Vec<_> = r
        .staff
        .iter()
        .map(|s| {
            (
                s.code.as_str(),
                s.name.as_str(),
                [
                    s.referrals,
                    s.converted,
                    s.closed,
                    s.contacts,
                    s.served,
                    s.points,
                ],
            )
        })
        .collect();
    assert_eq!(
        staff,
        [
            ("C01", "孙杰", [0, 0, 1, 1, 0, 3 + 1]),
            ("LOBBY", "大堂经理", [1, 0, 0, 0, 0, 1]),
            ("T01", "王芳", [2, 2, 0, 0, 2, 2 + 10]),
            ("T02", "李强", [2, 0, 0, 0, 2, 2]),
            ("W01", "赵敏", [1, 0, 1, 2, 0, 1 + 3 + 2]),
        ],
        "T09 did nothing and is not listed"
    );

    assert_eq!(r.hours.len(), 24);
    assert!(r
        .hours
        .iter()
        .enumerate()
        .all(|(i, h)| h.hour as usize == i));
    let busy: Vec<_> = r
        .hours
        .iter()
        .filter(|h| h.arrivals > 0)
        .map(|h| (h.hour, h.arrivals, h.avg_wait_minutes))
        .collect();
    // 09: waits 2, 5, 8; 10: 20, 7 (C001 none); 11: 30, 4.
    assert_eq!(busy, [(9, 3, 5.0), (10, 3, 13.5), (11, 2, 17.0)]);
}

#[test]
fn the_day_boundary_is_local_midnight() {
    let b = branch();
    let r = compute(&b, Period::day(day(-1)), at(d(), 11, 30));
    assert_eq!(r.visits.arrived, 1);
    assert_eq!(r.hours[23].arrivals, 1, "23:50 local, 15:50 UTC");
    assert_eq!(r.waits.all.count, 1);
    assert_eq!(
        r.referrals.created, 1,
        "K6 at 23:59; K7 at 00:10 is the next day's"
    );
    assert_eq!(r.referrals.accepted, 0);
    assert_eq!(r.followups.contacted, 1);
    assert_eq!(r.followups.handed_back, 1);
    let codes: Vec<&str> = r.staff.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(
        codes,
        ["T01", "T02", "W01"],
        "K6, the late ticket, a contact"
    );
}

// ---------------------------------------------------------------- a range

#[test]
fn a_range_of_two_days() {
    let b = branch();
    let r = compute(&b, Period::new(d(), day(1)).unwrap(), at(day(1), 16, 0));
    assert_eq!(
        (r.date_from.as_str(), r.date_to.as_str()),
        ("2026-11-23", "2026-11-24")
    );
    assert_eq!(r.visits.arrived, 13);
    assert_eq!(r.visits.served, 9);
    assert_eq!(r.visits.waiting, 1);

    // A004 was left waiting on D: abandoned, no wait. Waits:
    // 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 20 → sum 80, rank ⌈9.9⌉ = 10th.
    let w = &r.waits.all;
    assert_eq!(w.count, 11);
    assert_eq!(w.avg_minutes, 7.3, "80 / 11 = 7.27");
    assert_eq!(w.p90_minutes, 15.0);
    assert_eq!(w.max_minutes, 20.0);
    assert_eq!(w.over_warning, 5, "7, 8, 9, 15, 20; 6 is not over 6");
    assert_eq!(w.over_alert, 1, "20; 15 is not over 15");
    // A: 1, 2, 3, 4, 5, 6, 8, 9, 15 → sum 53, rank ⌈8.1⌉ = 9th.
    let a = &r.waits.by_service[0].figures;
    assert_eq!(
        (a.count, a.avg_minutes, a.p90_minutes, a.max_minutes),
        (9, 5.9, 15.0, 15.0)
    );
    assert_eq!((a.over_warning, a.over_alert), (3, 0));

    // Service: 35 minutes over 4 tickets on D, 5 × 4 on D+1.
    let s = &r.service.all;
    assert_eq!((s.count, s.avg_minutes, s.max_minutes), (9, 6.1, 15.0));

    assert_eq!(r.referrals.created, 7);
    assert_eq!(r.referrals.funnel.created, 6);
    assert_eq!(r.followups.contacted, 4);
    assert_eq!(r.followups.due_tomorrow, 0, "nothing due 2026-11-25");
    assert_eq!(r.followups.overdue, 2, "P2 and P3, before 2026-11-24");

    let t01 = r.staff.iter().find(|s| s.code == "T01").unwrap();
    assert_eq!((t01.served, t01.points), (7, 12));
    let t02 = r.staff.iter().find(|s| s.code == "T02").unwrap();
    assert_eq!((t02.referrals, t02.points), (3, 3));
    let c01 = r.staff.iter().find(|s| s.code == "C01").unwrap();
    assert_eq!((c01.contacts, c01.points), (2, 5));

    // 09: D's 2, 5, 8 and D+1's 1, 3, 6, 9, 15 → 49 / 8.
    assert_eq!((r.hours[9].arrivals, r.hours[9].avg_wait_minutes), (8, 6.1));
    assert_eq!(
        (r.hours[11].arrivals, r.hours[11].avg_wait_minutes),
        (2, 4.0)
    );
}

// ---------------------------------------------------------------- empty days

fn assert_quiet(r: &Report) {
    assert_eq!(r.visits, Default::default());
    assert_eq!(r.waits.all, Default::default());
    assert_eq!(r.waits.by_service.len(), 5);
    assert!(r
        .waits
        .by_service
        .iter()
        .all(|s| s.figures == Default::default()));
    assert_eq!(r.service.all, Default::default());
    assert!(r.service.by_counter.is_empty() && r.service.by_teller.is_empty());
    let k = &r.referrals;
    assert_eq!(
        (
            k.created,
            k.accepted,
            k.contracted,
            k.contracted_cents,
            k.declined,
            k.intent
        ),
        (0, 0, 0, 0, 0, 0)
    );
    assert_eq!(k.declined_by_objection.len(), 3);
    assert!(k.declined_by_objection.values().all(|n| *n == 0));
    assert_eq!(k.by_line.len(), 2);
    assert!(k
        .by_line
        .iter()
        .all(|l| l.created + l.accepted + l.contracted == 0));
    assert!(k.by_referrer.is_empty());
    assert_eq!(k.funnel, Default::default());
    let f = &r.followups;
    assert_eq!((f.contacted, f.won, f.lost, f.handed_back), (0, 0, 0, 0));
    assert!(r.staff.is_empty());
    assert_eq!(r.hours.len(), 24);
    assert!(r
        .hours
        .iter()
        .all(|h| h.arrivals == 0 && h.avg_wait_minutes == 0.0));
}

#[test]
fn an_empty_database_gives_zeros() {
    let b = empty_branch();
    let r = compute(&b, Period::day(d()), at(d(), 12, 0));
    assert_quiet(&r);
    assert_eq!(r.followups, Default::default());
}

#[test]
fn a_quiet_day_gives_zeros_but_open_prospects_stand() {
    let b = branch();
    let r = compute(&b, Period::day(day(10)), at(day(10), 12, 0));
    assert_quiet(&r);
    // Open prospects are as they stand now: all three are overdue by then.
    assert_eq!((r.followups.open, r.followups.overdue), (3, 3));
}

#[test]
fn the_report_reads_inside_a_write_transaction_too() {
    let mut b = branch();
    let outside = day_report(&b);
    let inside = b
        .store
        .write(|db| {
            Report::compute(
                db,
                &Catalog::shipped(),
                Period::day(d()),
                beijing(),
                instant(at(d(), 11, 30)),
            )
        })
        .unwrap();
    assert_eq!(inside, outside);
}

// ---------------------------------------------------------------- periods

#[test]
fn periods_from_the_command_line() {
    let today = d();
    assert_eq!(
        Period::from_args(None, None, None, today),
        Ok(Period::day(today))
    );
    assert_eq!(
        Period::from_args(Some("2026-11-20"), None, None, today),
        Ok(Period::day(day(-3)))
    );
    assert_eq!(
        Period::from_args(None, Some("2026-11-01"), Some("2026-11-30"), today),
        Ok(Period {
            from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        })
    );
    assert_eq!(
        Period::from_args(Some("2026-02-30"), None, None, today),
        Err(PeriodError::BadDate("2026-02-30".into()))
    );
    assert_eq!(
        Period::from_args(None, Some("2026-11-30"), Some("2026-11-01"), today),
        Err(PeriodError::Reversed {
            from: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        })
    );
    let e = Period::from_args(Some("23/11/2026"), None, None, today).unwrap_err();
    assert!(e.message(Lang::En).contains("YYYY-MM-DD"));
    assert!(e.message(Lang::Zh).contains("23/11/2026"));
}

// ---------------------------------------------------------------- exporters

/// Every key of the JSON contract, by path; `[]` is each element of a list.
const CONTRACT: &[&str] = &[
    "chain_head",
    "date_from",
    "date_to",
    "visits.arrived",
    "visits.unfinished",
    "visits.unserved",
    "visits.served",
    "visits.no_show",
    "visits.diverted",
    "visits.waiting",
    "visits.open",
    "waits.count",
    "waits.avg_minutes",
    "waits.p90_minutes",
    "waits.max_minutes",
    "waits.over_warning",
    "waits.over_alert",
    "waits.by_service[].service",
    "waits.by_service[].label.zh",
    "waits.by_service[].label.en",
    "waits.by_service[].count",
    "waits.by_service[].avg_minutes",
    "waits.by_service[].p90_minutes",
    "waits.by_service[].max_minutes",
    "waits.by_service[].over_warning",
    "waits.by_service[].over_alert",
    "service.count",
    "service.avg_minutes",
    "service.max_minutes",
    "service.by_counter[].counter",
    "service.by_counter[].count",
    "service.by_counter[].avg_minutes",
    "service.by_counter[].max_minutes",
    "service.by_teller[].code",
    "service.by_teller[].name",
    "service.by_teller[].count",
    "service.by_teller[].avg_minutes",
    "service.by_teller[].max_minutes",
    "referrals.created",
    "referrals.accepted",
    "referrals.contracted",
    "referrals.contracted_amount",
    "referrals.declined",
    "referrals.declined_by_objection.distrust",
    "referrals.declined_by_objection.no_need",
    "referrals.declined_by_objection.poor_fit",
    "referrals.intent",
    "referrals.by_line[].line",
    "referrals.by_line[].label.zh",
    "referrals.by_line[].label.en",
    "referrals.by_line[].created",
    "referrals.by_line[].accepted",
    "referrals.by_line[].contracted",
    "referrals.by_line[].contracted_amount",
    "referrals.by_referrer[].code",
    "referrals.by_referrer[].name",
    "referrals.by_referrer[].created",
    "referrals.by_referrer[].contracted",
    "referrals.funnel.created",
    "referrals.funnel.accepted",
    "referrals.funnel.contracted",
    "referrals.funnel.contracted_amount",
    "followups.contacted",
    "followups.won",
    "followups.lost",
    "followups.handed_back",
    "followups.open",
    "followups.due_tomorrow",
    "followups.overdue",
    "staff[].code",
    "staff[].name",
    "staff[].referrals",
    "staff[].converted",
    "staff[].closed",
    "staff[].contacts",
    "staff[].served",
    "staff[].points",
    "hours[].hour",
    "hours[].arrivals",
    "hours[].avg_wait_minutes",
    // Counter times (walk, idle, paused by reason).
    "counters.by_counter[].counter",
    "counters.by_counter[].label.en",
    "counters.by_counter[].label.zh",
    "counters.by_counter[].calls",
    "counters.by_counter[].walks",
    "counters.by_counter[].walk_avg_minutes",
    "counters.by_counter[].idle_minutes",
    "counters.by_counter[].paused_minutes",
    "counters.by_counter[].paused_by_reason.lunch",
    "counters.by_counter[].paused_by_reason.training",
    "counters.by_counter[].paused_by_reason.cash",
    "counters.by_counter[].paused_by_reason.other",
    "counters.by_teller[].code",
    "counters.by_teller[].name",
    "counters.by_teller[].calls",
    "counters.by_teller[].walks",
    "counters.by_teller[].walk_avg_minutes",
    "counters.by_teller[].idle_minutes",
    "counters.by_teller[].paused_minutes",
    "counters.by_teller[].paused_by_reason.lunch",
    "counters.by_teller[].paused_by_reason.training",
    "counters.by_teller[].paused_by_reason.cash",
    "counters.by_teller[].paused_by_reason.other",
    "service_level.within_minutes",
    "service_level.count",
    "service_level.within",
    "service_level.share_percent",
    "service_level.by_service[].service",
    "service_level.by_service[].label.zh",
    "service_level.by_service[].label.en",
    "service_level.by_service[].count",
    "service_level.by_service[].within",
    "service_level.by_service[].share_percent",
    "service_level.by_hour[].hour",
    "service_level.by_hour[].count",
    "service_level.by_hour[].within",
    "service_level.by_hour[].share_percent",
    "appointments.booked",
    "appointments.arrived",
    "appointments.missed",
    "appointments.cancelled",
    "cross_sell[].trigger",
    "cross_sell[].label.zh",
    "cross_sell[].label.en",
    "cross_sell[].need",
    "cross_sell[].shown",
    "cross_sell[].referred",
    "cross_sell[].contracted",
    "satisfaction.complaints.opened",
    "satisfaction.complaints.resolved",
    "satisfaction.complaints.valid",
    "satisfaction.complaints.open",
    "satisfaction.complaints.overdue",
    "satisfaction.complaints.points_deducted",
    "satisfaction.complaints.by_kind[].kind",
    "satisfaction.complaints.by_kind[].opened",
    "satisfaction.ratings.count",
    "satisfaction.ratings.average",
    // Follow-ups lost by reason (every reason of the settings).
    "lost_by_reason.no_reason",
    "lost_by_reason.complaint",
    "lost_by_reason.competitor",
    "lost_by_reason.moved",
    "lost_by_reason.distrust",
    "lost_by_reason.no_need",
    "lost_by_reason.poor_fit",
    "lost_by_reason.other",
];

/// The key paths of a JSON value, lists written `[]`.
fn paths(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if !v.is_object() && !v.is_array() {
                    out.push(p.clone());
                }
                paths(v, &p, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn json_keeps_the_contract() {
    let b = branch();
    let r = day_report(&b);
    let text = report::render(&r, &Catalog::shipped(), Lang::Zh, Format::Json);
    assert!(text.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut found = Vec::new();
    paths(&v, "", &mut found);
    found.sort();
    found.dedup();
    let mut expected: Vec<String> = CONTRACT.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected, "the JSON keys are exactly the contract");

    assert_eq!(
        v["referrals"]["contracted_amount"],
        serde_json::json!(173456.78)
    );
    assert_eq!(
        v["referrals"]["by_line"][0]["contracted_amount"],
        serde_json::json!(50000.0)
    );
    assert_eq!(v["waits"]["avg_minutes"], serde_json::json!(10.9));
    assert_eq!(
        v["waits"]["by_service"][0]["label"]["en"],
        "Personal banking"
    );
    assert_eq!(v["staff"][2]["points"], 12);
    assert_eq!(v["hours"].as_array().unwrap().len(), 24);
    // The service level beside the waits: within = count − over_warning.
    assert_eq!(v["service_level"]["within_minutes"], 6);
    assert_eq!(v["service_level"]["count"], 7);
    assert_eq!(v["service_level"]["within"], 3);
    assert_eq!(v["service_level"]["share_percent"], serde_json::json!(42.9));
    assert_eq!(v["service_level"]["by_service"][0]["within"], 3);
    assert_eq!(
        v["service_level"]["by_service"][0]["share_percent"],
        serde_json::json!(60.0)
    );
    assert_eq!(
        v["service_level"]["by_hour"][9],
        serde_json::json!({"hour": 9, "count": 3, "within": 2, "share_percent": 66.7})
    );
    // The same text whatever the language.
    assert_eq!(
        text,
        report::render(&r, &Catalog::shipped(), Lang::En, Format::Json)
    );
}

#[test]
fn json_of_an_empty_day_keeps_the_contract_keys_too() {
    let b = empty_branch();
    let r = compute(&b, Period::day(d()), at(d(), 12, 0));
    let v: serde_json::Value = serde_json::from_str(&report::json::render(&r)).unwrap();
    let mut found = Vec::new();
    paths(&v, "", &mut found);
    // Lists of people and counters are empty; every other key is there.
    for key in CONTRACT {
        let listed = [
            "service.by_",
            "referrals.by_referrer",
            "staff[",
            "counters.by_",
        ];
        if listed.iter().any(|l| key.starts_with(l)) {
            continue;
        }
        assert!(found.iter().any(|f| f == key), "{key}");
    }
    assert_eq!(v["referrals"]["contracted_amount"], serde_json::json!(0.0));
}

#[test]
fn csv_has_a_bom_and_parses_back() {
    let b = branch();
    let r = day_report(&b);
    let text = report::render(&r, &Catalog::shipped(), Lang::Zh, Format::Csv);
    assert!(text.starts_with('\u{feff}'), "byte-order mark first");
    let body = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["section", "item", "name", "field", "value"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.iter().all(|r| r.len() == 5));
    let value = |section: &str, item: &str, field: &str| -> String {
        let hits: Vec<_> = rows
            .iter()
            .filter(|r| &r[0] == section && &r[1] == item && &r[3] == field)
            .collect();
        assert_eq!(hits.len(), 1, "{section},{item},{field}");
        hits[0][4].to_string()
    };
    assert_eq!(value("report", "", "date_from"), "2026-11-23");
    assert_eq!(value("visits", "", "arrived"), "8");
    assert_eq!(value("waits", "", "p90_minutes"), "30.0");
    assert_eq!(value("waits.by_service", "A", "avg_minutes"), "9.8");
    assert_eq!(value("service.by_counter", "2", "max_minutes"), "15.0");
    assert_eq!(value("service.by_teller", "T01", "count"), "2");
    assert_eq!(value("referrals", "", "contracted_amount"), "173456.78");
    assert_eq!(
        value("referrals.declined_by_objection", "no_need", "count"),
        "1"
    );
    assert_eq!(
        value("referrals.by_line", "credit", "contracted_amount"),
        "123456.78"
    );
    assert_eq!(value("referrals.by_referrer", "T01", "contracted"), "2");
    assert_eq!(value("referrals.funnel", "", "accepted"), "3");
    assert_eq!(value("followups", "", "due_tomorrow"), "1");
    assert_eq!(value("staff", "W01", "points"), "6");
    assert_eq!(value("hours", "10", "avg_wait_minutes"), "13.5");
    let named = rows
        .iter()
        .find(|r| &r[0] == "staff" && &r[1] == "T01")
        .unwrap();
    assert_eq!(&named[2], "王芳");
    let a = rows
        .iter()
        .find(|r| &r[0] == "waits.by_service" && &r[1] == "A")
        .unwrap();
    assert_eq!(&a[2], "个人业务");
    let en = report::csv::render(&r, &Catalog::shipped(), Lang::En);
    assert!(en.contains("waits.by_service,A,Personal banking,count,5"));
}

/// The tables of a Markdown text: their lines' display widths are equal.
fn assert_tables_line_up(md: &str) {
    let mut widths: Vec<usize> = Vec::new();
    for line in md.lines().chain(std::iter::once("")) {
        if line.starts_with('|') {
            widths.push(i18n::width(line));
        } else if !widths.is_empty() {
            assert!(widths.iter().all(|w| *w == widths[0]), "{md}");
            widths.clear();
        }
    }
}

#[test]
fn markdown_in_both_languages() {
    let b = branch();
    let r = day_report(&b);
    let zh = report::render(&r, &Catalog::shipped(), Lang::Zh, Format::Md);
    assert!(zh.starts_with("# 日终报表 · 城东支行\n\n营业日：2026-11-23\n"));
    for part in [
        "## 客流",
        "## 等候时间",
        "## 办理时长",
        "## 转介",
        "## 跟进",
        "## 人员与积分",
        "## 分时段",
        "¥173,456.78",
        "超6分",
        "超15分",
        "王芳 (T01)",
        "| 1号窗口 |",
        "不需要",
        "积分＝转介×1＋转介成交×5＋签约×3＋联系×1",
        "09:00–10:00",
    ] {
        assert!(zh.contains(part), "{part} in\n{zh}");
    }
    assert_tables_line_up(&zh);

    let en = report::md::render(&r, &Catalog::shipped(), Lang::En);
    assert!(en.starts_with("# End-of-day report · East City Branch\n\nBusiness day: 2026-11-23\n"));
    for part in [
        "## Visits",
        "## Waiting times",
        "Over 6m",
        "Counter 1",
        "| Wealth",
        "¥50,000.00",
    ] {
        assert!(en.contains(part), "{part} in\n{en}");
    }
    assert_tables_line_up(&en);
    // Staff by points, highest first.
    let t01 = en.find("| T01").unwrap();
    let w01 = en.find("| W01").unwrap();
    assert!(t01 < w01);

    let range = compute(&b, Period::new(d(), day(1)).unwrap(), at(day(1), 16, 0));
    let en = report::md::render(&range, &Catalog::shipped(), Lang::En);
    assert!(en.contains("Business days: 2026-11-23 to 2026-11-24"));
}

#[test]
fn markdown_of_an_empty_day() {
    let b = empty_branch();
    let r = compute(&b, Period::day(d()), at(d(), 12, 0));
    let en = report::md::render(&r, &Catalog::shipped(), Lang::En);
    assert!(en.contains("## Staff and points\n\n(none)"));
    assert!(en.contains("## By hour\n\n(none)\n"));
    // Last, the event chain's head, which anchors the printed report.
    let head = format!(
        "Event chain head at the end of the period: `{}`\n",
        r.chain_head
    );
    assert!(en.ends_with(&head), "{en}");
    assert_tables_line_up(&en);
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

#[test]
fn the_report_command() {
    let b = branch();
    let out = lobbydesk(&b, &["report", "--date", "2026-11-23", "--format", "json"]);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["date_from"], "2026-11-23");
    assert_eq!(v["visits"]["arrived"], 8);
    assert_eq!(
        v["referrals"]["contracted_amount"],
        serde_json::json!(173456.78)
    );

    let out = lobbydesk(
        &b,
        &[
            "report",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-24",
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success());
    assert!(out
        .stdout
        .starts_with("\u{feff}section,item,name,field,value".as_bytes()));

    let out = lobbydesk(&b, &["--lang", "zh", "report", "--date", "2026-11-23"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("# 日终报表"));

    let out = lobbydesk(&b, &["report"]);
    assert!(out.status.success(), "today by default");

    for bad in [
        &["report", "--date", "2026-11-31"][..],
        &["report", "--from", "2026-11-24", "--to", "2026-11-23"],
        &[
            "report",
            "--date",
            "2026-11-23",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-24",
        ],
        &["report", "--from", "2026-11-23"],
        &["report", "--format", "pdf"],
    ] {
        let out = lobbydesk(&b, bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
    let out = lobbydesk(&b, &["report", "--date", "2026-11-31"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, "lobbydesk: A date must be YYYY-MM-DD: 2026-11-31\n");
    let out = lobbydesk(
        &b,
        &["report", "--from", "2026-11-24", "--to", "2026-11-23"],
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("2026-11-24 is after the last day 2026-11-23"),
        "{err}"
    );
}
