//! The audit trail and the care of the file (issue 6): the append-only event
//! log, one event per change with its actor, a record's history on screen;
//! `backup` while another process writes, `doctor` on good and damaged
//! files, owner-only files, and `purge` keeping the figures. Flows drive
//! `App` with a fixed clock (2026-11-23 10:30 in Beijing); the commands run
//! the real binary on the same file.

mod support;

use lobbydesk::args;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use insta::assert_snapshot;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use tempfile::TempDir;

use support::*;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

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

fn client_id(fx: &Fixture, mobile: &str) -> i64 {
    fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![mobile])
}

/// As the teller at their counter: the referral card for the ticket served,
/// need number `need` (1 term deposit → wealth, 5 mortgage → credit), consent.
fn refer(fx: &mut Fixture, need: char) -> i64 {
    fx.act(Action::Referral);
    fx.input(Input::Char(need));
    fx.input(Input::Char('y'));
    fx.type_text("想了解产品");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
    fx.sql_i64("SELECT max(id) FROM cards", args![])
}

fn outcome(fx: &mut Fixture, card: i64, result: &str) {
    fx.select_card_id(card);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, result);
    if result == "contracted" {
        fx.pick(Msg::FieldProduct, "cd");
        fx.focus_field(2);
        fx.type_text("50000");
    }
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "outcome saved: {:?}", fx.app.flash);
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

// ---------------------------------------------------------------- the command line on a file

/// `lobbydesk --db <db> --lang en <args>`, with its home in `dir`.
fn cli(dir: &Path, db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--db", db.to_str().unwrap(), "--lang", "en"];
    all.extend_from_slice(args);
    run_lobbydesk(dir, &all)
}

/// A ticket kiosk, K01, on the roster of `db` (created if missing): it
/// registers the walk-ins of these tests (`--as K01`).
fn kiosk(db: &Path) {
    let mut store = Store::open(db).expect("open the database");
    let k = lobbydesk::store::staff::Staff {
        code: "K01".into(),
        name: "取号机".into(),
        roles: vec!["kiosk".into()],
        counter: None,
        active: true,
    };
    store
        .write(|d| d.put_staff(&k))
        .expect("put the kiosk on the roster");
}

