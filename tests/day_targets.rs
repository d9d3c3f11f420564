//! Closed-day target rows: each day's close keeps what every person and line
//! did by need and product, the targets add up the kept days and read the
//! records only for the days still open, and the sum equals the computation
//! from the records for every day of a generated history; days closed before
//! the rows were kept get them once.

mod support;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::demo;
use lobbydesk::domain::target::{Measure, Period, Scope, Target, Whom};
use lobbydesk::ops::{day, targets};
use lobbydesk::report::targets::{done, TargetReport};
use lobbydesk::store::report::Bounds;
use lobbydesk::store::targets::TargetRow;
use lobbydesk::store::Store;
use support::history::*;
use support::*;

fn forget_kept_rows(store: &Store) {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute("DELETE FROM day_targets", []).unwrap();
}

/// The rows of `from..=to` read from the records in one range.
fn from_records(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<TargetRow> {
    let b = Bounds::new(from, to, |_| beijing(), now);
    store.db().target_rows(&b).unwrap()
}

/// The rows with the product a card had at its day's close: referrals and
/// contacts by need only (a card's product comes with its contract, which
/// may come after the day it was made closed), contracts by need and product.
fn as_counted(rows: Vec<TargetRow>) -> Vec<TargetRow> {
    let mut out: std::collections::BTreeMap<_, TargetRow> = Default::default();
    for r in rows {
        let split = [
            (None, [r.referrals, 0, 0, r.contacts]),
            (r.product.clone(), [0, r.contracts, r.amount_cents, 0]),
        ];
        for (product, n) in split {
            if n.iter().all(|x| *x == 0) {
                continue;
            }
            let k = (
                r.kind.clone(),
                r.code.clone(),
                r.need.clone(),
                product.clone(),
            );
            let e = out.entry(k).or_insert_with(|| TargetRow {
                product,
                referrals: 0,
                contracts: 0,
                amount_cents: 0,
                contacts: 0,
                ..r.clone()
            });
            e.referrals += n[0];
            e.contracts += n[1];
            e.amount_cents += n[2];
            e.contacts += n[3];
        }
    }
    out.into_values().collect()
}

fn kept_then_open(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<TargetRow> {
    done::rows(&store.db(), from, to, &beijing(), now).unwrap()
}

/// A target of every measure and scope on people and lines of the demo.
fn set_targets(store: &mut Store, now: DateTime<Utc>) {
    let period = Period::month_of(last_day());
    let all = [
        (Whom::Person("W01".into()), Measure::Contracts, Scope::All),
        (Whom::Person("T01".into()), Measure::Referrals, Scope::All),
        (Whom::Person("W01".into()), Measure::Contacts, Scope::All),
        (
            Whom::Person("W01".into()),
            Measure::Amount,
            Scope::Product("fund".into()),
        ),
        (
            Whom::Line("wealth".into()),
            Measure::Referrals,
            Scope::Need("wmp".into()),
        ),
        (Whom::Line("credit".into()), Measure::Contracts, Scope::All),
        (Whom::Line("wealth".into()), Measure::Contacts, Scope::All),
        // Counted by the product cards have now: from the records.
        (
            Whom::Line("wealth".into()),
            Measure::Referrals,
            Scope::Product("fund".into()),
        ),
        (
            Whom::Person("W01".into()),
            Measure::Contacts,
            Scope::Product("fund".into()),
        ),
    ];
    for (whom, measure, scope) in all {
        let t = Target {
            whom,
            measure,
            scope,
            period,
            value: 50,
        };
        as_(store, "H01", now, |db, op| targets::set_target(db, op, &t)).unwrap();
    }
}

#[test]
fn every_day_and_every_month_to_date_adds_up_to_the_records() {
    let (_dir, mut store) = history(24, 7, 60);
    let days = demo::business_days(last_day(), 24);
    let now = at(last_day() + Duration::days(2), 10);
    assert_eq!(
        sql(&store, "SELECT count(*) FROM day_targets"),
        days.len() as i64,
        "each close kept its rows"
    );
    let some = |rows: &[TargetRow]| rows.iter().map(|r| r.referrals + r.contacts).sum::<i64>();
    for d in &days {
        let kept = as_counted(kept_then_open(&store, *d, *d, now));
        assert_eq!(kept, as_counted(from_records(&store, *d, *d, now)), "{d}");
    }
    let whole = kept_then_open(&store, days[0], last_day(), now);
    assert!(some(&whole) > 100, "the history has cards and contacts");
    assert_eq!(
        as_counted(whole),
        as_counted(from_records(&store, days[0], last_day(), now))
    );

    // The targets as of each day of the month, from the kept rows and then
    // from the records alone: the same figures.
    set_targets(&mut store, now);
    let month = Period::month_of(last_day());
    let report = |store: &Store, as_of: NaiveDate| {
        let catalog = Catalog::shipped();
        TargetReport::compute(&store.db(), &catalog, month, as_of, beijing(), now).unwrap()
    };
    let as_of: Vec<NaiveDate> = days.iter().copied().filter(|d| d.month() == 11).collect();
    let kept: Vec<TargetReport> = as_of.iter().map(|d| report(&store, *d)).collect();
    assert!(kept.last().unwrap().targets.iter().any(|t| t.done > 0));
    forget_kept_rows(&store);
    for (d, k) in as_of.iter().zip(&kept) {
        assert_eq!(k, &report(&store, *d), "as of {d}");
    }
}

#[test]
fn a_contract_after_the_close_counts_on_its_own_day() {
    let (_dir, store) = history(3, 7, 60);
    let now = at(last_day() + Duration::days(2), 10);
    let today = now.with_timezone(&beijing()).date_naive();
    let before = kept_then_open(&store, last_day(), today, now);
    let before_closed = kept_then_open(&store, last_day(), last_day(), now);
    // A card of the closed last day is contracted today.
    let card: i64 = sql(
        &store,
        "SELECT id FROM cards WHERE status <> 'contracted' ORDER BY id DESC LIMIT 1",
    );
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE cards SET status = 'contracted', outcome_at = ?1, amount_cents = 100 WHERE id = ?2",
        rusqlite::params![now.timestamp(), card],
    )
    .unwrap();
    // The closed day's rows do not move.
    let closed_day = |store: &Store| kept_then_open(store, last_day(), last_day(), now);
    assert_eq!(closed_day(&store), before_closed);
    let after = kept_then_open(&store, last_day(), today, now);
    let contracts = |rows: &[TargetRow]| {
        rows.iter()
            .filter(|r| r.kind == "line")
            .map(|r| r.contracts)
            .sum::<i64>()
    };
    assert_eq!(
        contracts(&after),
        contracts(&before) + 1,
        "counted on today"
    );
    assert_eq!(
        as_counted(after),
        as_counted(from_records(&store, last_day(), today, now))
    );
}

#[test]
fn days_closed_before_target_rows_were_kept_get_them_once() {
    let (_dir, mut store) = history(5, 7, 60);
    let now = at(last_day() + Duration::days(2), 9);
    let days = demo::business_days(last_day(), 5);
    forget_kept_rows(&store);
    let events = store.db().last_event_id().unwrap();
    as_(&mut store, "L01", now, |db, op| {
        day::close_past_days(db, op, beijing())
    })
    .unwrap();
    // The closed days, and the days between them the branch did not open,
    // kept with no rows (checked once).
    let closed = "SELECT count(*) FROM day_targets JOIN day_closes USING (day)";
    assert_eq!(sql(&store, closed), 5);
    let calendar = (now.date_naive() - days[0]).num_days();
    assert_eq!(sql(&store, "SELECT count(*) FROM day_targets"), calendar);
    let quiet = "SELECT count(*) FROM day_targets WHERE rows = '[]'
                 AND day NOT IN (SELECT day FROM day_closes)";
    assert_eq!(sql(&store, quiet), calendar - 5);
    assert_eq!(store.db().last_event_id().unwrap(), events + 1, "one event");
    // Kept from the records as they stand when kept.
    let whole = from_records(&store, days[0], last_day(), now);
    assert_eq!(kept_then_open(&store, days[0], last_day(), now), whole);
    as_(&mut store, "L01", now, |db, op| {
        day::close_past_days(db, op, beijing())
    })
    .unwrap();
    assert_eq!(store.db().last_event_id().unwrap(), events + 1, "kept once");
}

#[test]
fn a_day_the_branch_did_not_open_keeps_the_contacts_logged_on_it() {
    let (_dir, mut store) = history(5, 7, 60);
    let sunday = last_day() + Duration::days(1);
    let monday = at(sunday + Duration::days(1), 9);
    let prospect: i64 = sql(&store, "SELECT id FROM prospects ORDER BY id LIMIT 1");
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "INSERT INTO contacts (prospect_id, at, \"by\", channel, summary) VALUES (?1, ?2, 'W01', 'phone', 'x')",
        rusqlite::params![prospect, at(sunday, 11).timestamp()],
    )
    .unwrap();
    let records = from_records(&store, sunday, sunday, monday);
    assert!(records.iter().any(|r| r.contacts == 1), "{records:?}");
    let events = store.db().last_event_id().unwrap();
    as_(&mut store, "L01", monday, |db, op| {
        day::close_past_days(db, op, beijing())
    })
    .unwrap();
    let kept = |d: NaiveDate| format!("SELECT count(*) FROM day_targets WHERE day = '{d}'");
    assert_eq!(sql(&store, &kept(sunday)), 1, "the Sunday's rows kept");
    assert_eq!(
        sql(
            &store,
            "SELECT count(*) FROM day_closes WHERE day = '2026-11-22'"
        ),
        0
    );
    assert_eq!(store.db().last_event_id().unwrap(), events + 1, "one event");
    assert_eq!(kept_then_open(&store, sunday, sunday, monday), records);
    // The next process keeps nothing more, nor has any day left to look at.
    as_(&mut store, "L01", monday, |db, op| {
        day::close_past_days(db, op, beijing())
    })
    .unwrap();
    assert_eq!(store.db().last_event_id().unwrap(), events + 1);
    assert!(store
        .db()
        .quiet_days_without_targets(monday.date_naive())
        .unwrap()
        .is_empty());
}
