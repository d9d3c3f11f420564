//! Walk-ins from the command line, and files that are not a good database.

use super::*;

/// Every ticket in the file, in the order they were added: (number, service, priority).
fn all_tickets(db: &Path) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(db).expect("open the database with rusqlite");
    let mut stmt = conn
        .prepare("SELECT number, service, priority FROM tickets ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn walkin_add_prints_ticket_numbers_and_saves_the_tickets() {
    let sb = Sandbox::new();

    let o = walkin(&sb, &["--service", "A"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(number(&o), "A001");
    assert_eq!(stderr(&o), "");

    let o = walkin(&sb, &["--service", "A"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(number(&o), "A002");

    let o = walkin(
        &sb,
        &[
            "--service",
            "V",
            "--priority",
            "vip",
            "--name",
            "王小明",
            "--mobile",
            "13812345678",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(number(&o), "V001");
    assert_eq!(stderr(&o), "");

    // Through the library, as the application reads them: today's open queue.
    let store = Store::open(&sb.db()).expect("lobbydesk opens what it wrote");
    let today = chrono::Local::now().date_naive();
    let open = store.db().open_tickets(today).unwrap();
    let numbers: Vec<&str> = open.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(numbers, ["A001", "A002", "V001"]);
    let v = &open[2];
    assert_eq!(v.service, "V");
    assert_eq!(v.priority, "vip");
    assert!(v.is_priority, "vip is a priority class");
    assert_eq!(v.client_name.as_deref(), Some("王小明"));
    assert_eq!(v.client_mobile.as_deref(), Some("13812345678"));
    assert!(
        open[0].client_id.is_none(),
        "an anonymous walk-in has no client"
    );
    drop(store);

    // And straight from the file.
    assert_eq!(
        all_tickets(&sb.db()),
        [
            ("A001".into(), "A".into(), "normal".into()),
            ("A002".into(), "A".into(), "normal".into()),
            ("V001".into(), "V".into(), "vip".into()),
        ]
    );
}

#[test]
fn walkin_add_numbers_each_service_on_its_own() {
    let sb = Sandbox::new();
    for (service, want) in [("B", "B001"), ("A", "A001"), ("B", "B002")] {
        let o = walkin(&sb, &["--service", service]);
        assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
        assert_eq!(number(&o), want);
    }
}

#[test]
fn bad_walkin_input_is_refused_with_the_field_named_and_nothing_saved() {
    let sb = Sandbox::new();
    // One good ticket first, so "nothing saved" is checked against a real file.
    let o = walkin(&sb, &["--service", "A"]);
    assert_eq!(number(&o), "A001", "{}", describe(&o));

    let long_name = "x".repeat(500);
    let cases: Vec<(&str, Vec<&str>, &[&str])> = vec![
        (
            "malformed mobile",
            vec!["--service", "A", "--mobile", "12345"],
            &["Mobile", "11 digits"],
        ),
        (
            "unknown service",
            vec!["--service", "Z"],
            &["Service", "Z", "A, B, V, C, L"],
        ),
        (
            "unknown priority",
            vec!["--service", "A", "--priority", "royal"],
            &["priority", "royal", "normal"],
        ),
        (
            "500-character name",
            vec!["--service", "A", "--name", &long_name],
            &["Name", "too long"],
        ),
        (
            "control character in the name",
            vec!["--service", "A", "--name", "王\u{7}小明"],
            &["Name", "control"],
        ),
        (
            "escape sequence in the name",
            vec!["--service", "A", "--name", "\u{1b}[31mred"],
            &["Name", "control"],
        ),
    ];
    for (what, args, words) in cases {
        let o = walkin(&sb, &args);
        let line = assert_refused(&o, 2);
        assert!(line.starts_with("lobbydesk: "), "{what}: {line}");
        for w in words {
            assert!(
                line.to_lowercase().contains(&w.to_lowercase()),
                "{what}: the message should mention {w:?}: {line}"
            );
        }
        assert_eq!(
            all_tickets(&sb.db()).len(),
            1,
            "{what}: no ticket may be saved"
        );
    }
}

#[test]
fn bad_walkin_input_in_chinese() {
    let sb = Sandbox::new();
    let o = sb.run_on(&sb.db(), "zh", &["walkin", "add", "--service", "Z"]);
    let line = assert_refused(&o, 2);
    assert!(line.contains("业务类型"), "{line}");
    assert!(line.contains('Z'), "{line}");
    let o = sb.run_on(
        &sb.db(),
        "zh",
        &["walkin", "add", "--service", "A", "--mobile", "12345"],
    );
    let line = assert_refused(&o, 2);
    assert!(line.contains("手机号"), "{line}");

    sb.with_kiosk();
    let args = ["--as", "K01", "walkin", "add", "--service", "A"];
    let o = sb.run_on(&sb.db(), "zh", &args);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(number(&o), "A001");
}

#[test]
fn walkin_add_says_the_people_ahead_and_the_expected_wait() {
    let sb = Sandbox::new();
    // Three counters, nobody timed yet (6 minutes a visit, and a moment
    // between visits): three go at once, the next three after one visit.
    for n in 1..=4 {
        let o = walkin(&sb, &["--service", "A"]);
        assert_eq!(number(&o), format!("A00{n}"));
    }
    let o = walkin(&sb, &["--service", "A"]);
    assert_eq!(stdout(&o), "A005 · 4 ahead · about 7 min\n");
    let o = walkin(&sb, &["--service", "A", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON object");
    assert_eq!(
        json,
        serde_json::json!({
            "number": "A006",
            "service": "A",
            "priority": "normal",
            "ahead": 5,
            "expected_wait_minutes": 7,
        })
    );
    let args = ["--as", "K01", "walkin", "add", "--service", "A"];
    let o = sb.run_on(&sb.db(), "zh", &args);
    assert_eq!(stdout(&o), "A007 · 前面还有6人 · 预计等候13分钟\n");
    // A priority ticket goes ahead of them all: nobody before it.
    let o = walkin(&sb, &["--service", "V", "--priority", "vip"]);
    assert_eq!(stdout(&o), "V001 · 0 ahead · about 0 min\n");
}

#[test]
fn several_bad_fields_are_each_named() {
    let sb = Sandbox::new();
    let o = walkin(&sb, &["--service", "Z", "--mobile", "12345"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("Service"), "{err}");
    assert!(err.contains("Mobile"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_database_in_a_missing_folder_is_refused() {
    let sb = Sandbox::new();
    let folder = sb.path("no-such-folder");
    let db = folder.join("branch.db");
    let o = sb.run_on(&db, "en", &["walkin", "add", "--service", "A"]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("folder"), "{line}");
    assert!(
        line.contains(&folder.display().to_string()),
        "names the folder: {line}"
    );
    assert!(
        !folder.exists(),
        "the folder is not created behind one's back"
    );
}

#[test]
fn a_text_file_is_not_a_lobbydesk_database() {
    let sb = Sandbox::new();
    let db = sb.path("notes.db");
    let text = "Meeting notes\nThis is not a database at all.\n".repeat(20);
    std::fs::write(&db, &text).unwrap();
    let o = sb.run_on(&db, "en", &["walkin", "add", "--service", "A"]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("not a lobbydesk database"), "{line}");
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        text,
        "the file is left as it was"
    );
}

#[test]
fn another_apps_sqlite_file_is_refused_and_left_alone() {
    let sb = Sandbox::new();
    let db = sb.path("other.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (42);")
            .unwrap();
    }
    let o = sb.run_on(&db, "en", &["walkin", "add", "--service", "A"]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("not a lobbydesk database"), "{line}");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["foo"], "no lobbydesk tables added");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "the journal mode is not switched to WAL");
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 0);
}

#[test]
fn a_database_from_a_newer_lobbydesk_is_refused() {
    let sb = Sandbox::new();
    let o = walkin(&sb, &["--service", "A"]);
    assert_eq!(number(&o), "A001", "{}", describe(&o));
    {
        let conn = rusqlite::Connection::open(sb.db()).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let o = walkin(&sb, &["--service", "A"]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("newer"), "{line}");
    assert!(line.contains("999"), "{line}");
    assert_eq!(all_tickets(&sb.db()).len(), 1, "nothing saved");
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 999, "the newer schema is not touched");
}

#[test]
fn the_application_refuses_a_bad_database_before_touching_the_terminal() {
    // No subcommand: the full-screen application. Opening fails first, so the
    // terminal is never taken over and the message is a plain line.
    let sb = Sandbox::new();
    let db = sb.path("notes.db");
    std::fs::write(&db, "not a database\n".repeat(20)).unwrap();
    let o = sb.run_on(&db, "en", &[]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("not a lobbydesk database"), "{line}");

    let missing = sb.path("gone").join("branch.db");
    let o = sb.run_on(&missing, "en", &[]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("folder"), "{line}");
}

#[test]
fn a_server_address_is_refused_in_words_and_nothing_is_made() {
    let sb = Sandbox::new();
    for url in [
        "postgresql://lobby-server.invalid/branchdb",
        "postgres://teller@lobby-server.invalid:5432/branchdb",
    ] {
        // A command for a file only says so before connecting.
        let o = sb.run_on(std::path::Path::new(url), "en", &["backup", "copy.db"]);
        let line = assert_refused(&o, 1);
        assert!(
            line.contains("backup, purge and demo work on an SQLite file only"),
            "{line}"
        );
        assert!(line.contains("lobby-server.invalid"), "{line}");
        // The desk, a walk-in and the roster try the server, and say it
        // cannot be reached.
        for args in [
            &[][..],
            &["--as", "K01", "walkin", "add", "--service", "A"][..],
            &["staff", "list"][..],
        ] {
            let o = sb.run_on(std::path::Path::new(url), "en", args);
            let line = assert_refused(&o, 1);
            assert!(line.contains("Cannot reach the database server"), "{line}");
        }
    }
    // An encryption mode libpq does not know is a wrong address, said
    // before anything is sent.
    let url = "postgresql://lobby-server.invalid/branchdb?sslmode=maybe";
    let o = sb.run_on(std::path::Path::new(url), "en", &["staff", "list"]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("The server address is not right"), "{line}");
    assert!(!std::path::Path::new("postgresql:").exists());
    assert!(!std::path::Path::new("postgres:").exists());
}

/// Overwrite pages of a lobbydesk database with garbage, after folding the
/// write-ahead log into the main file; `pages` picks them (numbered from 1).
fn damage_pages(db: &Path, pages: impl FnOnce(&rusqlite::Connection) -> Vec<i64>) {
    let (page_size, pages) = {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (size, pages(&conn))
    };
    let mut bytes = std::fs::read(db).unwrap();
    for n in pages {
        let start = ((n - 1) * page_size) as usize;
        let end = (start + page_size as usize).min(bytes.len());
        assert!(start < end, "page {n} is inside the file");
        bytes[start..end].fill(0xAB);
    }
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn a_database_damaged_everywhere_but_its_header_is_reported_as_damaged() {
    let sb = Sandbox::new();
    let o = walkin(&sb, &["--service", "A"]);
    assert_eq!(number(&o), "A001", "{}", describe(&o));
    damage_pages(&sb.db(), |conn| {
        let count: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        (2..=count).collect()
    });
    let o = walkin(&sb, &["--service", "A"]);
    let line = assert_refused(&o, 1);
    assert!(line.contains("damaged"), "{line}");
    assert!(line.contains("doctor"), "says what to do: {line}");
}

#[test]
fn a_damaged_ticket_table_is_reported_as_damaged() {
    // Only the tickets table is broken: opening succeeds, the write fails.
    // A damaged database gets a plain sentence, the same one
    // wherever the damage is found.
    let sb = Sandbox::new();
    let o = walkin(&sb, &["--service", "A"]);
    assert_eq!(number(&o), "A001", "{}", describe(&o));
    damage_pages(&sb.db(), |conn| {
        vec![conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'tickets'",
                [],
                |r| r.get(0),
            )
            .unwrap()]
    });
    let o = walkin(&sb, &["--service", "A"]);
    let line = assert_refused(&o, 1);
    assert!(
        line.contains("damaged"),
        "the damage is named as such, with what to do: {line}"
    );
}

#[test]
fn a_folder_given_as_the_database_is_refused() {
    let sb = Sandbox::new();
    let folder = sb.path("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let o = sb.run_on(&folder, "en", &["walkin", "add", "--service", "A"]);
    let line = assert_refused(&o, 1);
    assert!(
        line.contains(&folder.display().to_string()),
        "names the path: {line}"
    );
}