const KIOSK_WALKIN: [&str; 4] = ["--as", "K01", "walkin", "add"];

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_code(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "{}", describe_output(o));
    let all = format!("{}{}", stdout(o), stderr(o));
    assert!(!all.contains("panicked"), "a panic\n{}", describe_output(o));
    assert!(
        !all.contains("RUST_BACKTRACE"),
        "a panic\n{}",
        describe_output(o)
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Every ticket: (id, day, number).
fn tickets(db: &Path) -> Vec<(i64, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, day, number FROM tickets ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows
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

#[test]
fn a_backup_never_overwrites_a_file() {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let db = home.join("branch.db");
    kiosk(&db);
    let args = [&KIOSK_WALKIN[..], &["--service", "A"]].concat();
    assert_code(&cli(home, &db, &args), 0);
    let existing = home.join("precious.txt");
    std::fs::write(&existing, "last month's backup\n").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o640)).unwrap();

    let o = cli(home, &db, &["backup", existing.to_str().unwrap()]);
    assert_code(&o, 1);
    assert_eq!(
        stderr(&o),
        format!(
            "lobbydesk: The file already exists and was not overwritten: {}\n",
            existing.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "last month's backup\n"
    );
    assert_eq!(mode(&existing), 0o640, "its permissions are left alone");

    // Nor the database itself.
    let o = cli(home, &db, &["backup", db.to_str().unwrap()]);
    assert_code(&o, 1);
    assert_eq!(count(&db, "SELECT count(*) FROM tickets"), 1);

    // A folder that does not exist.
    let o = cli(
        home,
        &db,
        &["backup", home.join("no/such/x.db").to_str().unwrap()],
    );
    assert_code(&o, 1);
    assert!(!home.join("no").exists());
}

// ---------------------------------------------------------------- doctor

/// A database with a day of history, as one file (no write-ahead log beside it).
fn whole_file(dir: &Path) -> PathBuf {
    let db = dir.join("branch.db");
    assert_code(&cli(dir, &db, &["demo", "--days", "2"]), 0);
    let copy = dir.join("whole.db");
    assert_code(&cli(dir, &db, &["backup", copy.to_str().unwrap()]), 0);
    copy
}

#[test]
fn doctor_says_a_good_database_is_good() {
    let dir = TempDir::new().unwrap();
    let db = whole_file(dir.path());
    for lang in ["en", "zh"] {
        let o = run_lobbydesk(
            dir.path(),
            &["--db", db.to_str().unwrap(), "--lang", lang, "doctor"],
        );
        assert_code(&o, 0);
        let v = lobbydesk::store::SCHEMA_VERSION;
        let good = match lang {
            "en" => [
                "Integrity: ok".to_string(),
                format!("Schema version: {v}"),
                "The database is in good health.".to_string(),
            ],
            _ => [
                "完整性：正常".to_string(),
                format!("结构版本：{v}"),
                "数据库完好。".to_string(),
            ],
        };
        for line in good {
            assert!(
                stdout(&o).contains(&line),
                "{line:?}\n{}",
                describe_output(&o)
            );
        }
    }
}

#[test]
fn doctor_finds_a_damaged_copy() {
    let dir = TempDir::new().unwrap();
    let good = whole_file(dir.path());
    let bytes = std::fs::read(&good).unwrap();
    assert!(bytes.len() > 16 * 4096, "{} bytes", bytes.len());
    let mut damaged = bytes.clone();
    for (i, b) in damaged[8192..12288].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    let bad = dir.path().join("damaged.db");
    std::fs::write(&bad, &damaged).unwrap();

    let o = cli(dir.path(), &bad, &["doctor"]);
    assert_ne!(o.status.code(), Some(0), "{}", describe_output(&o));
    assert_code(&o, o.status.code().unwrap());
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("The database has problems: restore a backup or get support.")
            || said.contains("damaged"),
        "a plain sentence:\n{}",
        describe_output(&o)
    );

    // The good one is still good.
    assert_code(&cli(dir.path(), &good, &["doctor"]), 0);
}

#[test]
fn doctor_refuses_a_file_that_is_not_a_database() {
    let dir = TempDir::new().unwrap();
    let text = dir.path().join("notes.txt");
    let content = "这不是数据库\n".repeat(400);
    std::fs::write(&text, &content).unwrap();
    let o = cli(dir.path(), &text, &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe_output(&o));
    assert_code(&o, 1);
    assert!(
        stderr(&o).contains(&format!(
            "This file is not a lobbydesk database: {}",
            text.display()
        )),
        "{}",
        describe_output(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        content,
        "left as it was"
    );
}

#[test]
fn doctor_does_not_create_a_database_where_there_is_none() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("typo.db");
    let o = cli(dir.path(), &missing, &["doctor"]);
    assert_ne!(o.status.code(), Some(0), "{}", describe_output(&o));
    assert!(!missing.exists(), "doctor created {}", missing.display());
}

// ---------------------------------------------------------------- purge

/// Walk-in for the client, called, served (with a referral card for `need`
/// if given) and finished at counter 1, as the teller. Returns the card.
fn visit(fx: &mut Fixture, name: &str, mobile: &str, need: Option<char>) -> Option<i64> {
    fx.switch_to("T01");
    fx.walkin('A', '1', name, mobile);
    fx.advance(3);
    fx.act(Action::Call);
    fx.act(Action::Start);
    let card = need.map(|n| refer(fx, n));
    fx.advance(6);
    fx.act(Action::Finish);
    card
}

