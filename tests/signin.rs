//! Who is at the keyboard is proven, not claimed: PINs (kept only as
//! hashes), the lock after five wrong ones and the head's reset, the kiosk
//! that only registers walk-ins, nothing but reading without a signed-in
//! person, the bound operating-system account, and the first-run question.

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

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
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

#[test]
fn a_wrong_pin_is_refused_and_counted_and_the_fifth_locks_until_the_head_resets() {
    let dir = branch(&[("T01", "张敏", "teller"), ("W01", "王芳", "wealth")]);
    let home = dir.path();
    let walkin = ["--as", "T01", "walkin", "add", "--service", "A"];

    // The first sign-in chooses the PIN; it is kept only as a salted hash.
    let o = run(home, Some("1357"), &[], &walkin);
    assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    let hash: String = conn(home)
        .query_row("SELECT pin_hash FROM staff WHERE code = 'T01'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("1357"), "{hash}");

    // Four wrong PINs: refused (exit 3), each counted and written.
    for n in 1..=4 {
        let o = run(home, Some("0000"), &[], &walkin);
        assert_eq!(code(&o), Some(3), "{}", describe_output(&o));
        assert_eq!(
            err(&o),
            format!(
                "lobbydesk: Wrong PIN: {} more wrong and the code is locked.\n",
                5 - n
            )
        );
        assert_eq!(
            one(home, "SELECT failed_tries FROM staff WHERE code = 'T01'"),
            n
        );
    }
    assert_eq!(one(home, "SELECT count(*) FROM tickets"), 1, "no ticket");
    // The fifth locks the code: an event says so.
    let o = run(home, Some("0000"), &[], &walkin);
    assert_eq!(code(&o), Some(3));
    assert!(err(&o).contains("T01 is locked"), "{}", err(&o));
    assert_eq!(
        rows(
            &conn(home),
            "SELECT kind, actor, details FROM events WHERE kind IN
             ('staff.sign_in_failed', 'staff.locked') ORDER BY id"
        )
        .len(),
        6
    );
    assert_eq!(
        one(
            home,
            "SELECT count(*) FROM events WHERE kind = 'staff.locked' AND actor = 'T01'"
        ),
        1
    );
    // Locked: even the right PIN is refused.
    let o = run(home, Some("1357"), &[], &walkin);
    assert_eq!(code(&o), Some(3));
    assert!(err(&o).contains("locked"), "{}", err(&o));

    // Only the head resets it.
    let new_pin = [("LOBBYDESK_NEW_PIN", "8642")];
    let o = run(
        home,
        Some(PIN),
        &new_pin,
        &["--as", "W01", "staff", "pin", "T01"],
    );
    assert_eq!(code(&o), Some(3), "{}", describe_output(&o));
    let o = run(
        home,
        Some(PIN),
        &new_pin,
        &["--as", "H01", "staff", "pin", "T01"],
    );
    assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    assert_eq!(out(&o), "PIN set for T01, and unlocked.\n");
    assert_eq!(
        one(
            home,
            "SELECT count(*) FROM events WHERE kind = 'staff.pin' AND actor = 'H01'
             AND details LIKE '%\"code\":\"T01\"%' AND details LIKE '%\"unlocked\":true%'"
        ),
        1
    );
    let o = run(home, Some("1357"), &[], &walkin);
    assert_eq!(code(&o), Some(3), "the old PIN no longer works");
    let o = run(home, Some("8642"), &[], &walkin);
    assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    assert!(out(&o).starts_with("A002 · "), "{}", out(&o));
    assert_eq!(
        one(
            home,
            "SELECT count(*) FROM events WHERE kind = 'ticket.add' AND actor = 'T01'"
        ),
        2
    );
}

#[test]
fn a_kiosk_only_registers_walkins() {
    let dir = branch(&[("K01", "取号机", "kiosk")]);
    let home = dir.path();
    let o = run(
        home,
        Some("4321"),
        &[],
        &["--as", "K01", "walkin", "add", "--service", "C"],
    );
    assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    assert!(out(&o).starts_with("C001 · "), "{}", out(&o));
    let actor: String = conn(home)
        .query_row(
            "SELECT actor FROM events WHERE kind = 'ticket.add'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "K01", "the ticket's history names the kiosk");

    let before = one(
        home,
        "SELECT count(*) FROM events WHERE kind NOT LIKE 'staff.%'",
    );
    for args in [
        &["--as", "K01", "export", "campaign"][..],
        &["--as", "K01", "export", "prospects", "--owner", "K01"][..],
        &["--as", "K01", "purge", "--before", "2020-01-01"][..],
        &[
            "--as", "K01", "staff", "add", "X01", "某人", "--role", "head",
        ][..],
    ] {
        let o = run(home, Some("4321"), &[], args);
        assert_eq!(code(&o), Some(3), "{args:?}: {}", describe_output(&o));
    }
    let o = run(
        home,
        Some("4321"),
        &[],
        &["--as", "K01", "export", "campaign"],
    );
    assert_eq!(
        err(&o),
        "lobbydesk: A ticket kiosk only registers walk-ins.\n"
    );
    // Nor does it open the desk, where clients' names show.
    let o = run(home, Some("4321"), &[], &["--as", "K01"]);
    assert_eq!(code(&o), Some(3));
    assert!(
        err(&o).contains("A kiosk does not open the desk"),
        "{}",
        err(&o)
    );
    assert_eq!(
        one(
            home,
            "SELECT count(*) FROM events WHERE kind NOT LIKE 'staff.%'"
        ),
        before,
        "nothing written by the refused kiosk"
    );
}

#[test]
fn nobody_signed_in_may_only_read() {
    let dir = branch(&[("T01", "张敏", "teller")]);
    let home = dir.path();
    let before = rows(&conn(home), "SELECT * FROM events ORDER BY id");
    for (args, who) in [
        (
            &["walkin", "add", "--service", "A"][..],
            "Only tellers and the lobby manager",
        ),
        (&["export", "campaign"][..], "Only the branch head"),
        (
            &["purge", "--before", "2020-01-01"][..],
            "Only the branch head",
        ),
        (
            &["staff", "add", "X01", "某人", "--role", "head"][..],
            "Only the branch head",
        ),
        (&["staff", "deactivate", "H01"][..], "Only the branch head"),
        (&["staff", "reactivate", "T01"][..], "Only the branch head"),
        (&["staff", "pin", "T01"][..], "Only the branch head"),
        (
            &["staff", "bind", "T01", "zhang"][..],
            "Only the branch head",
        ),
    ] {
        // Even with a PIN in the environment: `--as` says whose it is.
        let o = run(home, Some(PIN), &[], args);
        assert_eq!(code(&o), Some(3), "{args:?}: {}", describe_output(&o));
        let e = err(&o);
        assert!(e.starts_with(&format!("lobbydesk: {who}")), "{args:?}: {e}");
        assert!(e.contains("Sign in with --as"), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
    // The desk without a terminal to ask who is there.
    let o = run(home, Some(PIN), &[], &[]);
    assert_eq!(code(&o), Some(3), "{}", describe_output(&o));
    assert!(err(&o).contains("Sign in with --as"), "{}", err(&o));
    // The built-in lobby row is no free identity.
    let o = run(
        home,
        Some(PIN),
        &[],
        &["--as", "LOBBY", "walkin", "add", "--service", "A"],
    );
    assert_eq!(code(&o), Some(3));
    assert!(err(&o).contains("nobody signs in as it"), "{}", err(&o));
    // No PIN and no terminal: refused, not guessed.
    let o = run(
        home,
        None,
        &[],
        &["--as", "H01", "walkin", "add", "--service", "A"],
    );
    assert_eq!(code(&o), Some(3));
    assert!(err(&o).contains("LOBBYDESK_PIN"), "{}", err(&o));
    assert_eq!(
        rows(&conn(home), "SELECT * FROM events ORDER BY id"),
        before,
        "nothing written"
    );

    // What shows no client's details runs for anyone.
    for args in [
        &["staff", "list"][..],
        &["doctor"][..],
        &["report", "--format", "json"][..],
        &["--help"][..],
    ] {
        let o = run(home, None, &[], args);
        assert_eq!(code(&o), Some(0), "{args:?}: {}", describe_output(&o));
    }
    // Made-up days never go into a real branch's file.
    let o = run(home, None, &[], &["demo", "--days", "1"]);
    assert_eq!(code(&o), Some(3), "{}", describe_output(&o));
    assert_eq!(one(home, "SELECT count(*) FROM tickets"), 0);
}

#[test]
fn a_second_init_is_refused() {
    let dir = branch(&[]);
    let o = run(
        dir.path(),
        Some(PIN),
        &[],
        &["init", "--head", "H02", "--name", "吴刚"],
    );
    assert_eq!(code(&o), Some(3), "{}", describe_output(&o));
    assert!(err(&o).contains("already has a roster"), "{}", err(&o));
    let o = TempDir::new().unwrap();
    let bad = run(
        o.path(),
        Some("12"),
        &[],
        &["init", "--head", "H01", "--name", "周"],
    );
    assert_eq!(code(&bad), Some(2), "{}", describe_output(&bad));
    assert_eq!(err(&bad), "lobbydesk: A PIN is 4 to 12 digits.\n");
}

#[test]
fn a_bound_system_account_signs_in_without_a_pin() {
    let Some(me) = lobbydesk::cli::os_user() else {
        eprintln!("no name for this process's user: skipped");
        return;
    };
    let dir = branch(&[("T01", "张敏", "teller"), ("T02", "林月", "teller")]);
    let home = dir.path();
    let walkin = ["--as", "T01", "walkin", "add", "--service", "A"];
    let o = run(home, None, &[], &walkin);
    assert_eq!(code(&o), Some(3), "no PIN, not bound: refused");

    let o = run(
        home,
        Some(PIN),
        &[],
        &["--as", "H01", "staff", "bind", "T01", &me],
    );
    assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    // One account, one code.
    let o = run(
        home,
        Some(PIN),
        &[],
        &["--as", "H01", "staff", "bind", "T02", &me],
    );
    assert_eq!(code(&o), Some(3), "{}", describe_output(&o));
    // $USER is not trusted: only the process's real account counts.
    let o = run(home, None, &[("USER", "someone-else")], &walkin);
    assert_eq!(code(&o), Some(0), "{}", describe_output(&o));
    assert_eq!(
        one(
            home,
            "SELECT count(*) FROM events WHERE kind = 'staff.sign_in' AND actor = 'T01'
             AND details LIKE '%os_user%'"
        ),
        1
    );
    // Another code is not this account's.
    let o = run(
        home,
        None,
        &[],
        &["--as", "T02", "walkin", "add", "--service", "A"],
    );
    assert_eq!(code(&o), Some(3));
    // Unbound: the PIN again.
    let o = run(
        home,
        Some(PIN),
        &[],
        &["--as", "H01", "staff", "bind", "T01"],
    );
    assert_eq!(out(&o), "T01 is no longer bound to a system account.\n");
    let o = run(home, None, &[], &walkin);
    assert_eq!(code(&o), Some(3));
}

// ---------------------------------------------------------------- the operations, in-process

#[test]
fn the_operations_count_lock_reset_and_keep_the_last_head() {
    let dir = TempDir::new().unwrap();
    let mut store = support::open_store(&dir);
    for s in [
        teller("T01", "张敏", 1),
        manager("H01", "周建国", "head"),
        manager("K01", "取号机", "kiosk"),
    ] {
        support::put_staff(&mut store, &s);
    }
    let now = support::t0();
    let catalog = Catalog::shipped();
    store
        .write(|db| signin::first_pin(db, now, "T01", "1357"))
        .unwrap();
    for n in 1..=5 {
        let got = store.write(|db| signin::sign_in_pin(db, now, "T01", "9999"));
        let want = Attempt::Wrong {
            tries: n,
            locked: n == 5,
        };
        assert_eq!(got.unwrap(), want);
    }
    let locked = store.write(|db| signin::sign_in_pin(db, now, "T01", "1357"));
    assert!(matches!(
        locked,
        Err(OpError::SignIn(SignInRefusal::Locked(_)))
    ));
    assert!(matches!(
        signin::door(&store.db(), "LOBBY", None),
        Err(OpError::SignIn(SignInRefusal::BuiltIn))
    ));

    let op_of = |store: &Store, code: &str| person_of(store, code);
    let teller = op_of(&store, "T01");
    let head = op_of(&store, "H01");
    let kiosk = op_of(&store, "K01");
    let op = |who| Op {
        who,
        now,
        day: support::day(),
        catalog: &catalog,
    };
    // The teller and the kiosk reset nobody; the head does, which unlocks.
    for who in [&teller, &kiosk] {
        let r = store.write(|db| signin::set_pin(db, &op(who), "T01", "2468"));
        assert!(matches!(r, Err(OpError::Denied(_))), "{r:?}");
    }
    let r = store.write(|db| signin::set_pin(db, &op(&head), "T01", "12"));
    assert!(matches!(r, Err(OpError::SignIn(SignInRefusal::BadPin))));
    store
        .write(|db| signin::set_pin(db, &op(&head), "T01", "2468"))
        .unwrap();
    let back = store.write(|db| signin::sign_in_pin(db, now, "T01", "2468"));
    assert!(matches!(back, Ok(Attempt::In(_))), "{back:?}");

    // The last head stays; with another head, one may go and come back.
    let r = store.write(|db| admin::deactivate_staff(db, &op(&head), "H01"));
    assert!(matches!(r, Err(OpError::Roster(RosterRefusal::LastHead))));
    let r = store.write(|db| admin::reactivate_staff(db, &op(&teller), "H01"));
    assert!(matches!(r, Err(OpError::Denied(Denial::NotHead))));
    let h02 = admin::NewStaff {
        code: "H02".into(),
        name: "吴刚".into(),
        roles: vec!["head".into()],
        counter: None,
    };
    store
        .write(|db| admin::add_staff(db, &op(&head), &h02))
        .unwrap();
    store
        .write(|db| admin::deactivate_staff(db, &op(&head), "H02"))
        .unwrap();
    let r = store.write(|db| admin::deactivate_staff(db, &op(&head), "H01"));
    assert!(matches!(r, Err(OpError::Roster(RosterRefusal::LastHead))));
    store
        .write(|db| admin::reactivate_staff(db, &op(&head), "H02"))
        .unwrap();
    store
        .write(|db| admin::deactivate_staff(db, &op(&head), "H01"))
        .unwrap();
    let kinds = rows(
        &support::raw(&dir),
        "SELECT kind || ' ' || actor FROM events WHERE kind LIKE 'staff.%' ORDER BY id",
    );
    assert!(
        kinds.contains(&"Text(\"staff.locked T01\")".to_string()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"Text(\"staff.reactivate H01\")".to_string()),
        "{kinds:?}"
    );
}

// ---------------------------------------------------------------- at the terminal

#[test]
fn the_first_run_asks_once_for_the_head_in_a_terminal() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("branch.db");
    let mut pty = Spawn::new(100, 30, dir.path())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en"])
        .unset("LOBBYDESK_PIN")
        .start();
    pty.wait_for("A new database: first, the branch head");
    pty.wait_for("The branch head's staff code (e.g. H01):");
    pty.send("H01\r");
    pty.wait_for("The branch head's name:");
    pty.send("周建国\r");
    pty.wait_for("Choose a PIN for H01 (4 to 12 digits):");
    pty.send("12\r");
    pty.wait_for("A PIN is 4 to 12 digits.");
    pty.send("7531\r");
    pty.wait_for("Once more:");
    pty.send("7531\r");
    pty.wait_for("Lobby");
    pty.wait_for("周建国");
    assert!(!pty.screen().contains("7531"), "the PIN is never shown");
    pty.send("q");
    assert!(pty.wait_exit(Duration::from_secs(5)).success());

    let home = dir.path();
    assert_eq!(
        rows(
            &conn(home),
            "SELECT code, roles, active FROM staff WHERE code = 'H01'"
        ),
        ["Text(\"H01\") | Text(\"head\") | Integer(1)"]
    );
    assert_eq!(
        rows(&conn(home), "SELECT kind, actor FROM events ORDER BY id"),
        [
            "Text(\"staff.add\") | Text(\"H01\")",
            "Text(\"staff.pin\") | Text(\"H01\")",
            "Text(\"staff.sign_in\") | Text(\"H01\")",
        ]
    );
    // Next time the PIN is asked, without echo; a wrong one is said and
    // asked again.
    let mut pty = Spawn::new(100, 30, dir.path())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "--as", "H01"])
        .unset("LOBBYDESK_PIN")
        .start();
    pty.wait_for("PIN for H01:");
    pty.send("1111\r");
    pty.wait_for("Wrong PIN: 4 more wrong");
    pty.send("7531\r");
    pty.wait_for("Lobby");
    let screen = pty.screen();
    assert!(
        !screen.contains("1111") && !screen.contains("7531"),
        "{screen}"
    );
    pty.send("q");
    assert!(pty.wait_exit(Duration::from_secs(5)).success());
    assert_eq!(
        one(home, "SELECT failed_tries FROM staff WHERE code = 'H01'"),
        0,
        "a good PIN starts the count again"
    );
}
