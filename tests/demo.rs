//! The demo branch on a real SQLite file: roster, a morning in progress, history.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::demo::{self, HistoryOptions};
use lobbydesk::domain::card::CardStatus;
use lobbydesk::domain::followup::{self, Bucket, Rules, Stage};
use lobbydesk::domain::ticket::{ticket_number, Status};
use lobbydesk::domain::validate;
use lobbydesk::store::cards::CardView;
use lobbydesk::store::prospects::Filter;
use lobbydesk::store::Store;
use rusqlite::Connection;

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// Local Beijing time on 2026-11-23 (a Monday).
fn monday_at(hour: u32, min: u32) -> DateTime<Utc> {
    beijing()
        .with_ymd_and_hms(2026, 11, 23, hour, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("demo.db")).unwrap();
    (dir, store)
}

/// The demo's roster and its morning at `at`, on a new file.
fn morning_at(at: DateTime<Utc>) -> (tempfile::TempDir, Store, Clock) {
    let (dir, mut store) = fresh();
    let clock = Clock::fixed(at, beijing());
    demo::seed_roster(&mut store, at).unwrap();
    demo::morning(&mut store, &clock, &Catalog::shipped()).unwrap();
    (dir, store, clock)
}

fn sql(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn count(conn: &Connection, query: &str) -> i64 {
    conn.query_row(query, [], |r| r.get(0)).unwrap()
}

/// `visits`: the tickets of the morning itself (the follow-up list's cards
/// were flagged on visits of earlier days, as every card is on a visit).
fn morning_visits(conn: &Connection, today: NaiveDate) {
    conn.execute_batch(&format!(
        "CREATE TEMP VIEW visits AS SELECT * FROM tickets WHERE day = '{today}'"
    ))
    .unwrap();
}

#[test]
fn the_roster_has_the_demo_branch_people() {
    let (_dir, mut store) = fresh();
    demo::seed_roster(&mut store, monday_at(8, 0)).unwrap();
    let db = store.db();
    let expect: [(&str, &str, Option<u32>); 8] = [
        ("L01", "lobby", None),
        ("T01", "teller", Some(1)),
        ("T02", "teller", Some(2)),
        ("T03", "teller", Some(3)),
        ("W01", "wealth", None),
        ("C01", "credit", None),
        ("H01", "head", None),
        ("D01", "display", None),
    ];
    for (code, role, counter) in expect {
        let s = db.staff(code).unwrap().unwrap_or_else(|| panic!("{code}"));
        assert!(s.has_role(role), "{code} is {role}");
        assert_eq!(s.counter, counter, "{code}'s counter");
        assert!(s.active);
        assert!(!s.name.is_ascii(), "{code} has a Chinese name");
    }
    let conn = sql(store.path());
    let events = "SELECT count(*) FROM events WHERE kind = 'staff.add'";
    assert_eq!(count(&conn, events), 8);
    demo::seed_roster(&mut store, monday_at(8, 5)).unwrap();
    assert_eq!(count(&conn, events), 8, "seeding again changes nothing");
    assert_eq!(demo::lobby_manager(), "L01");
}

/// Numbers are the service letter and the day's sequence, 1, 2, 3... per service.
fn assert_numbering(conn: &Connection) {
    let mut stmt = conn
        .prepare("SELECT day, service, seq, number FROM tickets ORDER BY day, service, seq")
        .unwrap();
    let mut expected: HashMap<(String, String), u32> = HashMap::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (day, service, seq, number) = row.unwrap();
        let next = expected.entry((day.clone(), service.clone())).or_insert(1);
        assert_eq!(seq, *next, "{day} {service}: gap-free from 1");
        assert_eq!(number, ticket_number(&service, seq));
        *next += 1;
    }
    let dupes = count(
        conn,
        "SELECT count(*) FROM (SELECT day, number FROM tickets GROUP BY day, number HAVING count(*) > 1)",
    );
    assert_eq!(dupes, 0, "numbers are unique within a day");
}

