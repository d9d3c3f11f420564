//! Who is at the keyboard is proven, not claimed: PINs (kept only as
//! hashes), the lock after five wrong ones and the head's reset, the kiosk
//! that only registers walk-ins, nothing but reading without a signed-in
//! person, the bound operating-system account, and the first-run question.

#[path = "../support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use lobbydesk::config::Catalog;
use lobbydesk::domain::authority::Denial;
use lobbydesk::ops::admin::{self, RosterRefusal};
use lobbydesk::ops::signin::{self, Attempt, SignInRefusal};
use lobbydesk::ops::{Op, OpError};
use lobbydesk::store::Store;
use support::pty::{sandbox_cmd, Spawn};
use support::{describe_output, manager, person_of, rows, teller, PIN};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");

/// `lobbydesk --db <home>/branch.db --lang en <args>`, with `pin` in
/// LOBBYDESK_PIN (none: not set) and `extra` variables.
fn run(home: &Path, pin: Option<&str>, extra: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("--db")
        .arg(home.join("branch.db"))
        .args(["--lang", "en"])
        .args(args);
    sandbox_cmd(&mut cmd, home);
    cmd.env_remove("LOBBYDESK_PIN")
        .env_remove("LOBBYDESK_NEW_PIN");
    if let Some(p) = pin {
        cmd.env("LOBBYDESK_PIN", p);
    }
    cmd.envs(extra.iter().copied());
    cmd.output().expect("run lobbydesk")
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn conn(home: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(home.join("branch.db")).expect("open the database")
}

fn one(home: &Path, sql: &str) -> i64 {
    conn(home)
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A branch whose head H01 chose the test PIN at `init`; the head adds `add`.
fn branch(add: &[(&str, &str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let o = run(
        home,
        Some(PIN),
        &[],
        &["init", "--head", "H01", "--name", "周建国"],
    );
    assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    for (c, name, role) in add {
        let mut args = vec!["--as", "H01", "staff", "add", c, name, "--role", role];
        if *role == "teller" {
            args.extend(["--counter", "1"]);
        }
        let o = run(home, Some(PIN), &[], &args);
        assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    }
    dir
}

mod accounts;
mod pins;
