//! Upgrades: databases written by earlier lobbydesks, kept as fixtures in
//! tests/fixtures/, open and migrate in this version with nothing lost; a
//! database from a newer lobbydesk is refused with a plain sentence and left
//! exactly as it was.
//!
//! The fixtures (one file each, journal mode DELETE, so a copy is the whole
//! database):
//!
//! - `schema1.db`: the first schema (migration 001 only, `user_version` 1),
//!   written with the SQL of that migration: the roster, one client, three
//!   tickets of 2026-11-20 (A001 done at counter 1, A002 waiting, V001
//!   called) and their eight events.
//! - `schema2.db`: schema 2 as lobbydesk wrote it on 2026-11-23 with
//!   `lobbydesk demo --days 2 --visits-per-day 25 --seed 7` (the demo roster,
//!   44 tickets on 2026-11-20 and 2026-11-21, 15 referral cards, 10
//!   prospects) and three `lobbydesk walkin add` on 2026-11-23 (A001 with a
//!   client, V001 vip with a client, A002 elderly), then
//!   `PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; VACUUM`.
//!
//! Never regenerate them: they stand for files out in branches.

use std::path::{Path, PathBuf};

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::domain::ticket::Status;
use lobbydesk::i18n::Lang;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::prospects::Filter;
use lobbydesk::store::{Store, StoreError, SCHEMA_VERSION};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A copy of a fixture in a temporary folder: the fixture itself is never opened.
fn copy_of(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("a temporary folder");
    let to = dir.path().join("branch.db");
    std::fs::copy(fixture(name), &to).expect("copy the fixture");
    (dir, to)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn raw_i64(path: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn count(path: &Path, table: &str) -> i64 {
    raw_i64(path, &format!("SELECT count(*) FROM {table}"))
}

fn report(store: &Store, from: NaiveDate, to: NaiveDate) -> Report {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    Report::compute(
        &store.db(),
        &Catalog::shipped(),
        Period::new(from, to).unwrap(),
        beijing(),
        now,
    )
    .expect("the report of the migrated database")
}

/// The checks `lobbydesk doctor` makes, on the migrated file.
fn assert_healthy(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "no row points to a missing one");
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION, "migrated to this version's schema");
}

#[test]
fn the_fixtures_are_small_single_files_of_their_schema() {
    for (name, version) in [("schema1.db", 1), ("schema2.db", 2)] {
        let path = fixture(name);
        let len = std::fs::metadata(&path).expect(name).len();
        assert!(len < 200 * 1024, "{name} is {len} bytes");
        assert!(
            !path.with_extension("db-wal").exists(),
            "{name} has no WAL beside it"
        );
        // Read without writing: not even a WAL is created next to the fixture.
        let conn = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, version, "{name}");
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete", "{name} is one file");
    }
}

#[test]
fn a_database_of_the_first_schema_opens_and_migrates() {
    let (_dir, path) = copy_of("schema1.db");
    let events_before = count(&path, "events");
    let store = Store::open(&path).expect("the first schema opens");
    assert_healthy(&path);

    let db = store.db();
    let open = db.open_tickets(d(2026, 11, 20)).unwrap();
    let numbers: Vec<(&str, Status)> = open.iter().map(|t| (t.number.as_str(), t.status)).collect();
    assert_eq!(
        numbers,
        [("A002", Status::Waiting), ("V001", Status::Called)],
        "the open tickets of that day"
    );
    let done = db.ticket(1).unwrap().expect("A001 is there");
    assert_eq!(done.status, Status::Done);
    assert_eq!(done.client_name.as_deref(), Some("李雷"));
    assert_eq!(done.counter, Some(1));
    assert_eq!(done.teller.as_deref(), Some("T01"));
    assert_eq!(
        db.staff("T01").unwrap().map(|s| s.name),
        Some("王芳".to_string())
    );
    assert!(
        db.prospects(&Filter::default()).unwrap().is_empty(),
        "the new tables are there, empty"
    );
    assert_eq!(count(&path, "events"), events_before, "history kept");

    let r = report(&store, d(2026, 11, 20), d(2026, 11, 20));
    assert_eq!(r.visits.arrived, 3);
    assert_eq!(r.visits.served, 1);
    assert_eq!(r.visits.waiting, 1);
    assert_eq!(r.visits.open, 1);
    assert_eq!(r.referrals.created, 0);
    drop(store);

    // Migrated once: opening again changes nothing and the file stays healthy.
    let again = Store::open(&path).expect("reopen");
    drop(again);
    assert_healthy(&path);
}