#[test]
fn a_morning_has_a_queue_counters_and_finished_visits() {
    let (_dir, store, clock) = morning_at(monday_at(10, 30));
    let catalog = Catalog::shipped();

    let now = clock.now();
    let today = clock.today();
    let open = store.db().open_tickets(today).unwrap();
    let waiting: Vec<_> = open
        .iter()
        .filter(|t| t.status == Status::Waiting)
        .collect();
    assert!(
        (5..=8).contains(&waiting.len()),
        "{} waiting",
        waiting.len()
    );
    let alert = Duration::minutes(catalog.thresholds.wait_alert_minutes);
    let warning = Duration::minutes(catalog.thresholds.wait_warning_minutes);
    assert!(
        waiting.iter().any(|t| t.wait(now) > alert),
        "one past 15 min"
    );
    assert!(
        waiting
            .iter()
            .any(|t| t.wait(now) > warning && t.wait(now) <= alert),
        "one past 6 min"
    );
    for counter in 1..=3u32 {
        let at: Vec<_> = open
            .iter()
            .filter(|t| t.status.holds_counter() && t.counter == Some(counter))
            .collect();
        assert_eq!(at.len(), 1, "one ticket at counter {counter}");
        let teller = format!("T0{counter}");
        assert_eq!(at[0].teller.as_deref(), Some(teller.as_str()));
    }
    assert!(open
        .iter()
        .any(|t| t.status == Status::Serving && t.started_at.is_some()));
    assert_eq!(
        open.iter().filter(|t| t.status == Status::OnHold).count(),
        1
    );

    let conn = sql(store.path());
    morning_visits(&conn, today);
    let total = count(&conn, "SELECT count(*) FROM visits");
    assert!((20..=34).contains(&total), "{total} tickets");
    let status = |s: &str| {
        count(
            &conn,
            &format!("SELECT count(*) FROM visits WHERE status = '{s}'"),
        )
    };
    assert!(status("done") > total / 2, "most are finished");
    assert!(status("no_show") >= 1);
    assert!(status("diverted") >= 1);
    let incomplete = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE status = 'done' AND (called_at IS NULL
         OR started_at IS NULL OR finished_at IS NULL OR teller IS NULL OR counter IS NULL
         OR NOT (arrived_at <= called_at AND called_at <= started_at AND started_at <= finished_at))",
    );
    assert_eq!(incomplete, 0, "finished tickets carry every stamp in order");
    let earliest: i64 = count(&conn, "SELECT min(arrived_at) FROM visits");
    assert!(earliest >= (now - Duration::minutes(100)).timestamp());
    assert!(count(&conn, "SELECT max(arrived_at) FROM tickets") <= now.timestamp());
    assert_numbering(&conn);
    // The earlier days' visits are those the follow-up list's cards were
    // flagged on: served, each with its card.
    let earlier = count(
        &conn,
        &format!(
            "SELECT count(*) FROM tickets t WHERE day <> '{today}' AND (status <> 'done'
             OR NOT EXISTS (SELECT 1 FROM cards k WHERE k.ticket_id = t.id))"
        ),
    );
    assert_eq!(earlier, 0, "earlier visits are served and carry a card");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM cards WHERE ticket_id IS NULL"),
        0,
        "every card is flagged on a visit"
    );

    let mut stmt = conn
        .prepare("SELECT mobile FROM clients WHERE mobile IS NOT NULL")
        .unwrap();
    let mobiles: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!mobiles.is_empty(), "some visits are known clients");
    for m in mobiles {
        assert!(validate::mobile(&m, true).is_ok(), "{m}");
    }
    let adds = count(
        &conn,
        "SELECT count(*) FROM events e JOIN visits t ON t.id = e.record_id
         WHERE e.kind = 'ticket.add'",
    );
    assert_eq!(adds, total, "every ticket has its add event");
    let tickets = count(&conn, "SELECT count(*) FROM tickets");
    let all_adds = count(
        &conn,
        "SELECT count(*) FROM events WHERE kind = 'ticket.add'",
    );
    assert_eq!(all_adds, tickets);
    for kind in ["call", "start", "finish", "no_show", "divert", "hold"] {
        let n = count(
            &conn,
            &format!("SELECT count(*) FROM events WHERE kind = 'ticket.{kind}'"),
        );
        assert!(n > 0, "ticket.{kind} events");
    }
}

#[test]
fn every_morning_has_the_same_shape() {
    // A different day draws a different morning; the shape stays.
    for d in 0..40 {
        let at = monday_at(9, 0) + Duration::days(d) + Duration::minutes(37 * d % 480);
        let (_dir, store, clock) = morning_at(at);
        let open = store.db().open_tickets(clock.today()).unwrap();
        // Six walk-ins waiting, and the client checked in for an appointment.
        let walkins = open.iter().filter(|t| t.routed_to.is_none());
        let waiting = walkins.filter(|t| t.status == Status::Waiting);
        let alert = Duration::minutes(15);
        assert_eq!(waiting.clone().count(), 6, "day {d}");
        let routed = open.iter().filter(|t| t.routed_to.is_some()).count();
        assert!(routed <= 1, "day {d}: {routed} checked in");
        assert!(waiting.clone().any(|t| t.wait(at) > alert), "day {d}");
        assert_eq!(open.iter().filter(|t| t.status.holds_counter()).count(), 3);
        assert_eq!(
            open.iter().filter(|t| t.status == Status::OnHold).count(),
            1
        );
        let conn = sql(store.path());
        morning_visits(&conn, clock.today());
        let total = count(&conn, "SELECT count(*) FROM visits");
        assert!((20..=34).contains(&total), "day {d}: {total} tickets");
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM visits WHERE status = 'no_show'"
            ),
            2
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM visits WHERE status = 'diverted'"
            ),
            2
        );
        // Five cards flagged today and one referred on; twelve prospects.
        let midnight = local_midnight(clock.today()).timestamp();
        let cards = |cond: &str| {
            count(
                &conn,
                &format!("SELECT count(*) FROM cards WHERE created_at >= {midnight} AND {cond}"),
            )
        };
        assert_eq!(cards("parent_id IS NULL"), 5, "day {d}");
        assert_eq!(cards("parent_id IS NOT NULL AND line = 'wealth'"), 1);
        assert_eq!(cards("status = 'new'"), 3);
        assert_eq!(count(&conn, "SELECT count(*) FROM prospects"), 12);
    }
}

fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    beijing()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn an_early_morning_is_compressed_into_today() {
    let (_dir, mut store) = fresh();
    let clock = Clock::fixed(monday_at(0, 20), beijing());
    demo::seed_roster(&mut store, clock.now()).unwrap();
    demo::morning(&mut store, &clock, &Catalog::shipped()).unwrap();
    let conn = sql(store.path());
    let midnight = monday_at(0, 0).timestamp();
    morning_visits(&conn, clock.today());
    assert!(count(&conn, "SELECT min(arrived_at) FROM visits") >= midnight);
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM tickets WHERE day <> '2026-11-23' AND arrived_at >= {midnight}")
        ),
        0
    );
    let open = store.db().open_tickets(clock.today()).unwrap();
    assert!(open.iter().any(|t| t.status == Status::Waiting));
    assert_eq!(open.iter().filter(|t| t.status.holds_counter()).count(), 3);
    // Today's cards fit in the time there is; the follow-ups are of earlier days.
    let now = clock.now().timestamp();
    let today = format!("created_at >= {midnight}");
    let cards = count(&conn, &format!("SELECT count(*) FROM cards WHERE {today}"));
    assert!(cards >= 5, "{cards} cards today");
    let late = count(
        &conn,
        &format!(
            "SELECT count(*) FROM cards WHERE {today} AND (created_at > {now}
             OR coalesce(accepted_at, created_at) > {now} OR coalesce(outcome_at, 0) > {now}
             OR coalesce(accepted_at, created_at) < created_at)"
        ),
    );
    assert_eq!(late, 0);
    let future = count(
        &conn,
        &format!("SELECT count(*) FROM events WHERE at > {now}"),
    );
    assert_eq!(future, 0, "nothing happened after now");
    assert!(count(&conn, "SELECT count(*) FROM prospects") >= 8);
}

#[test]
fn history_writes_finished_business_days() {
    let (_dir, mut store) = fresh();
    let catalog = Catalog::shipped();
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let summary = demo::history(&mut store, &catalog, beijing(), last, 10, 7).unwrap();
    assert_eq!(summary.days, 10);
    let conn = sql(store.path());
    let tickets = count(&conn, "SELECT count(*) FROM tickets");
    assert_eq!(summary.tickets as i64, tickets);

    let days = demo::business_days(last, 10);
    assert_eq!(days.len(), 10);
    for day in &days {
        let n = count(
            &conn,
            &format!("SELECT count(*) FROM tickets WHERE day = '{day}'"),
        );
        assert!(n > 0, "{day} has visits");
    }
    assert_eq!(
        count(&conn, "SELECT count(DISTINCT day) FROM tickets"),
        10,
        "no Sundays, nothing outside the range"
    );
    assert!(
        (80..=160).contains(&(tickets / 10)),
        "about 120 a day: {}",
        tickets / 10
    );
    assert_numbering(&conn);

    let open = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE status NOT IN ('done', 'no_show', 'diverted')",
    );
    assert_eq!(open, 0, "every ticket ended");
    let incomplete = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE status = 'done' AND (called_at IS NULL
         OR started_at IS NULL OR finished_at IS NULL OR teller IS NULL OR counter IS NULL
         OR NOT (arrived_at <= called_at AND called_at <= started_at AND started_at <= finished_at))",
    );
    assert_eq!(incomplete, 0);
    let share = |cond: &str| {
        count(&conn, &format!("SELECT count(*) FROM tickets WHERE {cond}")) as f64 / tickets as f64
    };
    let no_show = share("status = 'no_show'");
    let diverted = share("status = 'diverted'");
    let priority = share("is_priority = 1");
    let personal = share("service = 'A'");
    assert!((0.01..0.06).contains(&no_show), "no-shows {no_show}");
    assert!((0.025..0.08).contains(&diverted), "diverted {diverted}");
    assert!((0.05..0.16).contains(&priority), "priority {priority}");
    assert!(personal > share("service = 'C'") && share("service = 'C'") > share("service = 'L'"));

    // Local hour of arrival, Beijing time.
    let hour = |h: i64| {
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM tickets WHERE ((arrived_at + 8 * 3600) / 3600) % 24 = {h}"
            ),
        )
    };
    assert!(
        hour(12) > hour(9),
        "lunchtime {} vs 9 o'clock {}",
        hour(12),
        hour(9)
    );
    assert_eq!(hour(8) + hour(17), 0, "arrivals only in opening hours");
    // Waits are longer at the lunchtime peak than at opening.
    let wait = |h: i64| -> f64 {
        conn.query_row(
            &format!(
                "SELECT avg(called_at - arrived_at) FROM tickets
                 WHERE called_at IS NOT NULL AND ((arrived_at + 8 * 3600) / 3600) % 24 = {h}"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(wait(12) > wait(9), "waits {} vs {}", wait(12), wait(9));

    let events = count(&conn, "SELECT count(*) FROM events");
    assert_eq!(summary.events as i64, events);
    assert!(
        events >= tickets * 3,
        "{events} events for {tickets} tickets"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE kind = 'ticket.add'"
        ),
        tickets
    );
    let tellers = count(
        &conn,
        "SELECT count(DISTINCT teller || '@' || counter) FROM tickets WHERE status = 'done'",
    );
    assert_eq!(tellers, 3, "T01..T03, each at their own counter");
}

#[test]
fn history_is_repeatable_for_a_seed() {
    let catalog = Catalog::shipped();
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let run = |seed| {
        let (_dir, mut store) = fresh();
        demo::history(&mut store, &catalog, beijing(), last, 3, seed).unwrap()
    };
    assert_eq!(run(3), run(3));
    assert_ne!(run(3), run(4));
}

/// The benchmark's scale: 250 business days at 400 visits a day (100,000
/// tickets). Run with `cargo test --release --test demo -- --ignored --nocapture`.
#[test]
#[ignore]
fn history_at_benchmark_scale() {
    let (_dir, mut store) = fresh();
    let catalog = Catalog::shipped();
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let options = HistoryOptions {
        days: 250,
        seed: 1,
        visits_per_day: 400,
        clients: None,
    };
    let started = std::time::Instant::now();
    let summary = demo::history_with(&mut store, &catalog, beijing(), last, &options).unwrap();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} days, {} tickets, {} cards, {} prospects, {} contacts, {} events in {secs:.2} s \
         ({:.0} tickets/s)",
        summary.days,
        summary.tickets,
        summary.cards,
        summary.prospects,
        summary.contacts,
        summary.events,
        summary.tickets as f64 / secs
    );
    assert_eq!(summary.days, 250);
    assert!(summary.tickets > 90_000);
    assert!(summary.cards >= 20_000, "80 cards a day");
    assert!(summary.prospects >= 10_000);
}

