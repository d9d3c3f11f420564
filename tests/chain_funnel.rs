//! The funnel of referral chains kept on each original card (migration 022):
//! the kept columns, added up over a range's original cards, equal the
//! funnel computed from every card of the chains, for every day and range of
//! a generated history (whose chains are accepted, referred on and settled
//! on later days), after each step of a chain changed on later days through
//! the operations, after a change or a deletion made in SQL, and in a file
//! of an earlier schema once migrated.

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::demo;
use lobbydesk::domain::card::Outcome;
use lobbydesk::ops::{cards, day};
use lobbydesk::report::{Period, Report};
use lobbydesk::store::report::{Bounds, FunnelRow};
use lobbydesk::store::Store;
use support::history::*;
use support::*;

fn bounds(from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Bounds {
    Bounds::new(from, to, |_| beijing(), now)
}

/// The kept funnel and the one from the chains' cards, asserted equal.
fn funnel(store: &Store, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> FunnelRow {
    let db = store.db();
    let b = bounds(from, to, now);
    let kept = db.report_funnel(&b).unwrap();
    let chains = db.report_funnel_from_chains(&b).unwrap();
    assert_eq!(kept, chains, "{from}..={to}");
    kept
}

#[test]
fn the_kept_funnel_equals_the_chains_for_every_day_and_range_of_a_history() {
    let (_dir, store) = history(30, 5, 80);
    // The history's chains change after the day they began.
    let later = sql(
        &store,
        "SELECT count(*) FROM cards k JOIN cards r ON r.id = k.root_id
         WHERE k.id <> r.id OR k.accepted_at / 86400 > r.created_at / 86400
            OR k.outcome_at / 86400 > r.created_at / 86400",
    );
    assert!(later > 0, "chains changed on later days or referred on");
    assert!(
        sql(
            &store,
            "SELECT count(*) FROM cards WHERE parent_id IS NOT NULL"
        ) > 0
    );
    let days = demo::business_days(last_day(), 30);
    let now = at(last_day() + Duration::days(2), 9);
    let mut sum = FunnelRow::default();
    for &d in &days {
        let f = funnel(&store, d, d, now);
        sum.created += f.created;
        sum.accepted += f.accepted;
        sum.contracted += f.contracted;
        sum.amount_cents += f.amount_cents;
    }
    let all = funnel(&store, days[0], last_day(), now);
    assert_eq!(all, sum, "the days add up to the range");
    assert!(all.created > 0 && all.accepted > 0 && all.contracted > 0);
    for w in days.windows(7).step_by(3) {
        funnel(&store, w[0], w[6], now);
    }
    // The report's funnel is the kept one.
    let r = Report::compute(
        &store.db(),
        &Catalog::shipped(),
        Period::new(days[0], last_day()).unwrap(),
        beijing(),
        now,
    )
    .unwrap();
    let f = &r.referrals.funnel;
    assert_eq!(
        (f.created, f.accepted, f.contracted, f.contracted_cents),
        (all.created, all.accepted, all.contracted, all.amount_cents)
    );
}

#[test]
fn a_chain_changed_on_later_days_counts_on_the_day_it_began() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = open_store(&dir);
    for s in [
        teller("T01", "王芳", 1),
        manager("L01", "陈静", "lobby"),
        manager("W01", "赵敏", "wealth"),
        manager("C01", "孙强", "credit"),
    ] {
        put_staff(&mut store, &s);
    }
    let d1 = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let d2 = d1 + Duration::days(1);
    let d3 = d1 + Duration::days(2);
    let t = register_as(
        &mut store,
        "T01",
        at(d1, 10),
        &lobbydesk::ops::tickets::check_walkin(
            &Catalog::shipped(),
            lobbydesk::i18n::Lang::En,
            "A",
            "normal",
            "张伟",
            "13912345678",
        )
        .unwrap_or_else(|_| panic!("a plain walk-in")),
    )
    .unwrap();
    let card = as_(&mut store, "T01", at(d1, 10), |db, op| {
        let card = cards::NewCard {
            ticket: t.id,
            need: "wmp".into(),
            line: "wealth".into(),
            consent: true,
            note: "想了解".into(),
            name: None,
            mobile: None,
        };
        cards::flag_card(db, op, &card)
    })
    .unwrap();
    let now = at(d3, 20);
    let row = |c, a, k, cents| FunnelRow {
        created: c,
        accepted: a,
        contracted: k,
        amount_cents: cents,
    };
    assert_eq!(funnel(&store, d1, d1, now), row(1, 0, 0, 0));
    as_(&mut store, "L01", at(d1, 18), |db, op| {
        day::close_day(db, op, d1, beijing())
    })
    .unwrap();
    as_(&mut store, "W01", at(d2, 9), |db, op| {
        cards::accept_card(db, op, card.id)
    })
    .unwrap();
    assert_eq!(funnel(&store, d1, d1, now), row(1, 1, 0, 0));
    assert_eq!(funnel(&store, d2, d2, now), row(0, 0, 0, 0));
    let (_, child) = as_(&mut store, "W01", at(d2, 10), |db, op| {
        cards::refer_on(db, op, card.id, "credit", "mortgage", "想买房")
    })
    .unwrap();
    assert_eq!(funnel(&store, d1, d1, now), row(1, 1, 0, 0), "one chain");
    as_(&mut store, "C01", at(d3, 9), |db, op| {
        cards::accept_card(db, op, child.id)?;
        cards::record_outcome(
            db,
            op,
            child.id,
            &Outcome::Contracted {
                product: "cd".into(),
                amount_cents: 50_000_000,
            },
            None,
            false,
        )
    })
    .unwrap();
    assert_eq!(funnel(&store, d1, d3, now), row(1, 1, 1, 50_000_000));
    // A change and a deletion made in SQL keep the funnel too.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE cards SET amount_cents = 700000 WHERE id = ?1",
        [child.id],
    )
    .unwrap();
    assert_eq!(funnel(&store, d1, d1, now), row(1, 1, 1, 700000));
    conn.execute("DELETE FROM cards WHERE id = ?1", [child.id])
        .unwrap();
    assert_eq!(funnel(&store, d1, d1, now), row(1, 1, 0, 0));
    conn.execute("UPDATE cards SET accepted_at = NULL", [])
        .unwrap();
    assert_eq!(funnel(&store, d1, d1, now), row(1, 0, 0, 0));
}

#[test]
fn a_file_of_an_earlier_schema_gets_its_chains_kept_when_migrated() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("branch.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema2.db"),
        &path,
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(sql(&store, "SELECT count(*) FROM cards"), 15);
    let from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let f = funnel(&store, from, to, at(to, 9));
    assert!(f.created > 0, "{f:?}");
    for d in 19..=23 {
        let d = NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        funnel(&store, d, d, at(to, 9));
    }
}
