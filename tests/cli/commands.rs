//! The other commands: who may run them, and what they say.

use super::*;

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
