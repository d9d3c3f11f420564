//! Opening, numbering, two stores on one file, and the event trail.

use super::*;

// ---------------------------------------------------------------- opening

#[test]
fn open_creates_and_migrates() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    assert!(!path.exists());
    let store = open_store(&dir);
    assert!(path.exists(), "the file is created");
    assert_eq!(store.path(), path.as_path());

    let conn = raw(&dir);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    // WAL is a property of the file: every connection sees it.
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_ascii_lowercase(), "wal");
    for table in ["staff", "clients", "tickets", "events"] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "table {table} exists");
    }
    // The built-in lobby manager is on the roster.
    let lobby = store.db().staff("LOBBY").unwrap().expect("LOBBY exists");
    assert!(lobby.has_role("lobby") && lobby.active);
}

#[test]
fn foreign_keys_are_enforced_on_the_stores_connection() {
    // `PRAGMA foreign_keys` is per connection, so check it through the store:
    // a ticket naming a client or a teller that does not exist is refused.
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let bad_client = NewTicket {
        client_id: Some(999),
        ..normal("A")
    };
    let r = store.write(|db| db.add_ticket(day(), &bad_client, t0()));
    assert!(
        r.is_err(),
        "unknown client refused: {:?}",
        r.map(|t| t.number)
    );

    let t = add(&mut store, day(), "A", t0());
    let mut new = apply(&t, &call(1), t0(), None).unwrap();
    new.teller = Some("NOBODY".into());
    let r = store.write(|db| db.update_ticket(&t, &new));
    assert!(r.is_err(), "unknown teller refused");
    assert_eq!(
        store.db().ticket(t.id).unwrap().unwrap(),
        t,
        "and nothing changed"
    );
}

#[test]
fn reopening_is_fine_and_does_not_migrate_twice() {
    let dir = TempDir::new().unwrap();
    {
        let mut store = open_store(&dir);
        add(&mut store, day(), "A", t0());
    }
    let mut store = open_store(&dir);
    let again = open_store(&dir);
    let mut check = check(&dir);
    // The schema's version: the file's own, or the server's schema table.
    let version: i64 = if on_server() {
        check.one("SELECT version FROM lobbydesk_schema", args![])
    } else {
        check.one("PRAGMA user_version", args![])
    };
    let current = if on_server() {
        lobbydesk::store::server::SCHEMA_VERSION
    } else {
        SCHEMA_VERSION
    };
    assert_eq!(version, current);
    let lobby_rows: i64 = check.one("SELECT count(*) FROM staff WHERE code = 'LOBBY'", args![]);
    assert_eq!(lobby_rows, 1, "the seed row is not inserted twice");
    assert_eq!(again.db().open_tickets(day()).unwrap().len(), 1);
    assert_eq!(add(&mut store, day(), "A", t0()).number, "A002");
}

#[test]
fn a_file_that_is_not_a_lobbydesk_database_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = db_path(&dir);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE other (x); INSERT INTO other VALUES (1);")
        .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(lobbydesk::store::StoreError::NotLobbydesk(_))
    ));
    std::fs::write(
        dir.path().join("text.db"),
        "hello, not sqlite at all ".repeat(100),
    )
    .unwrap();
    assert!(Store::open(&dir.path().join("text.db")).is_err());
}

// ---------------------------------------------------------------- numbering

#[test]
fn numbers_run_per_service_and_restart_each_day() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let d1 = day();
    let d2 = d1.succ_opt().unwrap();
    assert_eq!(add(&mut store, d1, "A", t0()).number, "A001");
    assert_eq!(add(&mut store, d1, "A", t0() + mins(1)).number, "A002");
    assert_eq!(add(&mut store, d1, "B", t0() + mins(2)).number, "B001");
    let next_day = t0() + mins(24 * 60);
    assert_eq!(add(&mut store, d2, "A", next_day).number, "A001");
    assert_eq!(add(&mut store, d2, "B", next_day).number, "B001");
    // Back on the first day the sequence carries on.
    assert_eq!(add(&mut store, d1, "A", t0() + mins(3)).number, "A003");
}

