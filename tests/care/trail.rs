//! The trail kept whole, history on screen, backups and file permissions.

use super::*;

fn ev(kind: &str, actor: &str, record: &str, id: i64) -> EventRow {
    (kind.into(), actor.into(), record.into(), Some(id))
}

/// The newest notice's id.
fn last_notice(fx: &Fixture) -> i64 {
    fx.sql_i64("SELECT max(id) FROM notices", args![])
}

/// Run `step` and return the events it wrote.
fn step(fx: &mut Fixture, f: impl FnOnce(&mut Fixture)) -> Vec<EventRow> {
    let since = fx.event_count();
    f(fx);
    fx.events_after(since)
}

fn ticket_id(fx: &Fixture, number: &str) -> i64 {
    fx.sql_i64(
        "SELECT id FROM tickets WHERE number = ?1 ORDER BY id DESC LIMIT 1",
        args![number],
    )
}

// ---------------------------------------------------------------- the event log

fn all_events(conn: &rusqlite::Connection) -> Vec<(i64, i64, String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT id, at, actor, kind, details FROM events ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows
}

#[test]
fn the_database_refuses_to_change_or_delete_events() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.walkin('A', '1', "赵雷", "13800000001");
    fx.act(Action::Call);
    let conn = raw(&fx.dir);
    let before = all_events(&conn);
    assert_eq!(before.len(), 3);

    for sql in [
        "UPDATE events SET actor = 'H01'",
        "UPDATE events SET details = '{}' WHERE id = 2",
        "UPDATE events SET at = at - 3600 WHERE kind = 'ticket.call'",
        "DELETE FROM events WHERE id = 1",
        "DELETE FROM events",
        "INSERT INTO events (id, at, actor, kind, record, details) VALUES (1, 0, 'X', 'x', 'x', '{}')
         ON CONFLICT(id) DO UPDATE SET actor = 'X'",
    ] {
        let e = conn
            .execute(sql, [])
            .expect_err(&format!("the database refuses: {sql}"));
        assert!(
            e.to_string().contains("append-only"),
            "{sql}: refused for the wrong reason: {e}"
        );
    }
    // Not even inside a transaction of one's own.
    conn.execute_batch("BEGIN").unwrap();
    assert!(conn.execute("DELETE FROM events", []).is_err());
    conn.execute_batch("COMMIT").unwrap();
    assert_eq!(all_events(&conn), before, "the log is as it was");

    // Appending works.
    conn.execute(
        "INSERT INTO events (at, actor, kind, record, record_id, details)
         VALUES (1795000000, 'H01', 'note', 'ticket', 1, '{}')",
        [],
    )
    .unwrap();
    let after = all_events(&conn);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[..before.len()], before[..]);
}

#[test]
fn an_event_cannot_be_replaced() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.walkin('A', '1', "赵雷", "13800000001");
    let conn = raw(&fx.dir);
    let before = all_events(&conn);
    for sql in [
        "INSERT OR REPLACE INTO events (id, at, actor, kind, record, details)
         VALUES (1, 0, 'H01', 'forged', 'ticket', '{}')",
        "REPLACE INTO events (id, at, actor, kind, record, details)
         VALUES (2, 0, 'H01', 'forged', 'ticket', '{}')",
    ] {
        let result = conn.execute(sql, []);
        assert!(result.is_err(), "{sql} was allowed");
    }
    assert_eq!(all_events(&conn), before, "the log is as it was");
}