fn report(dir: &Path, db: &Path) -> String {
    let o = cli(
        dir,
        db,
        &[
            "report",
            "--from",
            "2023-10-01",
            "--to",
            "2026-11-23",
            "--format",
            "json",
        ],
    );
    assert_code(&o, 0);
    stdout(&o)
}

/// A client's (name, mobile).
fn client(db: &Path, id: i64) -> (Option<String>, Option<String>) {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT name, mobile FROM clients WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn purge_anonymises_old_clients_and_keeps_the_figures() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let db = db_path(&fx.dir);
    // Past the three years records are kept: Monday 2023-10-16, 10:30 in
    // Beijing (156 weeks and six weeks before the fixture's today).
    let back = Duration::days(42 + 156 * 7);
    fx.clock.advance(-back);
    fx.act(Action::Tick);
    assert_eq!(fx.app.clock.today().to_string(), "2023-10-16");

    // A: contracted on the spot.
    let a = visit(&mut fx, "王小明", "13812345678", Some('1')).unwrap();
    fx.switch_to("W01");
    fx.select_card_id(a);
    fx.act(Action::Accept);
    outcome(&mut fx, a, "contracted");
    // B: "not now" on credit, still open: kept.
    let b = visit(&mut fx, "李四", "13900001111", Some('5')).unwrap();
    fx.switch_to("C01");
    fx.select_card_id(b);
    fx.act(Action::Accept);
    outcome(&mut fx, b, "not_now");
    // C: intent, a contact, won a week later.
    let c = visit(&mut fx, "赵六", "13700002222", Some('1')).unwrap();
    fx.switch_to("W01");
    fx.select_card_id(c);
    fx.act(Action::Accept);
    outcome(&mut fx, c, "intent");
    fx.advance(7 * 24 * 60);
    fx.go(Tab::Followups);
    let pc = fx.sql_i64("SELECT id FROM prospects WHERE source_card = ?1", args![c]);
    fx.select_prospect_id(pc);
    fx.act(Action::LogContact);
    fx.pick(Msg::FieldChannel, "phone");
    fx.focus_field(1);
    fx.type_text("电话沟通，客户很满意");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    fx.act(Action::Won);
    fx.pick(Msg::FieldProduct, "wmp");
    fx.focus_field(1);
    fx.type_text("120000");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    // D: a visit then, and again today: kept.
    visit(&mut fx, "钱七", "13600003333", None);
    // E: declined but kept, then lost.
    let e = visit(&mut fx, "孙八", "13500004444", Some('1')).unwrap();
    fx.switch_to("W01");
    fx.select_card_id(e);
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, "declined");
    fx.pick(Msg::FieldObjection, "distrust");
    fx.pick(Msg::FieldKeep, "yes");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    fx.go(Tab::Followups);
    let pe = fx.sql_i64("SELECT id FROM prospects WHERE source_card = ?1", args![e]);
    fx.select_prospect_id(pe);
    fx.act(Action::Lost);
    fx.pick(Msg::FieldReason, "distrust");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);

    // Today (2026-11-23): D again, and a new client F.
    fx.clock
        .advance(back - Duration::days(7) - Duration::minutes(80));
    fx.act(Action::Tick);
    assert_eq!(fx.app.clock.today().to_string(), "2026-11-23");
    visit(&mut fx, "钱七", "13600003333", None);
    visit(&mut fx, "周九", "13400005555", None);

    let id = |mobile: &str| fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![mobile]);
    let (ca, cb, cc, cd, ce, cf) = (
        id("13812345678"),
        id("13900001111"),
        id("13700002222"),
        id("13600003333"),
        id("13500004444"),
        id("13400005555"),
    );
    assert_eq!(fx.sql_i64("SELECT count(*) FROM clients", args![]), 6);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM tickets WHERE status != 'done'",
            args![]
        ),
        0,
        "every visit ended: no wait depends on the report's clock"
    );
    drop(fx.switch_to("H01"));
    let home = fx.dir.path().to_path_buf();

    let before = report(&home, &db);
    let figures: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(figures["visits"]["arrived"], 7, "{before}");
    assert_eq!(figures["referrals"]["contracted"], 2, "{before}");

    let events = fx.event_count();
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "2023-11-01", "--yes"],
    );
    assert_code(&o, 0);
    assert_eq!(
        stdout(&o),
        "Anonymised 3 clients whose records all ended before 2023-11-01.\n\
         Old copies were wiped from the database file (vacuumed, log truncated).\n"
    );

    assert_eq!(report(&home, &db), before, "the figures are as they were");
    for gone in [ca, cc, ce] {
        assert_eq!(client(&db, gone), (None, None), "client {gone} anonymised");
    }
    assert_eq!(
        client(&db, cb),
        (Some("李四".into()), Some("13900001111".into())),
        "open prospect"
    );
    assert_eq!(
        client(&db, cd),
        (Some("钱七".into()), Some("13600003333".into())),
        "came today"
    );
    assert_eq!(
        client(&db, cf),
        (Some("周九".into()), Some("13400005555".into())),
        "new today"
    );
    // The free text about them goes too.
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM cards WHERE client_id IN (?1, ?2, ?3) AND note != ''",
            args![ca, cc, ce]
        ),
        0
    );
    assert_eq!(
        fx.sql_i64("SELECT count(*) FROM contacts WHERE summary != ''", args![]),
        0
    );
    // One event per client anonymised (after the head's sign-in).
    let written = fx.events_after(events);
    let mut purged: Vec<i64> = written
        .iter()
        .filter(|(kind, ..)| kind != "staff.sign_in" && kind != "staff.pin")
        .map(|(kind, _, record, id)| {
            assert_eq!((kind.as_str(), record.as_str()), ("client.purge", "client"));
            id.unwrap()
        })
        .collect();
    purged.sort();
    let mut expected = vec![ca, cc, ce];
    expected.sort();
    assert_eq!(purged, expected);

    // Purging again finds nobody and changes nothing.
    let state = state_but_sign_ins(&fx);
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "2023-11-01", "--yes"],
    );
    assert_code(&o, 0);
    assert!(
        stdout(&o).starts_with("Anonymised 0 clients"),
        "{}",
        stdout(&o)
    );
    assert_eq!(state_but_sign_ins(&fx), state);
    assert_eq!(report(&home, &db), before);

    // Within the three years records are kept: refused, nothing changed.
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "2026-11-01", "--yes"],
    );
    assert_code(&o, 2);
    assert!(stderr(&o).contains("kept for 3 years"), "{}", stderr(&o));
    assert_eq!(state_but_sign_ins(&fx), state);

    // A date that is not one is bad input.
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "November"],
    );
    assert_code(&o, 2);
    assert_eq!(state_but_sign_ins(&fx), state);
}

/// Every table's rows and the number of events but sign-ins: the head's
/// sign-in is written even when the purge changes nothing.
fn state_but_sign_ins(fx: &Fixture) -> (String, i64) {
    let (tables, _) = fx.db_state();
    let events = fx.sql_i64(
        "SELECT count(*) FROM events WHERE kind NOT IN ('staff.sign_in', 'staff.pin')",
        args![],
    );
    (tables, events)
}

#[test]
fn purge_is_recorded_under_a_real_person_only() {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let db = home.join("branch.db");
    assert_code(&cli(home, &db, &["demo", "--days", "2"]), 0);
    let before = count(&db, "SELECT count(*) FROM clients WHERE name IS NULL");
    let o = cli(
        home,
        &db,
        &["--as", "NOBODY", "purge", "--before", "2030-01-01"],
    );
    assert_code(&o, 2);
    assert_eq!(
        count(&db, "SELECT count(*) FROM events WHERE actor = 'NOBODY'"),
        0
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM clients WHERE name IS NULL"),
        before
    );
}