// ---------------------------------------------------------------------------
// Referral cards and the follow-up list.

fn rules(catalog: &Catalog) -> Rules {
    Rules {
        cadence_days: catalog.followup.cadence_days.clone(),
        alert_days: catalog.followup.overdue_alert_days,
        escalate_days: catalog.followup.escalate_days,
    }
}

/// Every `card.contracted` event credits the original referrer of its chain.
fn assert_credits_go_to_the_root(conn: &Connection) {
    let wrong = count(
        conn,
        "SELECT count(*) FROM events e
         JOIN cards k ON k.id = e.record_id JOIN cards r ON r.id = k.root_id
         WHERE e.kind = 'card.contracted'
           AND json_extract(e.details, '$.credited') IS NOT r.referrer",
    );
    assert_eq!(
        wrong, 0,
        "card.contracted credits the chain's root referrer"
    );
}

/// Each card, prospect and contact has the event the application writes.
fn assert_events_of_records(conn: &Connection) {
    let pairs = [
        ("cards", "card.add"),
        ("prospects", "prospect.add"),
        ("contacts", "prospect.contact"),
    ];
    for (table, kind) in pairs {
        let rows = count(conn, &format!("SELECT count(*) FROM {table}"));
        let events = count(
            conn,
            &format!("SELECT count(*) FROM events WHERE kind = '{kind}'"),
        );
        assert_eq!(rows, events, "{table}: one {kind} each");
    }
    let missing = count(
        conn,
        "SELECT count(*) FROM cards k WHERE NOT EXISTS (SELECT 1 FROM events e
         WHERE e.record = 'card' AND e.record_id = k.id AND e.kind = 'card.add')",
    );
    assert_eq!(missing, 0);
    let accepted = count(
        conn,
        "SELECT count(*) FROM cards WHERE receiver IS NOT NULL",
    );
    let accepts = count(
        conn,
        "SELECT count(*) FROM events WHERE kind = 'card.accept'",
    );
    assert_eq!(accepted, accepts, "every receiver accepted with an event");
    let logged = count(conn, "SELECT coalesce(sum(contacts), 0) FROM prospects");
    assert_eq!(logged, count(conn, "SELECT count(*) FROM contacts"));
    let ended = count(conn, "SELECT count(*) FROM prospects WHERE stage != 'open'");
    let ends = count(
        conn,
        "SELECT count(DISTINCT record_id) FROM events
         WHERE kind IN ('prospect.won', 'prospect.lost', 'prospect.hand_back')",
    );
    assert!(ends >= ended, "every ended prospect has its event");
    // The log reads in time order (the roster is put when the demo is made).
    let backwards = count(
        conn,
        "SELECT count(*) FROM (SELECT at, lag(at) OVER (ORDER BY id) AS before
         FROM events WHERE record != 'staff') WHERE at < before",
    );
    assert_eq!(backwards, 0, "events are written in time order");
}