#[test]
fn every_change_writes_one_event_with_its_actor() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());

    // The teller: walk-ins, call, start, referral card, finish.
    let anon = step(&mut fx, |fx| {
        fx.walkin('A', '1', "", "");
    });
    assert_eq!(
        anon,
        [ev("ticket.add", "T01", "ticket", ticket_id(&fx, "A001"))]
    );
    let named = step(&mut fx, |fx| {
        fx.walkin('A', '1', "赵雷", "13800000001");
    });
    let (a2, zhao) = (ticket_id(&fx, "A002"), client_id(&fx, "13800000001"));
    assert_eq!(
        named,
        [
            ev("client.add", "T01", "client", zhao),
            ev("ticket.add", "T01", "ticket", a2)
        ]
    );
    fx.select("A002");
    // The lobby manager calls the anonymous walk-in away; T01 calls A002.
    let mut lobby = fx.app_as("LOBBY");
    lobby.update(Action::Top);
    lobby.update(Action::Divert);
    lobby.update(Action::Form(Input::Submit));
    assert_eq!(
        fx.events_after(fx.event_count() - 1),
        [ev(
            "ticket.divert",
            "LOBBY",
            "ticket",
            ticket_id(&fx, "A001")
        )]
    );
    fx.act(Action::Tick);
    let e = step(&mut fx, |fx| fx.act(Action::Call));
    assert_eq!(e, [ev("ticket.call", "T01", "ticket", a2)]);
    fx.advance(1);
    let e = step(&mut fx, |fx| fx.act(Action::Start));
    assert_eq!(e, [ev("ticket.start", "T01", "ticket", a2)]);
    let mut card = 0;
    let e = step(&mut fx, |fx| card = refer(fx, '1'));
    let client = fx.sql_i64("SELECT client_id FROM cards WHERE id = ?1", args![card]);
    assert_eq!(
        e,
        [
            // T01 serves the client: the form filled in full is a disclosure.
            ev("client.reveal", "T01", "client", client),
            ev("client.consent", "T01", "client", client),
            ev("card.add", "T01", "card", card),
            ev("notice.send", "T01", "notice", last_notice(&fx)),
        ]
    );
    fx.advance(5);
    let e = step(&mut fx, |fx| fx.act(Action::Finish));
    assert_eq!(e, [ev("ticket.finish", "T01", "ticket", a2)]);

    // A second client referred the same way, for the follow-up.
    fx.walkin('A', '1', "孙丽", "13800000002");
    fx.act(Action::Call);
    fx.act(Action::Start);
    let second = refer(&mut fx, '1');
    fx.act(Action::Finish);

    // The wealth manager: accept, outcome; a prospect; contact; won.
    fx.switch_to("W01");
    fx.select_card_id(card);
    let e = step(&mut fx, |fx| fx.act(Action::Accept));
    let told = |fx: &Fixture| ev("notice.send", "W01", "notice", last_notice(fx));
    assert_eq!(e, [ev("card.accept", "W01", "card", card), told(&fx)]);
    let e = step(&mut fx, |fx| outcome(fx, card, "contracted"));
    assert_eq!(e, [ev("card.outcome", "W01", "card", card), told(&fx)]);

    fx.select_card_id(second);
    fx.act(Action::Accept);
    let e = step(&mut fx, |fx| outcome(fx, second, "intent"));
    let prospect = fx.sql_i64(
        "SELECT id FROM prospects WHERE source_card = ?1",
        args![second],
    );
    assert_eq!(
        e,
        [
            ev("card.outcome", "W01", "card", second),
            told(&fx),
            ev("prospect.add", "W01", "prospect", prospect)
        ],
        "the card's outcome, and the prospect it made"
    );

    fx.go(Tab::Followups);
    fx.select_prospect_id(prospect);
    fx.advance(60);
    let e = step(&mut fx, |fx| {
        fx.act(Action::LogContact);
        fx.pick(Msg::FieldChannel, "phone");
        fx.focus_field(1);
        fx.type_text("电话沟通，下周来签");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    });
    assert_eq!(e, [ev("prospect.contact", "W01", "prospect", prospect)]);
    let e = step(&mut fx, |fx| {
        fx.act(Action::Won);
        fx.pick(Msg::FieldProduct, "wmp");
        fx.focus_field(1);
        fx.type_text("80000");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    });
    assert_eq!(
        e,
        [
            ev("prospect.won", "W01", "prospect", prospect),
            ev("card.contracted", "W01", "card", second),
            told(&fx),
        ],
        "the prospect won, and its card credited"
    );

    // A refused step writes nothing.
    let e = step(&mut fx, |fx| fx.act(Action::Won));
    assert!(fx.flash().1, "winning twice is refused");
    assert_eq!(e, []);
}

#[test]
fn a_ticket_s_history_is_shown_on_screen() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let number = fx.walkin('A', '1', "赵雷", "13800000001");
        fx.advance(2);
        fx.act(Action::Call);
        fx.advance(1);
        fx.act(Action::Start);
        fx.select(&number);
        fx.act(Action::History);
        let (title, events) = fx.app.history.clone().expect("H opens the history");
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["ticket.add", "ticket.call", "ticket.start"]);
        let id = ticket_id(&fx, &number);
        let record = if fx.app.lang == Lang::Zh {
            "号票"
        } else {
            "ticket"
        };
        assert!(title.ends_with(&format!("{record} #{id}")), "{title}");
        let screen = fx.screen(80, 24);
        for (time, label) in [
            ("11-23 10:30:00", Msg::KeyNew),
            ("11-23 10:32:00", Msg::StepCall),
            ("11-23 10:33:00", Msg::StepStart),
        ] {
            let line = screen
                .lines()
                .find(|l| l.contains(time))
                .unwrap_or_else(|| panic!("an event at {time}:\n{screen}"));
            assert!(
                line.contains("张敏") && line.contains(label.get(lang)),
                "who and what at {time}: {line}"
            );
        }
        assert_snapshot!(format!("ticket_history_{}_80x24", fx.lang()), screen);

        // Any key closes it; a card's and a prospect's history too.
        fx.act(Action::Down);
        assert!(fx.app.history.is_none());
        let card = refer(&mut fx, '1');
        fx.switch_to("W01");
        fx.select_card_id(card);
        fx.act(Action::Accept);
        outcome(&mut fx, card, "not_now");
        fx.act(Action::History);
        let kinds: Vec<String> = fx
            .app
            .history
            .clone()
            .unwrap()
            .1
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["card.add", "card.accept", "card.outcome"]);
        fx.act(Action::Down);
        fx.go(Tab::Followups);
        assert_eq!(fx.app.tab, Tab::Followups);
        fx.act(Action::History);
        let kinds: Vec<String> = fx
            .app
            .history
            .clone()
            .unwrap()
            .1
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["prospect.add"]);
    }
}

