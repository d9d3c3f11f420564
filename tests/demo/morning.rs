//! The demo's roster, morning queue and history's shape and repeatability.

use super::*;

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
