//! Bound system accounts, the operations' counts, and the first run.

use super::*;

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