/// The duplicate rule and the follow-up rules hold for every client.
fn assert_no_duplicates_and_consent(conn: &Connection) {
    let double_cards = count(
        conn,
        "SELECT count(*) FROM (SELECT client_id, line FROM cards
         WHERE status IN ('new', 'accepted', 'intent') GROUP BY 1, 2 HAVING count(*) > 1)",
    );
    assert_eq!(
        double_cards, 0,
        "never two open cards on a line for a client"
    );
    let double_prospects = count(
        conn,
        "SELECT count(*) FROM (SELECT client_id, line FROM prospects
         WHERE stage = 'open' GROUP BY 1, 2 HAVING count(*) > 1)",
    );
    assert_eq!(double_prospects, 0, "never two open prospects on a line");
    let unconsented = count(
        conn,
        "SELECT count(*) FROM contacts k JOIN prospects p ON p.id = k.prospect_id
         JOIN clients c ON c.id = p.client_id WHERE c.consent = 0",
    );
    assert_eq!(unconsented, 0, "only consenting clients are contacted");
    let incomplete = count(
        conn,
        "SELECT count(*) FROM prospects p JOIN clients c ON c.id = p.client_id
         WHERE p.stage = 'open' AND (c.mobile IS NULL OR c.name IS NULL OR p.next_due IS NULL
            OR p.owner NOT IN (SELECT code FROM staff))",
    );
    assert_eq!(
        incomplete, 0,
        "open prospects: name, mobile, owner and a due date"
    );
    let chains = count(
        conn,
        "SELECT count(*) FROM cards k JOIN cards p ON p.id = k.parent_id
         WHERE k.root_id IS NOT p.root_id OR k.referrer != p.referrer OR k.line = p.line
            OR p.status != 'referred' OR k.assistant IS NOT p.receiver",
    );
    assert_eq!(chains, 0, "a child card carries its parent's chain");
}

#[test]
fn a_morning_has_cards_on_both_lines_and_a_follow_up_list() {
    let (_dir, store, clock) = morning_at(monday_at(10, 30));
    let catalog = Catalog::shipped();
    let now = clock.now();
    let midnight = monday_at(0, 0);
    let db = store.db();

    let wealth = db.line_cards("wealth", midnight).unwrap();
    let credit = db.line_cards("credit", midnight).unwrap();
    let today = |v: &&CardView| v.card.created_at >= midnight;
    let wealth_today: Vec<_> = wealth.iter().filter(today).collect();
    let credit_today: Vec<_> = credit.iter().filter(today).collect();
    assert!(
        wealth_today.len() >= 3,
        "{} wealth cards",
        wealth_today.len()
    );
    assert!(
        credit_today.len() >= 2,
        "{} credit cards",
        credit_today.len()
    );
    let all: Vec<_> = wealth_today.iter().chain(&credit_today).collect();
    assert!((4..=7).contains(&all.len()));
    for v in &all {
        let c = &v.card;
        assert!(c.created_at <= now);
        assert!(c.accepted_at.is_none_or(|a| c.created_at <= a && a <= now));
        assert!(c.outcome_at.is_none_or(|o| o <= now));
        assert!(v.ticket_number.is_some(), "made on a ticket of the morning");
        assert!(v.client_name.is_some() && v.client_mobile.is_some());
        assert!(["T01", "T02", "T03", "L01"].contains(&c.referrer.as_str()));
        let ticket = store
            .db()
            .open_tickets(clock.today())
            .unwrap()
            .into_iter()
            .find(|t| Some(t.id) == c.ticket_id);
        if let Some(t) = ticket {
            assert!(c.created_at >= t.started_at.unwrap_or(t.arrived_at));
        }
    }
    // Wealth: one new while the client is still in the lobby, one accepted,
    // one contracted.
    let in_lobby = |v: &&&CardView| {
        matches!(
            v.ticket_status,
            Some(Status::Waiting | Status::Called | Status::Serving)
        )
    };
    assert!(wealth_today
        .iter()
        .any(|v| v.card.status == CardStatus::New && v.card.parent_id.is_none() && in_lobby(&v)));
    assert!(wealth_today.iter().any(
        |v| v.card.status == CardStatus::Accepted && v.card.receiver.as_deref() == Some("W01")
    ));
    let contracted = wealth_today
        .iter()
        .find(|v| v.card.status == CardStatus::Contracted)
        .expect("a contract today");
    assert!(contracted.card.product.is_some());
    let amount = contracted.card.amount_cents.unwrap();
    assert!((1_000_000..=200_000_000).contains(&amount), "{amount}");
    // Credit: one new, one accepted by C01 and referred on to wealth.
    assert!(credit_today
        .iter()
        .any(|v| v.card.status == CardStatus::New));
    let referred = credit_today
        .iter()
        .find(|v| v.card.status == CardStatus::Referred)
        .expect("a card referred on");
    assert_eq!(referred.card.receiver.as_deref(), Some("C01"));
    let chain = db.chain(referred.card.id).unwrap();
    assert_eq!(chain.len(), 2, "the chain: parent and child");
    let child = &chain[1];
    assert_eq!(child.line, "wealth");
    assert_eq!(child.parent_id, Some(referred.card.id));
    assert_eq!(child.root_id, Some(referred.card.id));
    assert_eq!(child.assistant.as_deref(), Some("C01"));
    assert_eq!(child.referred_by, "C01");
    assert_eq!(child.referrer, referred.card.referrer);
    assert!(wealth_today.iter().any(|v| v.card.id == child.id));
    assert_eq!(
        all.iter().filter(|v| !v.card.consent).count(),
        1,
        "one client said no to being contacted"
    );

    // Follow-ups of earlier days: every section, one escalated, one without consent.
    let rules = rules(&catalog);
    let today = clock.today();
    let listed = db
        .prospects(&Filter {
            ended_since: Some(now - Duration::days(30)),
            ..Filter::default()
        })
        .unwrap();
    assert!(
        (8..=14).contains(&listed.len()),
        "{} prospects",
        listed.len()
    );
    for p in &listed {
        assert!(p.created_at < midnight, "from earlier days");
    }
    for owner in ["W01", "C01"] {
        let mine: Vec<_> = listed.iter().filter(|p| p.owner == owner).collect();
        let buckets: Vec<Bucket> = mine
            .iter()
            .map(|p| followup::bucket(p.stage, p.next_due, today))
            .collect();
        for b in [
            Bucket::Overdue,
            Bucket::DueToday,
            Bucket::Upcoming,
            Bucket::Ended,
        ] {
            assert!(buckets.contains(&b), "{owner} has {b:?}");
        }
    }
    assert!(listed.iter().any(|p| p.owner == "L01"));
    let escalated: Vec<_> = listed
        .iter()
        .filter(|p| followup::escalated(&rules, p.stage, p.next_due, today))
        .collect();
    assert_eq!(escalated.len(), 1, "one escalated to the branch head");
    assert!(listed.iter().any(|p| p.stage == Stage::Open
        && followup::days_overdue(p.next_due, today) > 0
        && followup::days_overdue(p.next_due, today) <= rules.escalate_days));
    assert!(listed.iter().any(|p| p.stage == Stage::Open && !p.consent));
    for stage in [Stage::Won, Stage::Lost, Stage::HandedBack] {
        assert!(listed.iter().any(|p| p.stage == stage), "{stage:?}");
    }
    assert!(listed.iter().any(|p| p.contacts > 0));
    assert!(
        listed.iter().any(|p| p.source_card.is_none()),
        "one by hand"
    );
    let won = listed.iter().find(|p| p.stage == Stage::Won).unwrap();
    let source = db.card(won.source_card.unwrap()).unwrap().unwrap();
    assert_eq!(source.status, CardStatus::Contracted);

    let conn = sql(store.path());
    assert_events_of_records(&conn);
    assert_credits_go_to_the_root(&conn);
    assert_no_duplicates_and_consent(&conn);
    for kind in [
        "card.accept",
        "card.outcome",
        "card.refer",
        "card.contracted",
    ] {
        let n = count(
            &conn,
            &format!("SELECT count(*) FROM events WHERE kind = '{kind}'"),
        );
        assert!(n > 0, "{kind} events");
    }
    for kind in ["won", "lost", "hand_back"] {
        let n = count(
            &conn,
            &format!("SELECT count(*) FROM events WHERE kind = 'prospect.{kind}'"),
        );
        assert_eq!(n, 1, "prospect.{kind}");
    }
}

