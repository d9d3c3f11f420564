//! Backups, doctor and purge.

use super::*;

#[test]
fn a_backup_never_overwrites_a_file() {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let db = home.join("branch.db");
    kiosk(&db);
    let args = [&KIOSK_WALKIN[..], &["--service", "A"]].concat();
    assert_code(&cli(home, &db, &args), 0);
    let existing = home.join("precious.txt");
    std::fs::write(&existing, "last month's backup\n").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o640)).unwrap();

    let o = cli(home, &db, &["backup", existing.to_str().unwrap()]);
    assert_code(&o, 1);
    assert_eq!(
        stderr(&o),
        format!(
            "lobbydesk: The file already exists and was not overwritten: {}\n",
            existing.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "last month's backup\n"
    );
    assert_eq!(mode(&existing), 0o640, "its permissions are left alone");

    // Nor the database itself.
    let o = cli(home, &db, &["backup", db.to_str().unwrap()]);
    assert_code(&o, 1);
    assert_eq!(count(&db, "SELECT count(*) FROM tickets"), 1);

    // A folder that does not exist.
    let o = cli(
        home,
        &db,
        &["backup", home.join("no/such/x.db").to_str().unwrap()],
    );
    assert_code(&o, 1);
    assert!(!home.join("no").exists());
}

// ---------------------------------------------------------------- doctor

/// A database with a day of history, as one file (no write-ahead log beside it).
fn whole_file(dir: &Path) -> PathBuf {
    let db = dir.join("branch.db");
    assert_code(&cli(dir, &db, &["demo", "--days", "2"]), 0);
    let copy = dir.join("whole.db");
    assert_code(&cli(dir, &db, &["backup", copy.to_str().unwrap()]), 0);
    copy
}

#[test]
fn doctor_says_a_good_database_is_good() {
    let dir = TempDir::new().unwrap();
    let db = whole_file(dir.path());
    for lang in ["en", "zh"] {
        let o = run_lobbydesk(
            dir.path(),
            &["--db", db.to_str().unwrap(), "--lang", lang, "doctor"],
        );
        assert_code(&o, 0);
        let v = lobbydesk::store::SCHEMA_VERSION;
        let good = match lang {
            "en" => [
                "Integrity: ok".to_string(),
                format!("Schema version: {v}"),
                "The database is in good health.".to_string(),
            ],
            _ => [
                "完整性：正常".to_string(),
                format!("结构版本：{v}"),
                "数据库完好。".to_string(),
            ],
        };
        for line in good {
            assert!(
                stdout(&o).contains(&line),
                "{line:?}\n{}",
                describe_output(&o)
            );
        }
    }
}

#[test]
fn doctor_finds_a_damaged_copy() {
    let dir = TempDir::new().unwrap();
    let good = whole_file(dir.path());
    let bytes = std::fs::read(&good).unwrap();
    assert!(bytes.len() > 16 * 4096, "{} bytes", bytes.len());
    let mut damaged = bytes.clone();
    for (i, b) in damaged[8192..12288].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    let bad = dir.path().join("damaged.db");
    std::fs::write(&bad, &damaged).unwrap();

    let o = cli(dir.path(), &bad, &["doctor"]);
    assert_ne!(o.status.code(), Some(0), "{}", describe_output(&o));
    assert_code(&o, o.status.code().unwrap());
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("The database has problems: restore a backup or get support.")
            || said.contains("damaged"),
        "a plain sentence:\n{}",
        describe_output(&o)
    );

    // The good one is still good.
    assert_code(&cli(dir.path(), &good, &["doctor"]), 0);
}

#[test]
fn doctor_refuses_a_file_that_is_not_a_database() {
    let dir = TempDir::new().unwrap();
    let text = dir.path().join("notes.txt");
    let content = "这不是数据库\n".repeat(400);
    std::fs::write(&text, &content).unwrap();
    let o = cli(dir.path(), &text, &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe_output(&o));
    assert_code(&o, 1);
    assert!(
        stderr(&o).contains(&format!(
            "This file is not a lobbydesk database: {}",
            text.display()
        )),
        "{}",
        describe_output(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        content,
        "left as it was"
    );
}

#[test]
fn doctor_does_not_create_a_database_where_there_is_none() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("typo.db");
    let o = cli(dir.path(), &missing, &["doctor"]);
    assert_ne!(o.status.code(), Some(0), "{}", describe_output(&o));
    assert!(!missing.exists(), "doctor created {}", missing.display());
}