#[test]
fn numbers_are_not_reused_within_the_day() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let a1 = add(&mut store, day(), "A", t0());
    let a2 = add(&mut store, day(), "A", t0());
    // A001 is served and done, A002 does not come: neither number comes back.
    let a1 = step(&mut store, &a1, call(1), t0() + mins(1));
    let a1 = step(&mut store, &a1, Step::Start, t0() + mins(2));
    step(&mut store, &a1, Step::Finish, t0() + mins(3));
    let a2 = step(&mut store, &a2, call(2), t0() + mins(1));
    step(&mut store, &a2, Step::NoShow, t0() + mins(4));
    assert!(store.db().open_tickets(day()).unwrap().is_empty());
    assert_eq!(add(&mut store, day(), "A", t0() + mins(5)).number, "A003");
}

#[test]
fn two_stores_on_one_file_never_issue_the_same_number() {
    let dir = TempDir::new().unwrap();
    let mut one = open_store(&dir);
    let mut two = open_store(&dir);
    let mut numbers = Vec::new();
    for i in 0..6 {
        let store = if i % 2 == 0 { &mut one } else { &mut two };
        numbers.push(add(store, day(), "A", t0() + mins(i)).number);
    }
    assert_eq!(numbers, ["A001", "A002", "A003", "A004", "A005", "A006"]);
}

// ---------------------------------------------------------------- sharing

#[test]
fn a_write_on_one_store_is_seen_by_another() {
    let dir = TempDir::new().unwrap();
    let mut first = open_store(&dir);
    let second = open_store(&dir);
    let before = second.data_version().unwrap();
    assert!(second.db().open_tickets(day()).unwrap().is_empty());

    let t = add(&mut first, day(), "A", t0());

    assert_ne!(
        second.data_version().unwrap(),
        before,
        "data_version moves on the other connection after a commit"
    );
    let seen = second.db().open_tickets(day()).unwrap();
    assert_eq!(seen, vec![t.clone()]);

    // And a step saved by the second is seen by the first.
    let mut second = second;
    let v = first.data_version().unwrap();
    step(&mut second, &t, call(1), t0() + mins(1));
    assert_ne!(first.data_version().unwrap(), v);
    assert_eq!(
        first.db().ticket(t.id).unwrap().unwrap().status,
        Status::Called
    );
}

#[test]
fn a_store_does_not_see_its_own_writes_as_news() {
    // The app reloads after its own writes; data_version is for the others'.
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let v = store.data_version().unwrap();
    add(&mut store, day(), "A", t0());
    assert_eq!(store.data_version().unwrap(), v);
}

#[test]
fn a_failed_write_saves_nothing() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let r: Result<(), lobbydesk::store::StoreError> = store.write(|db| {
        db.add_ticket(day(), &normal("A"), t0())?;
        db.add_ticket(
            day(),
            &NewTicket {
                client_id: Some(12345),
                ..normal("B")
            },
            t0(),
        )?;
        Ok(())
    });
    assert!(r.is_err());
    assert!(store.db().open_tickets(day()).unwrap().is_empty());
    assert_eq!(add(&mut store, day(), "A", t0()).number, "A001");
}

// ---------------------------------------------------------------- optimistic updates

#[test]
fn a_stale_ticket_is_not_saved() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let waiting = add(&mut store, day(), "A", t0());
    let called = step(&mut store, &waiting, call(1), t0() + mins(1));

    // Someone still holding the waiting ticket tries to call it to counter 2.
    let stale = apply(&waiting, &call(2), t0() + mins(2), None).unwrap();
    let saved = store
        .write(|db| db.update_ticket(&waiting, &stale))
        .unwrap();
    assert!(!saved, "the stale update is refused");
    assert_eq!(store.db().ticket(waiting.id).unwrap().unwrap(), called);

    // Same status, different number of calls: a recall happened meanwhile.
    let recalled = step(&mut store, &called, call(1), t0() + mins(3));
    assert_eq!(recalled.calls, 2);
    let stale = apply(&called, &Step::NoShow, t0() + mins(4), None).unwrap();
    let saved = store.write(|db| db.update_ticket(&called, &stale)).unwrap();
    assert!(!saved, "a no-show on the pre-recall ticket is refused");
    assert_eq!(store.db().ticket(waiting.id).unwrap().unwrap(), recalled);
}