#[test]
fn the_morning_is_the_same_for_a_date() {
    let dump = |at: DateTime<Utc>| {
        let (_dir, store, _) = morning_at(at);
        let conn = sql(store.path());
        let mut stmt = conn
            .prepare(
                "SELECT k.line, k.need, k.status, k.created_at, c.name, c.mobile
                 FROM cards k JOIN clients c ON c.id = k.client_id ORDER BY k.id",
            )
            .unwrap();
        let cards: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {} {} {} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let prospects = count(&conn, "SELECT count(*) FROM prospects");
        (cards, prospects)
    };
    let a = dump(monday_at(10, 30));
    assert_eq!(a, dump(monday_at(10, 30)));
    assert_ne!(a.0, dump(monday_at(10, 30) + Duration::days(1)).0);
}

#[test]
fn history_works_referrals_and_follow_ups() {
    let (_dir, mut store) = fresh();
    let catalog = Catalog::shipped();
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let options = HistoryOptions {
        days: 20,
        seed: 5,
        visits_per_day: 400,
        clients: None,
    };
    let summary = demo::history_with(&mut store, &catalog, beijing(), last, &options).unwrap();
    let conn = sql(store.path());
    let cards = count(&conn, "SELECT count(*) FROM cards");
    assert_eq!(summary.cards as i64, cards);
    assert!(cards / 20 >= 80, "{} cards a day", cards / 20);
    assert!(cards < count(&conn, "SELECT count(*) FROM tickets WHERE status = 'done'"));
    let prospects = count(&conn, "SELECT count(*) FROM prospects");
    assert_eq!(summary.prospects as i64, prospects);
    assert!(
        prospects * 2 > cards,
        "{prospects} prospects of {cards} cards"
    );
    let contacts = count(&conn, "SELECT count(*) FROM contacts");
    assert_eq!(summary.contacts as i64, contacts);
    assert!(contacts > prospects / 4, "{contacts} contacts");
    assert_eq!(
        summary.events as i64,
        count(&conn, "SELECT count(*) FROM events")
    );

    // Outcomes spread as a branch sees them (a contract may come later, from
    // a prospect won).
    let share = |cond: &str| {
        count(&conn, &format!("SELECT count(*) FROM cards WHERE {cond}")) as f64 / cards as f64
    };
    let contracted = share("status = 'contracted'");
    assert!(
        (0.18..0.35).contains(&contracted),
        "contracted {contracted}"
    );
    let declined = share("status = 'declined'");
    assert!((0.06..0.2).contains(&declined), "declined {declined}");
    let referred = share("status = 'referred'");
    assert!((0.02..0.08).contains(&referred), "referred {referred}");
    assert!(share("status = 'follow_up'") > 0.3);
    assert_eq!(
        share("status IN ('new', 'accepted')"),
        0.0,
        "nothing left open at close"
    );
    let amounts = count(
        &conn,
        "SELECT count(*) FROM cards WHERE status = 'contracted'
         AND (product IS NULL OR amount_cents NOT BETWEEN 1000000 AND 200000000)",
    );
    assert_eq!(amounts, 0, "contracts from 10k to 2M yuan");
    let objections = count(
        &conn,
        "SELECT count(DISTINCT objection) FROM cards WHERE status = 'declined'",
    );
    assert_eq!(objections, 3);
    // Cards come from the day's served tickets with clients, during the day.
    let strays = count(
        &conn,
        "SELECT count(*) FROM cards k JOIN tickets t ON t.id = k.ticket_id
         WHERE t.status != 'done' OR t.client_id IS NOT k.client_id
            OR k.created_at < t.arrived_at
            OR (k.parent_id IS NULL AND k.created_at > t.finished_at)
            OR date(k.created_at + 8 * 3600, 'unixepoch') != t.day",
    );
    assert_eq!(strays, 0);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM cards WHERE ticket_id IS NULL"),
        0
    );
    for line in ["wealth", "credit"] {
        let n = count(
            &conn,
            &format!("SELECT count(*) FROM cards WHERE line = '{line}'"),
        );
        assert!(n > cards / 5, "{line}: {n}");
    }

    // Follow-ups: contacts at the cadence, most prospects ended, the last
    // weeks' still open, with due dates around the end of the history.
    let stage = |s: &str| {
        count(
            &conn,
            &format!("SELECT count(*) FROM prospects WHERE stage = '{s}'"),
        )
    };
    for s in ["won", "lost", "handed_back", "open"] {
        assert!(stage(s) > 0, "{s}");
    }
    let channels = count(&conn, "SELECT count(DISTINCT channel) FROM contacts");
    assert!(channels >= 4, "{channels} channels");
    let early = count(
        &conn,
        "SELECT count(*) FROM contacts k JOIN prospects p ON p.id = k.prospect_id
         WHERE k.at < p.created_at OR k.next_due IS NULL",
    );
    assert_eq!(early, 0);
    let first_due = catalog.followup.cadence_days[0];
    let off_cadence = count(
        &conn,
        &format!(
            "SELECT count(*) FROM events WHERE kind = 'prospect.add'
             AND julianday(json_extract(details, '$.next_due'))
                 - julianday(date(at + 8 * 3600, 'unixepoch')) != {first_due}"
        ),
    );
    assert_eq!(
        off_cadence, 0,
        "first contact due at the cadence's first step"
    );
    let upcoming = count(
        &conn,
        &format!("SELECT count(*) FROM prospects WHERE stage = 'open' AND next_due > '{last}'"),
    );
    assert!(upcoming > 0);
    let won_cards = count(
        &conn,
        "SELECT count(*) FROM prospects p JOIN cards k ON k.id = p.source_card
         WHERE p.stage = 'won' AND k.status != 'contracted'",
    );
    assert_eq!(won_cards, 0, "a won prospect's card is contracted");
    let stale_intent = count(
        &conn,
        "SELECT count(*) FROM cards k WHERE k.status = 'intent' AND NOT EXISTS
         (SELECT 1 FROM prospects p WHERE p.source_card = k.id AND p.stage = 'open')",
    );
    assert_eq!(
        stale_intent, 0,
        "an intent card is open only while its prospect is"
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE kind = 'card.contracted'"
        ) > 0
    );

    assert_events_of_records(&conn);
    assert_credits_go_to_the_root(&conn);
    assert_no_duplicates_and_consent(&conn);

    // Clients come back: search finds regulars, and names shared by several.
    let returning = count(
        &conn,
        "SELECT count(*) FROM (SELECT client_id FROM tickets WHERE client_id IS NOT NULL
         GROUP BY client_id HAVING count(*) >= 2)",
    );
    assert!(returning > 200, "{returning} came back");
    let shared_names = count(
        &conn,
        "SELECT count(*) FROM (SELECT name FROM clients GROUP BY name HAVING count(*) > 1)",
    );
    assert!(shared_names > 50, "{shared_names} names shared");
    let carded_twice = count(
        &conn,
        "SELECT count(*) FROM (SELECT client_id FROM cards GROUP BY client_id HAVING count(*) > 1)",
    );
    assert!(carded_twice > 0);
}

