//! The branch's commands on a PostgreSQL server, with the real binary, each
//! person signed in with their own login: the head keeps the roster, the
//! settings, pairs, targets and campaigns, imports clients and exports a
//! list, each written to the trail as the head; a teller's login is refused
//! the head's commands, without the file's advice to sign in with --as, and
//! changes nothing; what only a file has (backup, purge, demo) is refused in a
//! sentence before anything is asked of the server.

mod support;

use std::process::Output;

use support::pg::{fresh_db, lobbydesk, TestDb};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Branch B1 with a head (H01), a teller (T01) and a wealth manager (W01),
/// each with a login of their own; their URLs.
fn branch(db: &TestDb) -> (String, String) {
    db.admin_sql(
        "INSERT INTO branches VALUES ('B1', '城东支行');
         INSERT INTO staff (branch, code, name, roles, counter) VALUES
             ('B1', 'H01', '周建国', 'head', NULL),
             ('B1', 'T01', '王芳', 'teller', 1),
             ('B1', 'W01', '陈静', 'wealth', NULL)",
    );
    let [head, teller, _] = ["H01", "T01", "W01"].map(|c| db.url_as(&db.add_login("B1", c), "pw"));
    (head, teller)
}

fn run(home: &std::path::Path, url: &str, args: &[&str]) -> Output {
    let mut all = vec!["--db", url];
    all.extend_from_slice(args);
    lobbydesk(home, &all)
}

fn events(db: &TestDb) -> String {
    db.admin_sql("SELECT kind || ' ' || actor FROM events ORDER BY id")
}

#[test]
#[ignore = "needs a PostgreSQL server: scripts/test.sh"]
fn pg_the_heads_commands_work_on_a_server_and_a_teller_is_refused_them() {
    let home = tempfile::tempdir().unwrap();
    let db = fresh_db("commands");
    let (head, teller) = branch(&db);
    let h = home.path();

    // The teller first: each of the head's commands refused, nothing written
    // but the teller's sign-ins.
    let settings = home.path().join("branch.toml");
    let o = run(h, &head, &["settings", "export"]);
    assert!(o.status.success(), "{}", text(&o));
    let exported = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(exported.contains("wait_warning_minutes"), "{exported}");
    let changed = exported
        .lines()
        .map(|l| match l.starts_with("wait_warning_minutes") {
            true => "wait_warning_minutes = 7".to_string(),
            false => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&settings, changed).unwrap();
    let settings = settings.to_str().unwrap();
    let before = db.admin_sql("SELECT count(*) FROM staff; SELECT version FROM settings");
    const ADD_T02: &[&str] = &[
        "staff",
        "add",
        "T02",
        "李娜",
        "--role",
        "teller",
        "--counter",
        "2",
    ];
    for args in [
        ADD_T02,
        &["settings", "import", settings][..],
        &["pairs", "set", "T01", "wealth", "W01"][..],
    ] {
        let o = run(h, &teller, args);
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("Only the branch head"), "{}", text(&o));
        // The login is who acts: no `--as` to give on a server.
        assert!(!text(&o).contains("--as"), "{}", text(&o));
    }
    assert_eq!(
        db.admin_sql("SELECT count(*) FROM staff; SELECT version FROM settings"),
        before
    );

    // The head: each saved, each in the trail as H01.
    for (args, said) in [
        (ADD_T02, "T02"),
        (
            &["settings", "import", settings][..],
            "wait_warning_minutes",
        ),
        (&["pairs", "set", "T01", "wealth", "W01"][..], "W01"),
        (
            &[
                "targets",
                "set",
                "--measure",
                "referrals",
                "--period",
                "2026-12",
                "--value",
                "40",
                "--person",
                "T01",
            ][..],
            "40",
        ),
    ] {
        let o = run(h, &head, args);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(said), "{args:?}: {}", text(&o));
    }
    let csv = home.path().join("clients.csv");
    std::fs::write(
        &csv,
        "name,mobile,consent\n测试甲,13900000001,yes\n测试乙,13900000002,no\n",
    )
    .unwrap();
    let o = run(h, &head, &["import", "clients", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("added 2"), "{}", text(&o));
    let o = run(h, &head, &["staff", "list"]);
    assert!(text(&o).contains("T02"), "{}", text(&o));
    assert_eq!(
        db.admin_sql("SELECT count(*) FROM clients WHERE consent = 1")
            .trim(),
        "1",
        "consent only where the file says yes"
    );
    let trail = events(&db);
    for kind in [
        "staff.add",
        "settings.import",
        "pair.set",
        "target.set",
        "client.import",
    ] {
        assert!(trail.contains(&format!("{kind} H01")), "{kind}: {trail}");
        assert!(!trail.contains(&format!("{kind} T01")), "{kind}: {trail}");
    }
    assert!(trail.contains("staff.sign_in T01"), "{trail}");
}

#[test]
#[ignore = "needs a PostgreSQL server: scripts/test.sh"]
fn pg_a_files_own_commands_are_refused_on_a_server_in_a_sentence() {
    let home = tempfile::tempdir().unwrap();
    let db = fresh_db("fileonly");
    let (head, _) = branch(&db);
    let before = events(&db);
    for args in [
        &["backup", "copy.db"][..],
        &["purge", "--before", "2020-01-01"][..],
    ] {
        let o = run(home.path(), &head, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("backup, purge and demo work on an SQLite file only"),
            "{}",
            text(&o)
        );
    }
    assert_eq!(events(&db), before, "not even a sign-in");
    assert!(!home.path().join("copy.db").exists());
}
