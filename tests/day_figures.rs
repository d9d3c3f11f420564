//! Closed-day figures: a range report adds up the figures each day kept at
//! its close and reads the records only for the days still open; the sum
//! equals the computation from the records for every day of a generated
//! history, changes made after a close count on the day they were made, and
//! days closed before figures were kept get them once, with one event.

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::demo;
use lobbydesk::ops::day;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::Store;
use support::history::*;
use support::*;

fn summed(store: &Store, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Report {
    let p = Period::new(from, to).unwrap();
    Report::compute(&store.db(), &Catalog::shipped(), p, beijing(), now).unwrap()
}

fn recomputed(store: &Store, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Report {
    let p = Period::new(from, to).unwrap();
    Report::live(&store.db(), &Catalog::shipped(), p, beijing(), now).unwrap()
}

/// The JSON paths where two reports differ, with both values.
fn differences(a: &Report, b: &Report) -> Vec<String> {
    fn walk(p: String, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
        use serde_json::Value::{Array, Object};
        match (a, b) {
            (Object(x), Object(y)) => {
                for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                    let n = serde_json::Value::Null;
                    walk(
                        format!("{p}.{k}"),
                        x.get(k).unwrap_or(&n),
                        y.get(k).unwrap_or(&n),
                        out,
                    );
                }
            }
            (Array(x), Array(y)) if x.len() == y.len() => {
                for (i, (u, v)) in x.iter().zip(y).enumerate() {
                    walk(format!("{p}[{i}]"), u, v, out);
                }
            }
            _ if a != b => out.push(format!("{p}: {a} != {b}")),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(
        String::new(),
        &serde_json::to_value(a).unwrap(),
        &serde_json::to_value(b).unwrap(),
        &mut out,
    );
    out
}

#[test]
fn every_range_of_a_history_adds_up_to_its_records() {
    let (_dir, store) = history(24, 11, 60);
    let days = demo::business_days(last_day(), 24);
    assert_eq!(
        sql(&store, "SELECT count(*) FROM day_figures"),
        days.len() as i64,
        "every closed day kept its figures"
    );
    let now = at(last_day() + Duration::days(2), 12);
    // Every day on its own (as a one-day range beside an empty day, so the
    // closed day's kept figures are what is read), every week, the whole
    // history, and a range reaching past it into days with no record.
    let mut ranges: Vec<(NaiveDate, NaiveDate)> =
        days.iter().map(|d| (*d, d.succ_opt().unwrap())).collect();
    ranges.extend(days.chunks(6).map(|w| (w[0], *w.last().unwrap())));
    ranges.push((days[0], last_day()));
    ranges.push((days[0] - Duration::days(3), last_day() + Duration::days(2)));
    let mut changed_later = 0;
    for (from, to) in ranges {
        let mut s = summed(&store, from, to, now);
        let r = recomputed(&store, from, to, now);
        // A card whose outcome was `intent` and that was contracted on a
        // later day: the records now say contracted (counted on that day
        // by both); the closed day still counts its intent, as it stood.
        let intent = intent_as_it_stood(&store, from, to);
        assert_eq!(s.referrals.intent, intent, "{from}..{to}");
        changed_later += intent - r.referrals.intent;
        s.referrals.intent = r.referrals.intent;
        // So with a prospect handed back and reassigned by the head on a
        // later day: its day counts the hand-back.
        let back = handed_back_as_it_stood(&store, from, to);
        assert_eq!(s.followups.handed_back, back, "{from}..{to}");
        changed_later += back - r.followups.handed_back;
        s.followups.handed_back = r.followups.handed_back;
        assert_eq!(differences(&s, &r), Vec::<String>::new(), "{from}..{to}");
        assert_eq!(s, r, "{from}..{to}");
    }
    assert!(changed_later > 0, "the history changes closed days' cards");
    let whole = summed(&store, days[0], last_day(), now);
    assert!(whole.visits.arrived > 1000 && whole.waits.all.count > 500);
    assert!(whole.referrals.accepted > 0 && whole.followups.contacted > 0);
}

/// Cards given the outcome `intent` in `from..=to` and not given another
/// before the end of that local day (when it closed), from the event trail.
fn intent_as_it_stood(store: &Store, from: NaiveDate, to: NaiveDate) -> i64 {
    let start = at(from, 0).timestamp();
    let end = at(to.succ_opt().unwrap(), 0).timestamp();
    sql(
        store,
        &format!(
            "SELECT count(*) FROM events e
             WHERE e.kind = 'card.outcome' AND json_extract(e.details, '$.status') = 'intent'
               AND e.at >= {start} AND e.at < {end}
               AND NOT EXISTS (
                 SELECT 1 FROM events l
                 WHERE l.record = 'card' AND l.record_id = e.record_id AND l.id > e.id
                   AND l.kind IN ('card.outcome', 'card.contracted')
                   AND (l.at + 28800) / 86400 = (e.at + 28800) / 86400)"
        ),
    )
}

/// Prospects handed back in `from..=to` and not reassigned before the end
/// of that local day, from the event trail.
fn handed_back_as_it_stood(store: &Store, from: NaiveDate, to: NaiveDate) -> i64 {
    let start = at(from, 0).timestamp();
    let end = at(to.succ_opt().unwrap(), 0).timestamp();
    sql(
        store,
        &format!(
            "SELECT count(*) FROM events e
             WHERE e.kind = 'prospect.hand_back' AND e.at >= {start} AND e.at < {end}
               AND NOT EXISTS (
                 SELECT 1 FROM events l
                 WHERE l.record = 'prospect' AND l.record_id = e.record_id AND l.id > e.id
                   AND l.kind = 'prospect.reassign'
                   AND (l.at + 28800) / 86400 = (e.at + 28800) / 86400)"
        ),
    )
}

#[test]
fn a_range_reads_a_closed_day_from_its_kept_figures() {
    let (_dir, store) = history(3, 11, 60);
    let days = demo::business_days(last_day(), 3);
    let now = at(last_day() + Duration::days(1), 12);
    let before = summed(&store, days[0], last_day(), now);
    // Rewritten behind the application's back: a closed day stands.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE tickets SET status = 'no_show' WHERE day = ?1 AND status = 'done'",
        [days[1].to_string()],
    )
    .unwrap();
    assert_eq!(summed(&store, days[0], last_day(), now), before);
    assert_ne!(
        recomputed(&store, days[0], last_day(), now).visits,
        before.visits
    );
}

#[test]
fn a_change_after_a_close_counts_on_the_day_it_was_made() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = open_store(&dir);
    for s in [
        teller("T01", "王芳", 1),
        manager("L01", "陈静", "lobby"),
        manager("W01", "赵敏", "wealth"),
    ] {
        put_staff(&mut store, &s);
    }
    let d1 = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let d2 = d1.succ_opt().unwrap();
    let t = register_as(
        &mut store,
        "T01",
        at(d1, 10),
        &walkin("张伟", "13912345678"),
    )
    .unwrap();
    let card = as_(&mut store, "T01", at(d1, 10), |db, op| {
        let card = lobbydesk::ops::cards::NewCard {
            ticket: t.id,
            need: "wmp".into(),
            line: "wealth".into(),
            consent: true,
            note: "想了解".into(),
            name: None,
            mobile: None,
        };
        lobbydesk::ops::cards::flag_card(db, op, &card)
    })
    .unwrap();
    as_(&mut store, "L01", at(d1, 18), |db, op| {
        day::close_day(db, op, d1, beijing())
    })
    .unwrap();
    // Next day the card is accepted: a change to the closed day's card.
    as_(&mut store, "W01", at(d2, 9), |db, op| {
        lobbydesk::ops::cards::accept_card(db, op, card.id)
    })
    .unwrap();
    let now = at(d2, 12);
    let first = Report::compute(
        &store.db(),
        &Catalog::shipped(),
        Period::day(d1),
        beijing(),
        now,
    )
    .unwrap();
    assert!(first.closed.is_some());
    assert_eq!(
        (first.referrals.created, first.referrals.accepted),
        (1, 0),
        "the closed day as it was"
    );
    let both = summed(&store, d1, d2, now);
    assert_eq!((both.referrals.created, both.referrals.accepted), (1, 1));
    assert_eq!(both, recomputed(&store, d1, d2, now));
    let second = summed(&store, d2, d2, now);
    assert_eq!(
        second.referrals.accepted, 1,
        "counted on the day it was made"
    );
    assert_eq!(second.visits.arrived, 0);
}

#[test]
fn days_closed_before_figures_were_kept_get_them_once() {
    let (_dir, mut store) = history(5, 11, 60);
    let days = demo::business_days(last_day(), 5);
    let now = at(last_day() + Duration::days(2), 9);
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute("DELETE FROM day_figures", []).unwrap();
    // Without them, the range is read from the records as they stand.
    let records = recomputed(&store, days[0], last_day(), now);
    assert_eq!(summed(&store, days[0], last_day(), now), records);
    let events = store.db().last_event_id().unwrap();
    let kept = as_(&mut store, "L01", now, |db, op| {
        day::close_past_days(db, op, beijing())
    });
    assert!(kept.unwrap().is_empty(), "nothing left to close");
    assert_eq!(sql(&store, "SELECT count(*) FROM day_figures"), 5);
    assert_eq!(store.db().last_event_id().unwrap(), events + 1);
    assert_eq!(
        sql(
            &store,
            "SELECT count(*) FROM events WHERE kind = 'day.figures'"
        ),
        1
    );
    // Kept from the records as they stand when kept.
    assert_eq!(summed(&store, days[0], last_day(), now), records);
    // Once kept, the next process keeps nothing more.
    as_(&mut store, "L01", now, |db, op| {
        day::close_past_days(db, op, beijing())
    })
    .unwrap();
    assert_eq!(store.db().last_event_id().unwrap(), events + 1);
}

#[test]
fn counters_times_are_kept_per_day_unless_a_pause_is_open_at_the_close() {
    let (_dir, mut store) = history(3, 11, 60);
    let days = demo::business_days(last_day(), 3);
    // Two days after the history: a lunch on the first; on the second a
    // training still open at the close, ended the day after.
    let d1 = last_day() + Duration::days(2);
    let d2 = d1 + Duration::days(1);
    let d3 = d2 + Duration::days(1);
    let pause = |store: &mut Store, at: DateTime<Utc>, reason: &str| {
        as_(store, "L01", at, |db, op| {
            lobbydesk::ops::counters::pause_counter(db, op, 1, reason)
        })
        .unwrap();
    };
    let reopen = |store: &mut Store, at: DateTime<Utc>| {
        as_(store, "L01", at, |db, op| {
            lobbydesk::ops::counters::reopen_counter(db, op, 1)
        })
        .unwrap();
    };
    let close = |store: &mut Store, d: NaiveDate| {
        as_(store, "L01", at(d, 18), |db, op| {
            day::close_day(db, op, d, beijing())
        })
        .unwrap();
    };
    pause(&mut store, at(d1, 12), "lunch");
    reopen(&mut store, at(d1, 13));
    close(&mut store, d1);
    pause(&mut store, at(d2, 15), "training");
    close(&mut store, d2);
    reopen(&mut store, at(d3, 9));
    let now = at(d3, 12);
    // (The history's cards changed after their close differ as they should:
    // `every_range_of_a_history_adds_up_to_its_records`.)
    for (from, to) in [(days[0], d3), (d1, d2), (d2, d3), (days[0], last_day())] {
        assert_eq!(
            summed(&store, from, to, now).counters,
            recomputed(&store, from, to, now).counters,
            "{from}..{to}"
        );
    }
    let whole = summed(&store, days[0], d3, now);
    let one = whole
        .counters
        .by_counter
        .iter()
        .find(|c| c.counter == 1)
        .expect("counter 1");
    assert!(one.times.calls > 0 && one.times.walks > 0, "{one:?}");
    assert_eq!(one.times.paused_by_reason["lunch"], 60.0);
    assert_eq!(one.times.paused_by_reason["training"], 18.0 * 60.0);
    // The first day is read from what it kept, the second (a pause open at
    // its close) from its records.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE counter_pauses SET reopened_at = paused_at + 60 WHERE day = ?1",
        [d1.to_string()],
    )
    .unwrap();
    conn.execute(
        "UPDATE tickets SET started_at = called_at WHERE day = ?1",
        [days[1].to_string()],
    )
    .unwrap();
    let again = summed(&store, days[0], d3, now);
    assert_eq!(again.counters.by_counter, whole.counters.by_counter);
    assert_ne!(
        recomputed(&store, days[0], d3, now).counters,
        whole.counters
    );
}

fn walkin(name: &str, mobile: &str) -> lobbydesk::ops::tickets::Walkin {
    lobbydesk::ops::tickets::check_walkin(
        &Catalog::shipped(),
        lobbydesk::i18n::Lang::En,
        "A",
        "normal",
        name,
        mobile,
    )
    .unwrap_or_else(|_| panic!("a plain walk-in"))
}