#[test]
fn a_ticket_held_and_resumed_meanwhile_is_stale() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let t = add(&mut store, day(), "A", t0());
    let t = step(&mut store, &t, call(1), t0() + mins(1));
    let serving = step(&mut store, &t, Step::Start, t0() + mins(2));
    // Someone else holds it and resumes it at counter 2.
    let held = step(&mut store, &serving, Step::Hold, t0() + mins(3));
    let resume = Step::Resume {
        counter: 2,
        teller: None,
    };
    let moved = step(&mut store, &held, resume, t0() + mins(4));
    assert_eq!(moved.counter, Some(2));
    // The first teller, still holding `serving` (counter 1), finishes it.
    let stale = apply(&serving, &Step::Finish, t0() + mins(5), None).unwrap();
    let saved = store
        .write(|db| db.update_ticket(&serving, &stale))
        .unwrap();
    assert!(!saved, "the ticket changed meanwhile");
    assert_eq!(store.db().ticket(t.id).unwrap().unwrap(), moved);
}

// ---------------------------------------------------------------- events

fn event_count(dir: &TempDir) -> i64 {
    check(dir).one("SELECT count(*) FROM events", args![])
}

#[test]
fn every_step_writes_one_event() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let catalog = Catalog::shipped();
    assert_eq!(event_count(&dir), 0);

    // A walk-in with a new client: the client and the ticket each get one.
    let w = check_walkin(&catalog, Lang::Zh, "A", "normal", "王小明", "13812345678").unwrap();
    let a1 = register_as(&mut store, "LOBBY", t0(), &w).unwrap();
    let client = a1.client_id.expect("a client was recorded");
    let ev = store.db().events_of("client", client).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0].kind.as_str(), ev[0].actor.as_str()),
        ("client.add", "LOBBY")
    );
    let ev = store.db().events_of("ticket", a1.id).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].kind, "ticket.add");
    assert_eq!(ev[0].at, t0());
    assert_eq!(ev[0].details["number"], "A001");

    // The same client again: a ticket event only.
    let w = check_walkin(&catalog, Lang::Zh, "V", "vip", "", "138 1234 5678").unwrap();
    let v1 = register_as(&mut store, "LOBBY", t0(), &w).unwrap();
    assert_eq!(v1.client_id, Some(client));
    // Anonymous walk-in: a ticket event only.
    let w = check_walkin(&catalog, Lang::Zh, "A", "normal", "", "").unwrap();
    let a2 = register_as(&mut store, "LOBBY", t0(), &w).unwrap();
    assert_eq!(a2.client_id, None);
    assert_eq!(event_count(&dir), 4);

    // Every life-cycle step through the app: one event each.
    let me = store.db().staff("LOBBY").unwrap().unwrap();
    let clock = Clock::fixed(t0(), beijing());
    let mut app = App::new(store, clock.clone(), catalog, Lang::En, me).unwrap();
    let steps = [
        (Target::Ticket(a1.id), call(1), "ticket.call"),
        (Target::Ticket(a1.id), call(1), "ticket.call"),
        (Target::Ticket(a1.id), Step::Start, "ticket.start"),
        (Target::Ticket(a1.id), Step::Hold, "ticket.hold"),
        (
            Target::Ticket(a1.id),
            Step::Resume {
                counter: 1,
                teller: None,
            },
            "ticket.resume",
        ),
        (Target::Ticket(a1.id), Step::Finish, "ticket.finish"),
        (Target::Next, call(2), "ticket.call"),
        (Target::Ticket(v1.id), Step::NoShow, "ticket.no_show"),
        (
            Target::Ticket(a2.id),
            Step::Divert {
                target: "self".into(),
            },
            "ticket.divert",
        ),
    ];
    let mut expected = 4;
    for (target, s, kind) in steps {
        clock.advance(mins(1));
        app.run(target, s.clone());
        assert!(!app.flash.as_ref().unwrap().error, "{s:?}: {:?}", app.flash);
        expected += 1;
        assert_eq!(event_count(&dir), expected, "{s:?} wrote one event");
        let last: String =
            check(&dir).one("SELECT kind FROM events ORDER BY id DESC LIMIT 1", args![]);
        assert_eq!(last, kind);
    }
    let ev = app.store.db().events_of("ticket", a1.id).unwrap();
    let kinds: Vec<&str> = ev.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "ticket.add",
            "ticket.call",
            "ticket.call",
            "ticket.start",
            "ticket.hold",
            "ticket.resume",
            "ticket.finish"
        ]
    );
    assert_eq!(ev[2].details["calls"], 2);
    assert_eq!(ev[6].details["from"], "serving");
    assert_eq!(ev[6].details["to"], "done");
    assert!(ev.windows(2).all(|w| w[0].at <= w[1].at));

    // A refused step writes nothing.
    app.run(Target::Ticket(a1.id), Step::Start);
    assert!(app.flash.as_ref().unwrap().error);
    assert_eq!(event_count(&dir), expected);
    app.run(Target::Next, call(1));
    assert!(app.flash.as_ref().unwrap().error, "nobody is waiting");
    assert_eq!(event_count(&dir), expected);
}

