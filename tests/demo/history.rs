//! The demo's cards, follow-ups, pairs, targets and trail.

use super::*;

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
