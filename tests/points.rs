//! Referral points over a period (the Mine tab's standing and place, the
//! report's staff figures) read the closed days' kept rows and only the open
//! days' records: over months of a generated history they equal both the
//! report's staff figures and the computation from the records alone, and a
//! closed day's points stand when its records are rewritten behind the
//! application's back.

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::demo;
use lobbydesk::report::points::Standing;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::Store;
use support::history::*;
use support::*;

/// Code, counts and points of everyone who earned or lost points.
fn of_standings(s: &[Standing]) -> Vec<(String, [i64; 4], i64)> {
    s.iter()
        .map(|s| (s.code.clone(), s.counts, s.points))
        .collect()
}

/// The same from a report's staff figures (those who served tickets only
/// are not in the standings).
fn of_report(r: &Report) -> Vec<(String, [i64; 4], i64)> {
    r.staff
        .iter()
        .filter(|s| s.referrals + s.converted + s.closed + s.contacts > 0 || s.points < 0)
        .map(|s| {
            let counts = [s.referrals, s.converted, s.closed, s.contacts];
            (s.code.clone(), counts, s.points)
        })
        .collect()
}

fn standings(store: &Store, p: Period, now: DateTime<Utc>) -> Vec<Standing> {
    Report::standings(&store.db(), &Catalog::shipped(), p, beijing(), now).unwrap()
}

#[test]
fn a_months_points_equal_the_report_and_the_records() {
    let (_dir, store) = history(50, 5, 80);
    let days = demo::business_days(last_day(), 50);
    let catalog = Catalog::shipped();
    let now = at(last_day() + Duration::days(2), 12);
    let month = |y, m| {
        let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let next = NaiveDate::from_ymd_opt(y + (m / 12) as i32, m % 12 + 1, 1).unwrap();
        Period::new(first, next.pred_opt().unwrap()).unwrap()
    };
    let periods = [
        month(2026, 9),
        month(2026, 10),
        month(2026, 11),
        Period::new(days[0], last_day()).unwrap(),
        Period::new(days[3], days[20]).unwrap(),
    ];
    let mut earned = 0;
    for p in periods {
        let s = of_standings(&standings(&store, p, now));
        let db = store.db();
        let summed = Report::compute(&db, &catalog, p, beijing(), now).unwrap();
        let live = Report::live(&db, &catalog, p, beijing(), now).unwrap();
        assert_eq!(s, of_report(&summed), "{p:?}: as the report");
        assert_eq!(s, of_report(&live), "{p:?}: as the records");
        earned += s.iter().map(|x| x.2).sum::<i64>();
    }
    assert!(earned > 100, "the history earns points: {earned}");
}

#[test]
fn a_closed_days_points_stand_when_its_records_are_rewritten() {
    let (_dir, store) = history(6, 5, 80);
    let days = demo::business_days(last_day(), 6);
    let now = at(last_day() + Duration::days(1), 12);
    let p = Period::new(days[0], last_day()).unwrap();
    let before = of_standings(&standings(&store, p, now));
    assert!(before.iter().any(|s| s.1[0] > 0), "cards were made");
    // Every card of a closed day credited to someone else behind the
    // application's back: the day's kept rows stand.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let (s, e) = (at(days[1], 0).timestamp(), at(days[2], 0).timestamp());
    let n = conn
        .execute(
            "UPDATE cards SET referred_by = 'H01' WHERE created_at >= ?1 AND created_at < ?2",
            [s, e],
        )
        .unwrap();
    assert!(n > 0);
    assert_eq!(of_standings(&standings(&store, p, now)), before);
    let live = Report::live(&store.db(), &Catalog::shipped(), p, beijing(), now).unwrap();
    assert_ne!(of_report(&live), before, "the records did change");
}

/// Timings on a ladder database (`LOBBYDESK_POINTS_DB`, left unchanged):
/// the month's points the old way (the records over the whole month) and
/// the new (closed days' kept rows), the Mine tab's other reads, the
/// month's targets, and the campaigns' audiences counted live or kept.
/// `cargo test --release --test points -- --ignored --nocapture`
#[test]
#[ignore]
fn timings_on_a_ladder_database() {
    use lobbydesk::domain::target::Period as Month;
    use lobbydesk::report::targets::TargetReport;
    use lobbydesk::store::report::Bounds;
    use std::time::Instant;
    let Ok(path) = std::env::var("LOBBYDESK_POINTS_DB") else {
        return;
    };
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    let db = store.db();
    let catalog = Catalog::shipped();
    let now = Utc::now();
    let today = now.with_timezone(&beijing()).date_naive();
    let month = Month::month_of(today);
    let p = Period::new(month.first(), month.last()).unwrap();
    let b = Bounds::new(p.from, p.to, |_| beijing(), now);
    let time = |what: &str, f: &mut dyn FnMut()| {
        let mut t = Vec::new();
        for _ in 0..7 {
            let s = Instant::now();
            f();
            t.push(s.elapsed().as_secs_f64() * 1000.0);
        }
        let first = t[0];
        t.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("{what}: first {first:.2} ms, median {:.2} ms", t[3]);
    };
    println!("month {} .. {}", p.from, p.to);
    time("points, old (records over the month)", &mut || {
        db.report_staff(&b).unwrap();
    });
    time("points, new (Report::standings)", &mut || {
        Report::standings(&db, &catalog, p, beijing(), now).unwrap();
    });
    time("Mine: my_referrals (T01)", &mut || {
        db.my_referrals("T01", &b).unwrap();
    });
    time("Mine: my_credits (T01)", &mut || {
        db.my_credits("T01", &b).unwrap();
    });
    time("targets of the month", &mut || {
        TargetReport::compute(&db, &catalog, month, today, beijing(), now).unwrap();
    });
    time("Review: the day's report", &mut || {
        Report::compute(&db, &catalog, Period::day(today), beijing(), now).unwrap();
    });
    let campaigns = db.campaigns().unwrap();
    println!("{} campaigns", campaigns.len());
    time("campaigns, old (audience live)", &mut || {
        for c in &campaigns {
            lobbydesk::ops::campaigns::figures(&db, &catalog, now, c).unwrap();
        }
    });
    time("campaigns, new (kept audience, sent)", &mut || {
        for c in &campaigns {
            db.campaign_kept_audience(c.id).unwrap();
            db.campaign_sent(c.id).unwrap();
        }
    });
}