#[test]
fn the_event_log_refuses_update_and_delete() {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let w = check_walkin(&Catalog::shipped(), Lang::En, "A", "normal", "", "").unwrap();
    register_as(&mut store, "LOBBY", t0(), &w).unwrap();
    let mut check = check(&dir);
    let read = "SELECT id, kind, details FROM events ORDER BY id";
    let before: Vec<(i64, String, String)> = check.all(read, args![]);
    assert_eq!(before.len(), 1);

    let err = refusal(&dir, "UPDATE events SET kind = 'ticket.forged'");
    assert!(err.contains("append-only"), "{err}");
    let err = refusal(&dir, "DELETE FROM events");
    assert!(err.contains("append-only"), "{err}");

    let after: Vec<(i64, String, String)> = check.all(read, args![]);
    assert_eq!(after, before);
    // Appending is still allowed (on the server, as the branch's next event
    // chained to the one before, which its trigger requires of everyone).
    let append = if on_server() {
        "INSERT INTO events (branch, id, at, actor, kind, record, hash)
         SELECT 'B1', last.id + 1, 1, 'LOBBY', 'test', 'none',
                lobbydesk_event_hash(last.hash, last.id + 1, 1, 'LOBBY', 'test', 'none',
                                     NULL, '{}')
         FROM (SELECT id, hash FROM events WHERE branch = 'B1' ORDER BY id DESC LIMIT 1) last"
    } else {
        "INSERT INTO events (at, actor, kind, record) VALUES (1, 'LOBBY', 'test', 'none')"
    };
    assert_eq!(check.run(append, args![]), 1);
}

/// Run `sql` on a plain connection beside the store's, as someone going
/// behind the application's back would; the engine's refusal, as text.
fn refusal(dir: &TempDir, sql: &str) -> String {
    let done = if on_server() {
        support::pg::client_in(dir)
            .execute(sql, &[])
            .map_err(|e| e.as_db_error().map_or(e.to_string(), |d| d.to_string()))
    } else {
        raw(dir)
            .execute(sql, [])
            .map(|n| n as u64)
            .map_err(|e| e.to_string())
    };
    match done {
        Ok(n) => panic!("{sql}: not refused ({n} rows changed)"),
        Err(e) => e,
    }
}
