//! The command line as a script or a ticket kiosk uses it: the real binary,
//! its exit codes, stdout and stderr, and what ends up in the database.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lobbydesk::store::Store;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");

/// The PIN every run gives in LOBBYDESK_PIN: each person of a test's roster
/// chooses it on their first sign-in.
const PIN: &str = "2468";

/// A throwaway home for one test: the database and any config live here, so
/// the machine's own config and data folder are never read.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("branch.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Run lobbydesk with `--db <db> --lang <lang>` and the given arguments.
    fn run_on(&self, db: &Path, lang: &str, args: &[&str]) -> Output {
        let home = self.dir.path();
        Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args(["--lang", lang])
            .args(args)
            .env("LOBBYDESK_PIN", PIN)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run lobbydesk")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_on(&self.db(), "en", args)
    }

    /// The database with a ticket kiosk, K01, on its roster.
    fn with_kiosk(&self) -> &Sandbox {
        let mut store = Store::open(&self.db()).expect("create the database");
        let kiosk = lobbydesk::store::staff::Staff {
            code: "K01".into(),
            name: "取号机".into(),
            roles: vec!["kiosk".into()],
            counter: None,
            active: true,
        };
        store
            .write(|db| db.put_staff(&kiosk))
            .expect("put the kiosk on the roster");
        self
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
}

/// Exit `code`, nothing on stdout, exactly one line on stderr, no panic; returns that line.
fn assert_refused(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "{}", describe(o));
    assert!(
        o.stdout.is_empty(),
        "stdout should be empty\n{}",
        describe(o)
    );
    let err = stderr(o);
    assert!(!err.contains("panicked"), "a panic\n{}", describe(o));
    assert!(!err.contains("RUST_BACKTRACE"), "a panic\n{}", describe(o));
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr\n{}", describe(o));
    assert!(err.ends_with('\n'), "stderr ends its line\n{}", describe(o));
    lines[0].to_string()
}

/// The ticket number `walkin add` printed: the first word of its line.
fn number(o: &Output) -> String {
    let out = stdout(o);
    assert!(out.ends_with('\n') && out.lines().count() == 1, "{out:?}");
    out.split(" · ").next().unwrap_or_default().to_string()
}

/// `walkin add` by the kiosk K01.
fn walkin(sb: &Sandbox, extra: &[&str]) -> Output {
    if !sb.db().exists() {
        sb.with_kiosk();
    }
    let mut args = vec!["--as", "K01", "walkin", "add"];
    args.extend_from_slice(extra);
    sb.run(&args)
}

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

#[test]
fn a_database_that_cannot_be_written_is_refused() {
    // We run as root, so a chmod'd file or folder would still be writable.
    // /proc and /sys refuse to create files for everyone, root included.
    let sb = Sandbox::new();
    for path in ["/proc/lobbydesk.db", "/sys/lobbydesk.db"] {
        let o = sb.run_on(Path::new(path), "en", &["walkin", "add", "--service", "A"]);
        let line = assert_refused(&o, 1);
        assert!(line.contains(path), "names the file: {line}");
        assert!(
            line.contains("Cannot write") || line.contains("read-only"),
            "says it cannot write: {line}"
        );
        assert!(!Path::new(path).exists());
    }
}

#[test]
fn an_unknown_staff_code_is_refused() {
    let sb = Sandbox::new();
    let o = sb.run(&["--as", "NOPE", "walkin", "add", "--service", "A"]);
    let line = assert_refused(&o, 2);
    assert!(line.contains("NOPE"), "{line}");
    assert!(line.contains("roster"), "{line}");
    // Opening the application itself as an unknown person is refused the same
    // way, before the terminal is touched.
    let o = sb.run(&["--as", "NOPE"]);
    let line = assert_refused(&o, 2);
    assert!(line.contains("NOPE"), "{line}");
}

