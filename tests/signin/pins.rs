//! Wrong PINs and locks, kiosks, read-only sessions and a second init.

use super::*;

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
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