#[test]
fn the_history_overlay_shows_the_newest_event_and_how_to_close_it() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.walkin('A', '1', "赵雷", "13800000001");
    fx.act(Action::Call);
    fx.act(Action::Start);
    fx.act(Action::History);
    let screen = fx.screen(80, 24);
    assert!(
        screen.contains("called→serving"),
        "the newest event whole:\n{screen}"
    );
    assert!(
        screen.contains("Esc or ? to close"),
        "how to close it:\n{screen}"
    );
}

#[test]
fn a_backup_taken_while_another_process_writes_is_whole() {
    let dir = TempDir::new().unwrap();
    let home = dir.path().to_path_buf();
    let db = home.join("branch.db");
    // Some history first, so that the copy takes more than one step.
    assert_code(&cli(&home, &db, &["demo", "--days", "10"]), 0);
    let history = count(&db, "SELECT count(*) FROM tickets");
    assert!(history > 500, "{history} tickets of history");

    // A kiosk registers walk-ins, one process each, for about two seconds.
    kiosk(&db);
    let stop = Arc::new(AtomicBool::new(false));
    let kiosk = {
        let (home, db, stop) = (home.clone(), db.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut outputs = Vec::new();
            while !stop.load(Ordering::SeqCst) {
                let args = [&KIOSK_WALKIN[..], &["--service", "A"]].concat();
                outputs.push(cli(&home, &db, &args));
            }
            outputs
        })
    };
    let started = Instant::now();
    std::thread::sleep(StdDuration::from_millis(700));
    let copy = home.join("copy.db");
    let o = cli(&home, &db, &["backup", copy.to_str().unwrap()]);
    let backup_took = started.elapsed();
    assert_code(&o, 0);
    assert_eq!(stdout(&o), format!("Backed up to {}\n", copy.display()));
    std::thread::sleep(StdDuration::from_millis(2000).saturating_sub(backup_took));
    stop.store(true, Ordering::SeqCst);
    let runs = kiosk.join().unwrap();
    let ended = started.elapsed();
    assert!(
        backup_took + StdDuration::from_millis(200) < ended,
        "the backup ({backup_took:?}) finished while the kiosk still wrote ({ended:?})"
    );
    for o in &runs {
        assert_code(o, 0);
    }
    assert!(runs.len() >= 5, "the kiosk wrote {} walk-ins", runs.len());

    // The copy is a database of its own, owner-only, and whole.
    assert_eq!(mode(&copy), 0o600, "the copy is readable by its owner only");
    let o = cli(&home, &copy, &["doctor"]);
    assert_code(&o, 0);
    assert!(stdout(&o).contains("The database is in good health."));
    let final_tickets = tickets(&db);
    let copied = tickets(&copy);
    assert!(
        copied.len() > history as usize && copied.len() <= final_tickets.len(),
        "history {history}, copied {}, final {}",
        copied.len(),
        final_tickets.len()
    );
    assert_eq!(
        copied[..],
        final_tickets[..copied.len()],
        "the copy holds the tickets that existed when it was taken"
    );
    let distinct: std::collections::BTreeSet<(String, String)> = copied
        .iter()
        .map(|(_, d, n)| (d.clone(), n.clone()))
        .collect();
    assert_eq!(distinct.len(), copied.len(), "ticket numbers are unique");
    // Every ticket in the copy has its event.
    assert_eq!(
        count(
            &copy,
            "SELECT count(*) FROM tickets t WHERE NOT EXISTS
             (SELECT 1 FROM events e WHERE e.record = 'ticket' AND e.record_id = t.id)"
        ),
        0
    );
    // The copy still works: a walk-in on it.
    let args = [&KIOSK_WALKIN[..], &["--service", "B"]].concat();
    assert_code(&cli(&home, &copy, &args), 0);
}

#[test]
fn database_files_are_readable_by_their_owner_only() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("new.db");
    let store = Store::open(&db).unwrap();
    assert_eq!(mode(&db), 0o600);
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "the write-ahead log too");
    }
    drop(store);

    // From the command line, on a first run.
    let db = dir.path().join("kiosk.db");
    assert_code(
        &cli(
            dir.path(),
            &db,
            &["init", "--head", "H01", "--name", "周建国"],
        ),
        0,
    );
    assert_eq!(mode(&db), 0o600);
}
