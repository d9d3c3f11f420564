//! Each service's usual minutes at a counter (the expected wait's prior)
//! read from the per-day sums the triggers of `service_minutes` keep, on a
//! real SQLite file: the same figures as averaging every ticket of the days,
//! whatever happens to the tickets (ended, reinstated, transferred, moved,
//! deleted), and the demo's served visits counted as the lobby's are.

mod support;

use chrono::NaiveDate;
use lobbydesk::app::Action;
use lobbydesk::domain::ticket::Status;
use lobbydesk::i18n::Lang;
use support::*;
use tempfile::TempDir;

/// The figures as they were read before the sums: every ticket of the days.
const FROM_TICKETS: &str =
    "SELECT coalesce(transferred_to, service), avg((finished_at - called_at) / 60.0) FROM tickets
 WHERE day >= ?1 AND day < ?2 AND status IN ('done', 'no_show')
   AND called_at IS NOT NULL AND finished_at IS NOT NULL
 GROUP BY 1 ORDER BY 1";

fn from_tickets(conn: &rusqlite::Connection, from: &str, to: &str) -> Vec<(String, f64)> {
    let mut stmt = conn.prepare(FROM_TICKETS).unwrap();
    let rows = stmt
        .query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn from_sums(dir: &TempDir, before: NaiveDate) -> Vec<(String, f64)> {
    let store = open_store(dir);
    let mut v = store.db().usual_minutes(before).unwrap();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn same(a: &[(String, f64)], b: &[(String, f64)]) {
    assert_eq!(a.len(), b.len(), "{a:?} against {b:?}");
    for ((sa, ma), (sb, mb)) in a.iter().zip(b) {
        assert_eq!(sa, sb);
        assert!((ma - mb).abs() < 1e-9, "{sa}: {ma} against {mb}");
    }
}

fn insert(
    conn: &rusqlite::Connection,
    day: &str,
    service: &str,
    seq: i64,
    status: &str,
    secs: Option<i64>,
) {
    let called = secs.map(|_| 1_000_000i64);
    let finished = secs.map(|s| 1_000_000 + s);
    conn.execute(
        "INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
             called_at, finished_at, status)
         VALUES (?1, ?2, ?3, ?2 || ?3, 'N', 0, 999000, ?4, ?5, ?6)",
        rusqlite::params![day, service, seq, called, finished, status],
    )
    .unwrap();
}

#[test]
fn the_sums_follow_every_change_to_the_tickets() {
    let dir = TempDir::new().unwrap();
    drop(open_store(&dir));
    let conn = raw(&dir);
    let days = ["2026-03-02", "2026-03-03", "2026-03-04"];
    let mut seq = 0;
    for (d, day) in days.iter().enumerate() {
        for (k, (service, status)) in [
            ("A", "done"),
            ("A", "no_show"),
            ("B", "done"),
            ("B", "waiting"),
            ("C", "done"),
            ("A", "diverted"),
        ]
        .iter()
        .enumerate()
        {
            seq += 1;
            let secs = (*status != "waiting").then_some(200 + 37 * (k as i64) + 11 * d as i64);
            insert(&conn, day, service, seq, status, secs);
        }
    }
    let before = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    let check = || {
        same(
            &from_sums(&dir, before),
            &from_tickets(&conn, "2026-02-05", "2026-03-05"),
        )
    };
    check();
    // A waiting ticket served; a no-show put in line again; a visit
    // transferred after it ended; a ticket moved to another day; one deleted;
    // a visit's times corrected.
    conn.execute(
        "UPDATE tickets SET status = 'done', called_at = 5000, finished_at = 5430
         WHERE day = '2026-03-03' AND status = 'waiting'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE tickets SET status = 'waiting', finished_at = NULL
         WHERE day = '2026-03-04' AND status = 'no_show'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE tickets SET transferred_to = 'C' WHERE day = '2026-03-02' AND service = 'B' AND status = 'done'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE tickets SET day = '2026-03-04' WHERE day = '2026-03-02' AND service = 'A' AND status = 'done'",
        [],
    )
    .unwrap();
    conn.execute(
        "DELETE FROM tickets WHERE day = '2026-03-03' AND service = 'C'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE tickets SET finished_at = finished_at + 95 WHERE day = '2026-03-04' AND service = 'B'",
        [],
    )
    .unwrap();
    check();
    // Every visit of a service gone: the service is not listed (as before).
    conn.execute(
        "DELETE FROM tickets WHERE service = 'C' OR transferred_to = 'C'",
        [],
    )
    .unwrap();
    check();
    assert!(from_sums(&dir, before).iter().all(|(s, _)| s != "C"));
    // Only the days of the window count.
    same(
        &from_sums(&dir, NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()),
        &from_tickets(&conn, "2026-02-04", "2026-03-04"),
    );
}

#[test]
fn visits_served_at_the_lobby_are_summed_as_they_end() {
    let mut fx = Fixture::new(Lang::Zh, "T01", &[teller("T01", "张敏", 1)]);
    fx.walkin('A', '1', "赵雷", "13800000001");
    fx.act(Action::Call);
    fx.advance(2);
    fx.act(Action::Start);
    fx.advance(5);
    fx.act(Action::Finish);
    assert_eq!(fx.ticket("A001").status, Status::Done);
    let tomorrow = fx.app.clock.today().succ_opt().unwrap();
    let sums = fx.app.store.db().usual_minutes(tomorrow).unwrap();
    assert_eq!(sums, vec![("A".to_string(), 7.0)]);
    // Today's own visits are not yet usual: only the days before count.
    let today = fx.app.clock.today();
    assert!(fx.app.store.db().usual_minutes(today).unwrap().is_empty());
}
