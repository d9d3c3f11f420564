//! The audit trail and the care of the file (issue 6): the append-only event
//! log, one event per change with its actor, a record's history on screen;
//! `backup` while another process writes, `doctor` on good and damaged
//! files, owner-only files, and `purge` keeping the figures. Flows drive
//! `App` with a fixed clock (2026-11-23 10:30 in Beijing); the commands run
//! the real binary on the same file.

#[path = "../support/mod.rs"]
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

mod trail;
mod upkeep;