#[test]
fn history_cards_follow_the_asked_rate() {
    let catalog = Catalog::shipped();
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let options = HistoryOptions {
        days: 6,
        seed: 2,
        visits_per_day: 200,
        clients: None,
    };
    let run = |cards_per_day| {
        let (_dir, mut store) = fresh();
        demo::history_with_cards(
            &mut store,
            &catalog,
            beijing(),
            last,
            &options,
            cards_per_day,
        )
        .unwrap()
    };
    let none = run(0);
    assert_eq!((none.cards, none.prospects, none.contacts), (0, 0, 0));
    assert!(none.tickets > 0);
    let some = run(20);
    let per_day = some.cards as f64 / 6.0;
    assert!((15.0..=26.0).contains(&per_day), "{per_day} cards a day");
    assert_eq!(some.tickets, none.tickets, "the visits do not change");
    assert_eq!(demo::default_cards_per_day(400), 88);
}

/// The demo writes what the application writes: its trail is one unbroken
/// chain, in time order, by the roster's people; first calls are numbered in
/// the order they were made; no event holds a note.
#[test]
fn the_demo_trail_is_what_the_operations_write() {
    let (_history, mut store) = fresh();
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    demo::history(&mut store, &Catalog::shipped(), beijing(), last, 6, 11).unwrap();
    assert_trail_of_operations(&store);
    let (_morning, store, _) = morning_at(monday_at(10, 30));
    assert_trail_of_operations(&store);
}