// ---------------------------------------------------------------- purge

/// Walk-in for the client, called, served (with a referral card for `need`
/// if given) and finished at counter 1, as the teller. Returns the card.
fn visit(fx: &mut Fixture, name: &str, mobile: &str, need: Option<char>) -> Option<i64> {
    fx.switch_to("T01");
    fx.walkin('A', '1', name, mobile);
    fx.advance(3);
    fx.act(Action::Call);
    fx.act(Action::Start);
    let card = need.map(|n| refer(fx, n));
    fx.advance(6);
    fx.act(Action::Finish);
    card
}

fn report(dir: &Path, db: &Path) -> String {
    let o = cli(
        dir,
        db,
        &[
            "report",
            "--from",
            "2023-10-01",
            "--to",
            "2026-11-23",
            "--format",
            "json",
        ],
    );
    assert_code(&o, 0);
    stdout(&o)
}

#[test]
fn purge_anonymises_old_clients_and_keeps_the_figures() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let db = db_path(&fx.dir);
    // Past the three years records are kept: Monday 2023-10-16, 10:30 in
    // Beijing (156 weeks and six weeks before the fixture's today).
    let back = Duration::days(42 + 156 * 7);
    fx.clock.advance(-back);
    fx.act(Action::Tick);
    assert_eq!(fx.app.clock.today().to_string(), "2023-10-16");

    // A: contracted on the spot.
    let a = visit(&mut fx, "王小明", "13812345678", Some('1')).unwrap();
    fx.switch_to("W01");
    fx.select_card_id(a);
    fx.act(Action::Accept);
    outcome(&mut fx, a, "contracted");
    // B: "not now" on credit, still open: kept.
    let b = visit(&mut fx, "李四", "13900001111", Some('5')).unwrap();
    fx.switch_to("C01");
    fx.select_card_id(b);
    fx.act(Action::Accept);
    outcome(&mut fx, b, "not_now");
    // C: intent, a contact, won a week later.
    let c = visit(&mut fx, "赵六", "13700002222", Some('1')).unwrap();
    fx.switch_to("W01");
    fx.select_card_id(c);
    fx.act(Action::Accept);
    outcome(&mut fx, c, "intent");
    fx.advance(7 * 24 * 60);
    fx.go(Tab::Followups);
    let pc = fx.sql_i64("SELECT id FROM prospects WHERE source_card = ?1", args![c]);
    fx.select_prospect_id(pc);
    fx.act(Action::LogContact);
    fx.pick(Msg::FieldChannel, "phone");
    fx.focus_field(1);
    fx.type_text("电话沟通，客户很满意");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    fx.act(Action::Won);
    fx.pick(Msg::FieldProduct, "wmp");
    fx.focus_field(1);
    fx.type_text("120000");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    // D: a visit then, and again today: kept.
    visit(&mut fx, "钱七", "13600003333", None);
    // E: declined but kept, then lost.
    let e = visit(&mut fx, "孙八", "13500004444", Some('1')).unwrap();
    fx.switch_to("W01");
    fx.select_card_id(e);
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, "declined");
    fx.pick(Msg::FieldObjection, "distrust");
    fx.pick(Msg::FieldKeep, "yes");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    fx.go(Tab::Followups);
    let pe = fx.sql_i64("SELECT id FROM prospects WHERE source_card = ?1", args![e]);
    fx.select_prospect_id(pe);
    fx.act(Action::Lost);
    fx.pick(Msg::FieldReason, "distrust");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);

    // Today (2026-11-23): D again, and a new client F.
    fx.clock
        .advance(back - Duration::days(7) - Duration::minutes(80));
    fx.act(Action::Tick);
    assert_eq!(fx.app.clock.today().to_string(), "2026-11-23");
    visit(&mut fx, "钱七", "13600003333", None);
    visit(&mut fx, "周九", "13400005555", None);

    let id = |mobile: &str| fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![mobile]);
    let (ca, cb, cc, cd, ce, cf) = (
        id("13812345678"),
        id("13900001111"),
        id("13700002222"),
        id("13600003333"),
        id("13500004444"),
        id("13400005555"),
    );
    assert_eq!(fx.sql_i64("SELECT count(*) FROM clients", args![]), 6);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM tickets WHERE status != 'done'",
            args![]
        ),
        0,
        "every visit ended: no wait depends on the report's clock"
    );
    drop(fx.switch_to("H01"));
    let home = fx.dir.path().to_path_buf();

    let before = report(&home, &db);
    let figures: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(figures["visits"]["arrived"], 7, "{before}");
    assert_eq!(figures["referrals"]["contracted"], 2, "{before}");

    let events = fx.event_count();
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "2023-11-01", "--yes"],
    );
    assert_code(&o, 0);
    assert_eq!(
        stdout(&o),
        "Anonymised 3 clients whose records all ended before 2023-11-01.\n\
         Old copies were wiped from the database file (vacuumed, log truncated).\n"
    );

    assert_eq!(report(&home, &db), before, "the figures are as they were");
    for gone in [ca, cc, ce] {
        assert_eq!(client(&db, gone), (None, None), "client {gone} anonymised");
    }
    assert_eq!(
        client(&db, cb),
        (Some("李四".into()), Some("13900001111".into())),
        "open prospect"
    );
    assert_eq!(
        client(&db, cd),
        (Some("钱七".into()), Some("13600003333".into())),
        "came today"
    );
    assert_eq!(
        client(&db, cf),
        (Some("周九".into()), Some("13400005555".into())),
        "new today"
    );
    // The free text about them goes too.
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM cards WHERE client_id IN (?1, ?2, ?3) AND note != ''",
            args![ca, cc, ce]
        ),
        0
    );
    assert_eq!(
        fx.sql_i64("SELECT count(*) FROM contacts WHERE summary != ''", args![]),
        0
    );
    // One event per client anonymised (after the head's sign-in).
    let written = fx.events_after(events);
    let mut purged: Vec<i64> = written
        .iter()
        .filter(|(kind, ..)| kind != "staff.sign_in" && kind != "staff.pin")
        .map(|(kind, _, record, id)| {
            assert_eq!((kind.as_str(), record.as_str()), ("client.purge", "client"));
            id.unwrap()
        })
        .collect();
    purged.sort();
    let mut expected = vec![ca, cc, ce];
    expected.sort();
    assert_eq!(purged, expected);

    // Purging again finds nobody and changes nothing.
    let state = state_but_sign_ins(&fx);
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "2023-11-01", "--yes"],
    );
    assert_code(&o, 0);
    assert!(
        stdout(&o).starts_with("Anonymised 0 clients"),
        "{}",
        stdout(&o)
    );
    assert_eq!(state_but_sign_ins(&fx), state);
    assert_eq!(report(&home, &db), before);

    // Within the three years records are kept: refused, nothing changed.
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "2026-11-01", "--yes"],
    );
    assert_code(&o, 2);
    assert!(stderr(&o).contains("kept for 3 years"), "{}", stderr(&o));
    assert_eq!(state_but_sign_ins(&fx), state);

    // A date that is not one is bad input.
    let o = cli(
        &home,
        &db,
        &["--as", "H01", "purge", "--before", "November"],
    );
    assert_code(&o, 2);
    assert_eq!(state_but_sign_ins(&fx), state);
}

/// Every table's rows and the number of events but sign-ins: the head's
/// sign-in is written even when the purge changes nothing.
fn state_but_sign_ins(fx: &Fixture) -> (String, i64) {
    let (tables, _) = fx.db_state();
    let events = fx.sql_i64(
        "SELECT count(*) FROM events WHERE kind NOT IN ('staff.sign_in', 'staff.pin')",
        args![],
    );
    (tables, events)
}

#[test]
fn purge_is_recorded_under_a_real_person_only() {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let db = home.join("branch.db");
    assert_code(&cli(home, &db, &["demo", "--days", "2"]), 0);
    let before = count(&db, "SELECT count(*) FROM clients WHERE name IS NULL");
    let o = cli(
        home,
        &db,
        &["--as", "NOBODY", "purge", "--before", "2030-01-01"],
    );
    assert_code(&o, 2);
    assert_eq!(
        count(&db, "SELECT count(*) FROM events WHERE actor = 'NOBODY'"),
        0
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM clients WHERE name IS NULL"),
        before
    );
}