#[test]
fn help_and_version() {
    let sb = Sandbox::new();
    let o = sb.run(&["--help"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = stdout(&o);
    assert!(out.contains("Usage"), "{out}");
    assert!(out.contains("walkin"), "{out}");
    assert!(out.contains("--db"), "{out}");

    let o = sb.run(&["walkin", "add", "--help"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stdout(&o).contains("--service"));

    let o = sb.run(&["--version"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stdout(&o).starts_with("lobbydesk "));
    assert!(!sb.db().exists(), "--help does not create a database");
}

#[test]
fn a_missing_service_argument_is_a_usage_error() {
    let sb = Sandbox::new();
    let o = sb.run(&["walkin", "add"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("--service"), "{}", describe(&o));
}

/// Events other than signing in (the refused person did sign in).
const NOT_SIGN_IN: &str = "kind NOT IN ('staff.sign_in', 'staff.pin')";

/// Rows of tickets, clients and events (but sign-ins) in the file.
fn written(db: &Path) -> [i64; 3] {
    let conn = rusqlite::Connection::open(db).expect("open the database with rusqlite");
    ["tickets", "clients", "events"].map(|t| {
        let only = if t == "events" { NOT_SIGN_IN } else { "1" };
        conn.query_row(&format!("SELECT count(*) FROM {t} WHERE {only}"), [], |r| {
            r.get(0)
        })
        .unwrap()
    })
}

#[test]
fn a_walkin_by_someone_who_does_not_serve_the_queue_is_not_allowed() {
    let sb = Sandbox::new();
    {
        let mut store = Store::open(&sb.db()).expect("create the database");
        for (code, role, counter) in [("W01", "wealth", None), ("T01", "teller", Some(1))] {
            let s = lobbydesk::store::staff::Staff {
                code: code.into(),
                name: code.into(),
                roles: vec![role.into()],
                counter,
                active: true,
            };
            store
                .write(|db| db.put_staff(&s))
                .expect("put on the roster");
        }
    }
    let before = written(&sb.db());
    let args = [
        "--as",
        "W01",
        "walkin",
        "add",
        "--service",
        "A",
        "--name",
        "赵雷",
        "--mobile",
        "13800000001",
    ];
    let o = sb.run(&args);
    let line = assert_refused(&o, 3);
    assert_eq!(
        line,
        "lobbydesk: Only tellers and the lobby manager work the queue."
    );
    assert_eq!(written(&sb.db()), before, "nothing written");
    let o = sb.run_on(&sb.db(), "zh", &args);
    let line = assert_refused(&o, 3);
    assert!(line.contains("只有柜员和大堂经理"), "{line}");
    assert_eq!(written(&sb.db()), before, "nothing written");

    // A teller may.
    let o = sb.run(&["--as", "T01", "walkin", "add", "--service", "A"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(number(&o), "A001");
}

// ---------------------------------------------------------------- exports and purge through the operations

/// A branch for the lists: a teller, two wealth managers, the head, and one
/// consenting prospect due today for each manager; one old client whose
/// records all ended long ago (a purge would anonymise them).
fn list_branch(sb: &Sandbox) {
    let mut store = Store::open(&sb.db()).expect("create the database");
    let now = chrono::Utc::now();
    let today = lobbydesk::clock::Clock::System.today();
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for s in [
                support::teller("T01", "张敏", 1),
                support::manager("W01", "王芳", "wealth"),
                support::manager("W02", "刘洋", "wealth"),
                support::manager("H01", "周建", "head"),
            ] {
                db.put_staff(&s)?;
            }
            support::consenting_prospect(db, ("王小明", "13812345678"), "W01", today, now)?;
            support::consenting_prospect(db, ("陈静", "13900001111"), "W02", today, now)?;
            let long_ago = now - chrono::Duration::days(4 * 365);
            db.find_or_add_client(Some("赵老"), Some("13700002222"), long_ago)?;
            Ok(())
        })
        .expect("the branch");
}

fn query_i64(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Every client and every event but sign-ins, as text: equal before and
/// after means nothing changed.
fn state(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    let events = format!(
        "SELECT id, kind, actor, coalesce(details, '') FROM events WHERE {NOT_SIGN_IN} ORDER BY id"
    );
    for sql in [
        "SELECT id, coalesce(name, '-'), coalesce(mobile, '-') FROM clients ORDER BY id",
        events.as_str(),
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{:?} {:?} {:?}",
                    r.get::<_, rusqlite::types::Value>(0)?,
                    r.get::<_, rusqlite::types::Value>(1)?,
                    r.get::<_, rusqlite::types::Value>(2)?
                ))
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

fn exports(db: &Path) -> i64 {
    query_i64(db, "SELECT count(*) FROM events WHERE kind = 'export.list'")
}

#[test]
fn an_export_is_refused_to_a_teller_and_for_someone_else_s_prospects() {
    let sb = Sandbox::new();
    list_branch(&sb);
    let before = state(&sb.db());
    for args in [
        &["--as", "T01", "export", "prospects"][..],
        &["--as", "T01", "export", "prospects", "--owner", "T01"][..],
        &["--as", "T01", "export", "campaign"][..],
        &["--as", "W01", "export", "prospects", "--owner", "W02"][..],
        &["--as", "W01", "export", "campaign", "--owner", "W02"][..],
        // Without --as: the lobby manager, who writes no list.
        &["export", "campaign"][..],
    ] {
        let line = assert_refused(&sb.run(args), 3);
        assert!(!line.contains("138"), "{args:?}: {line}");
        assert_eq!(state(&sb.db()), before, "{args:?}: nothing written");
    }
    let line = assert_refused(
        &sb.run(&["--as", "W01", "export", "prospects", "--owner", "W02"]),
        3,
    );
    assert_eq!(line, "lobbydesk: This prospect belongs to 刘洋.");
    let line = assert_refused(&sb.run(&["--as", "T01", "export", "campaign"]), 3);
    assert_eq!(line, "lobbydesk: Only the branch head can do that.");
    let o = sb.run_on(&sb.db(), "zh", &["--as", "T01", "export", "campaign"]);
    assert_eq!(assert_refused(&o, 3), "lobbydesk: 只有支行长可以这样做。");
    assert_eq!(exports(&sb.db()), 0);

    // A line manager's own list, with or without --owner.
    for args in [
        &["--as", "W01", "export", "prospects"][..],
        &["--as", "W01", "export", "campaign", "--owner", "W01"][..],
    ] {
        let o = sb.run(args);
        assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
        let out = stdout(&o);
        assert!(out.contains("13812345678"), "{args:?}: {out}");
        assert!(
            !out.contains("13900001111"),
            "{args:?}: W02's client: {out}"
        );
    }
    assert_eq!(exports(&sb.db()), 2);
}

#[test]
fn an_export_by_the_head_writes_one_event_with_its_row_count() {
    let sb = Sandbox::new();
    list_branch(&sb);
    let o = sb.run(&["--as", "H01", "export", "prospects", "--due", "all"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = stdout(&o);
    assert!(
        out.contains("13812345678") && out.contains("13900001111"),
        "{out}"
    );
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let (actor, record, details): (String, String, String) = conn
        .query_row(
            "SELECT actor, record, details FROM events WHERE kind = 'export.list'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("exactly one export event");
    assert_eq!((actor.as_str(), record.as_str()), ("H01", "export"));
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(
        details,
        serde_json::json!({"list": "call_list", "due": "all", "owner": null, "rows": 2})
    );

    let o = sb.run(&["--as", "H01", "export", "campaign", "--owner", "W02"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let details: String = conn
        .query_row(
            "SELECT details FROM events WHERE kind = 'export.list' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(
        details,
        serde_json::json!({"list": "campaign", "due": null, "owner": "W02", "rows": 1})
    );
    assert_eq!(exports(&sb.db()), 2);
}

#[test]
fn a_purge_needs_the_head_a_date_past_the_retention_and_a_yes() {
    let sb = Sandbox::new();
    list_branch(&sb);
    let before = state(&sb.db());
    let today = lobbydesk::clock::Clock::System.today();
    let tomorrow = (today + chrono::Duration::days(1)).to_string();

    for who in [&[][..], &["--as", "T01"][..], &["--as", "W01"][..]] {
        let mut args = who.to_vec();
        args.extend(["purge", "--before", "2026-01-01"]);
        let line = assert_refused(&sb.run(&args), 3);
        assert!(
            line.starts_with("lobbydesk: Only the branch head can do that."),
            "{who:?}: {line}"
        );
        // Nobody signed in is told how to sign in.
        assert_eq!(line.contains("Sign in with --as"), who.is_empty(), "{line}");
        assert_eq!(state(&sb.db()), before, "{who:?}: nothing changed");
    }
    for date in [tomorrow.as_str(), "2099-01-01"] {
        let o = sb.run(&["--as", "H01", "purge", "--before", date]);
        let line = assert_refused(&o, 2);
        assert!(line.contains(date), "{line}");
        assert!(line.contains("after today"), "{line}");
        assert_eq!(state(&sb.db()), before, "{date}: nothing changed");
    }
    let o = sb.run_on(
        &sb.db(),
        "zh",
        &["--as", "H01", "purge", "--before", "2099-01-01"],
    );
    assert!(assert_refused(&o, 2).contains("不能晚于今天"));

    // Within the three years records are kept: refused, nothing changed.
    let o = sb.run(&["--as", "H01", "purge", "--before", &today.to_string()]);
    assert!(assert_refused(&o, 2).contains("kept for 3 years"));
    assert_eq!(state(&sb.db()), before);

    // Past them, it must be confirmed: without a terminal to ask on, --yes.
    let past = (today - chrono::Duration::days(3 * 366)).to_string();
    let o = sb.run(&["--as", "H01", "purge", "--before", &past]);
    assert!(assert_refused(&o, 3).contains("--yes"));
    assert_eq!(state(&sb.db()), before);

    // Confirmed: the old client goes, the prospects' clients stay.
    let o = sb.run(&["--as", "H01", "purge", "--before", &past, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(
        stdout(&o).starts_with("Anonymised 1 clients"),
        "{}",
        describe(&o)
    );
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM clients WHERE name IS NULL"),
        1
    );
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM events WHERE kind = 'client.purge' AND actor = 'H01'"
        ),
        1
    );
}

#[test]
fn the_last_head_stays_on_the_roster() {
    let sb = Sandbox::new();
    list_branch(&sb);
    let line = assert_refused(&sb.run(&["--as", "H01", "staff", "deactivate", "H01"]), 3);
    assert_eq!(
        line,
        "lobbydesk: Cannot deactivate the last branch head: add another head first."
    );
    let o = sb.run(&["--as", "W01", "staff", "deactivate", "T01"]);
    assert_refused(&o, 3);
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM staff WHERE active = 0"),
        0
    );
}

#[test]
fn a_bad_config_file_is_said_in_the_reader_s_language() {
    let sb = Sandbox::new();
    let config = sb.path("config.toml");
    std::fs::write(&config, "[keys]\nquit = \"Hyper-x\"\n").unwrap();
    let config = config.to_str().unwrap();
    let o = sb.run_on(&sb.db(), "zh", &["--config", config, "staff", "list"]);
    let line = assert_refused(&o, 2);
    assert!(line.contains("配置文件有误"), "{line}");
    assert!(
        line.contains("keys.quit：无法识别的按键“Hyper-x”"),
        "{line}"
    );
    std::fs::write(sb.path("config.toml"), "[branch]\ncounters = 0\n").unwrap();
    let o = sb.run_on(&sb.db(), "zh", &["--config", config, "staff", "list"]);
    let line = assert_refused(&o, 2);
    assert!(
        line.contains("[branch] 是网点设置，个人配置文件不能修改"),
        "{line}"
    );
}