fn assert_trail_of_operations(store: &Store) {
    let check = store.db().verify_chain().unwrap();
    assert!(check.intact(), "{check:?}");
    let conn = sql(store.path());
    let strangers = count(
        &conn,
        "SELECT count(*) FROM events WHERE record != 'staff'
         AND actor NOT IN (SELECT code FROM staff)",
    );
    assert_eq!(strangers, 0, "every event by a person on the roster");
    let backwards = count(
        &conn,
        "SELECT count(*) FROM (SELECT at, lag(at) OVER (ORDER BY id) AS before
         FROM events WHERE record != 'staff') WHERE at < before",
    );
    assert_eq!(backwards, 0, "the trail reads in time order");
    let out_of_order = count(
        &conn,
        "SELECT count(*) FROM tickets a JOIN tickets b ON a.day = b.day
         WHERE a.call_seq < b.call_seq AND a.called_at > b.called_at",
    );
    assert_eq!(out_of_order, 0, "first calls numbered as they were made");
    let calls = count(
        &conn,
        "SELECT count(*) FROM events e JOIN tickets t ON t.id = e.record_id
         WHERE e.kind = 'ticket.call' AND e.actor IS NOT t.teller",
    );
    assert_eq!(calls, 0, "each ticket called by the teller at its counter");
    let notes = count(
        &conn,
        "SELECT count(*) FROM events WHERE json_extract(details, '$.note') IS NOT NULL
         OR json_extract(details, '$.name') IS NOT NULL AND record != 'staff'",
    );
    assert_eq!(notes, 0, "no note or name in the trail");
}

/// The morning shows this wave's records: the head's pairs and targets, two
/// clients with a dedicated manager (one comes this morning, and their
/// manager is told), and today's appointments, the earliest checked in.
#[test]
fn the_morning_has_pairs_targets_dedicated_managers_and_appointments() {
    let (_dir, store, clock) = morning_at(monday_at(10, 30));
    let conn = sql(store.path());
    let pairs = "SELECT group_concat(teller || line || manager, ' ') FROM
                 (SELECT * FROM pairs ORDER BY teller, line)";
    let pairs: String = conn.query_row(pairs, [], |r| r.get(0)).unwrap();
    assert_eq!(pairs, "T01creditC01 T01wealthW01 T02creditC01 T02wealthW01");
    let by_head = |kind: &str| {
        count(
            &conn,
            &format!("SELECT count(*) FROM events WHERE kind = '{kind}' AND actor = 'H01'"),
        )
    };
    assert_eq!(by_head("pair.set"), 4);
    let targets = count(&conn, "SELECT count(*) FROM targets");
    assert_eq!(by_head("target.set"), targets);
    for who in ["T01", "T02", "T03", "W01", "C01", "wealth", "credit"] {
        let q = format!("SELECT count(*) FROM targets WHERE whom_code = '{who}'");
        assert!(count(&conn, &q) >= 1, "{who} has a target");
    }
    let dedicated = "SELECT count(*) FROM clients WHERE manager IS NOT NULL";
    assert_eq!(count(&conn, dedicated), 2);
    let today = clock.today();
    let came = format!(
        "SELECT count(*) FROM tickets t JOIN clients c ON c.id = t.client_id
         WHERE t.day = '{today}' AND c.manager = 'W01' AND t.routed_to IS NULL"
    );
    assert_eq!(count(&conn, &came), 1, "W01's client came this morning");
    let told = "SELECT count(*) FROM notices WHERE kind = 'client.arrived' AND to_staff = 'W01'";
    assert_eq!(count(&conn, told), 1, "and W01 is told");
    let status = |s: &str| {
        count(
            &conn,
            &format!("SELECT count(*) FROM appointments WHERE day = '{today}' AND status = '{s}'"),
        )
    };
    assert_eq!((status("booked"), status("arrived")), (2, 1));
    let routed = "SELECT count(*) FROM tickets WHERE routed_to = 'C01' AND status = 'waiting'";
    assert_eq!(
        count(&conn, routed),
        1,
        "the checked-in client waits for C01"
    );
}