#[test]
fn a_database_of_schema_2_opens_with_everything_readable() {
    let (_dir, path) = copy_of("schema2.db");
    let before: Vec<i64> = ["tickets", "cards", "prospects", "clients", "events"]
        .iter()
        .map(|t| count(&path, t))
        .collect();
    assert_eq!(before, [47, 15, 10, 19, 257], "the fixture as made");
    let mut store = Store::open(&path).expect("schema 2 opens");
    assert_healthy(&path);
    let after: Vec<i64> = ["tickets", "cards", "prospects", "clients", "events"]
        .iter()
        .map(|t| count(&path, t))
        .collect();
    assert_eq!(after, before, "nothing lost or added by opening");

    let today = d(2026, 11, 23);
    let open = store.db().open_tickets(today).unwrap();
    let numbers: Vec<&str> = open.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(numbers, ["A001", "V001", "A002"]);
    assert_eq!(open[0].client_mobile.as_deref(), Some("13800000001"));
    assert_eq!(open[1].client_name.as_deref(), Some("Zoë"));
    assert!(open[1].is_priority);
    assert_eq!(open[2].priority, "elderly");

    let prospects = store
        .db()
        .prospects(&Filter {
            ended_since: Some(Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(prospects.len(), 10, "every prospect listed");
    assert_eq!(
        prospects
            .iter()
            .filter(|p| p.stage.as_str() == "open")
            .count(),
        9
    );
    for p in &prospects {
        assert!(!p.owner.is_empty(), "prospect {} has its owner", p.id);
    }

    let r = report(&store, d(2026, 11, 20), d(2026, 11, 21));
    assert_eq!(r.visits.arrived, 44, "the two demo days");
    assert_eq!(r.referrals.created, 15);
    let cards = store.db().card(1).unwrap().expect("card 1 is readable");
    assert!(!cards.line.is_empty());

    // And the migrated file takes new work: the next number of the day.
    let catalog = Catalog::shipped();
    let walkin =
        lobbydesk::ops::tickets::check_walkin(&catalog, Lang::En, "A", "normal", "", "").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 4, 0, 0).unwrap();
    let lobby = store
        .db()
        .staff("LOBBY")
        .unwrap()
        .expect("the lobby manager");
    let who = lobbydesk::ops::person(&lobby, &catalog);
    let op = lobbydesk::ops::Op {
        who: &who,
        now,
        day: today,
        catalog: &catalog,
    };
    let t = store
        .write(|db| lobbydesk::ops::tickets::register_walkin(db, &op, &walkin))
        .unwrap();
    assert_eq!(t.number, "A003");
}

#[test]
fn a_database_from_a_newer_lobbydesk_is_refused_and_left_untouched() {
    let (dir, path) = copy_of("schema2.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();

    match Store::open(&path) {
        Err(e @ StoreError::Newer { found, supported }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
            let en = e.message(Lang::En);
            assert!(en.contains("upgrade"), "{en}");
            assert!(en.contains(&(SCHEMA_VERSION + 1).to_string()), "{en}");
            let zh = e.message(Lang::Zh);
            assert!(zh.contains("升级"), "{zh}");
        }
        Err(other) => panic!("refused for the wrong reason: {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }

    // The command line: exit 1, one plain line, no panic, nothing written.
    let home = dir.path();
    for (lang, word) in [("en", "upgrade"), ("zh", "升级")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lobbydesk"))
            .args(["--db"])
            .arg(&path)
            .args(["--lang", lang, "walkin", "add", "--service", "A"])
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run lobbydesk");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(out.stdout.is_empty(), "no ticket number printed");
        assert_eq!(err.lines().count(), 1, "one plain line: {err}");
        assert!(err.contains(word), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the newer database is left exactly as it was"
    );
    assert!(!path.with_extension("db-wal").exists(), "no WAL was made");
}
