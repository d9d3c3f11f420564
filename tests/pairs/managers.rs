//! Recognised clients, the two-marketer rule and who sets pairs and managers.

use super::*;

#[test]
fn a_recognised_client_is_announced_to_their_manager_once() {
    let mut fx = Fixture::new(Lang::Zh, "T01", &branch());
    let first = fx.walkin('A', '1', "李四", "13800000001");
    let client = client_of(&fx, &first);
    run(&fx, "H01", |db, op| {
        pairs::set_client_manager(db, op, client, Some("W01"))
    })
    .unwrap();
    raw(&fx.dir)
        .execute("UPDATE clients SET tier = 'gold' WHERE id = ?1", [client])
        .unwrap();
    assert_eq!(
        notices_to(&fx, "W01", "client.arrived"),
        0,
        "nothing before"
    );

    let again = fx.walkin('A', '1', "李四", "13800000001");
    let t = fx.ticket(&again);
    assert_eq!(notices_to(&fx, "W01", "client.arrived"), 1, "told at once");
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE kind = 'client.arrived' AND record = 'ticket'
             AND record_id = ?1 AND detail = 'gold'",
            args![t.id]
        ),
        1
    );
    // Check-in calls the same: told once per ticket.
    run(&fx, "T01", |db, op| pairs::tell_dedicated(db, op, &t)).unwrap();
    assert_eq!(notices_to(&fx, "W01", "client.arrived"), 1);
    // A client without a manager: nobody is told.
    fx.walkin('A', '1', "王五", "13800000002");
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE kind = 'client.arrived'",
            args![]
        ),
        1
    );
    // The lobby marks the ticket with the tier, never the name.
    fx.act(Action::Tick);
    let screen = fx.screen(120, 40);
    let row = screen.lines().find(|l| l.contains(&again)).unwrap();
    assert!(row.contains("金卡") && !row.contains("李四"), "{row}");
}

#[test]
fn the_dedicated_manager_counts_as_one_of_two_marketers() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let n = fx.walkin('A', '1', "李四", "13800000001");
    let client = client_of(&fx, &n);
    run(&fx, "H01", |db, op| {
        pairs::set_client_manager(db, op, client, Some("W01"))
    })
    .unwrap();
    // The credit manager works the client too.
    let credit = NewCard {
        ticket: fx.ticket(&n).id,
        need: "mortgage".into(),
        line: "credit".into(),
        consent: true,
        note: "想了解".into(),
        name: None,
        mobile: None,
    };
    let cc = run(&fx, "T01", |db, op| cards::flag_card(db, op, &credit)).unwrap();
    run(&fx, "C01", |db, op| cards::accept_card(db, op, cc.id)).unwrap();
    // A wealth card goes to W01; W02 may not be a third marketer, even after the wait.
    let c = flag_op(&fx, &n);
    assert_eq!(c.assigned_to.as_deref(), Some("W01"));
    fx.advance(15);
    let third = run(&fx, "W02", |db, op| cards::accept_card(db, op, c.id));
    assert!(
        matches!(
            third,
            Err(OpError::Client(ClientRefusal::TooManyMarketers { .. }))
        ),
        "{third:?}"
    );
    run(&fx, "W01", |db, op| cards::accept_card(db, op, c.id)).expect("the client's own manager");
    // Nor may a third person become the client's dedicated manager.
    let other = run(&fx, "H01", |db, op| {
        pairs::set_client_manager(db, op, client, Some("W02"))
    });
    assert!(matches!(other, Err(OpError::Client(_))), "{other:?}");
    assert_eq!(
        fx.app.store.db().client_manager(client).unwrap().as_deref(),
        Some("W01")
    );
}

#[test]
fn only_the_head_pairs_and_only_with_a_manager_of_the_line() {
    let fx = Fixture::new(Lang::En, "T01", &branch());
    let by_teller = run(&fx, "T01", |db, op| {
        pairs::set_pair(db, op, "T01", "wealth", "W01")
    });
    assert!(matches!(by_teller, Err(OpError::Denied(Denial::NotHead))));
    let wrong = run(&fx, "H01", |db, op| {
        pairs::set_pair(db, op, "T01", "wealth", "C01")
    });
    assert!(matches!(
        wrong,
        Err(OpError::Pair(PairRefusal::NotManager(..)))
    ));
    let not_teller = run(&fx, "H01", |db, op| {
        pairs::set_pair(db, op, "W02", "wealth", "W01")
    });
    assert!(matches!(
        not_teller,
        Err(OpError::Pair(PairRefusal::NotTeller(_)))
    ));
    let by_teller = run(&fx, "T01", |db, op| {
        pairs::set_client_manager(db, op, 1, None)
    });
    assert!(matches!(
        by_teller,
        Err(OpError::Denied(Denial::NotManager))
    ));
    assert_eq!(fx.sql_i64("SELECT count(*) FROM pairs", args![]), 0);
}

#[test]
fn the_head_pairs_and_sets_a_dedicated_manager_from_the_command_line() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.walkin('A', '1', "李四", "13800000001");
    let db = db_path(&fx.dir);
    pins_for_all(&db);
    let home = tempfile::TempDir::new().unwrap();
    let d = db.to_str().unwrap();
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "H01", "pairs", "set", "T01", "wealth", "W01",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let out = run_lobbydesk(home.path(), &["--db", d, "--lang", "en", "pairs", "list"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "T01\twealth\tW01\n");
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "H01", "pairs", "set", "T01", "wealth", "C01",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "T01", "pairs", "remove", "T01", "wealth",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", describe_output(&out));
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db",
            d,
            "--lang",
            "en",
            "--as",
            "W02",
            "client",
            "manager",
            "13800000001",
            "W02",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("李四"));
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM clients WHERE manager = 'W02'",
            args![]
        ),
        1
    );
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db",
            d,
            "--lang",
            "en",
            "--as",
            "H01",
            "client",
            "manager",
            "13800000001",
            "--clear",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM clients WHERE manager IS NOT NULL",
            args![]
        ),
        0
    );
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "H01", "pairs", "remove", "T01", "wealth",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM events WHERE kind LIKE 'pair.%'",
            args![]
        ),
        2
    );
}

/// On the Clients tab, `/` and a search for `query`.
fn search_clients(fx: &mut Fixture, query: &str) {
    fx.go(Tab::Clients);
    fx.act(Action::Filter);
    fx.type_text(query);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(fx.app.clients.found.len(), 1);
}

#[test]
fn the_head_sets_a_clients_manager_with_m_and_a_teller_is_not_offered_it() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let n = fx.walkin('A', '1', "李四", "13800000001");
        let client = client_of(&fx, &n);
        let key = format!("m {}", Msg::KeyClientManager.get(lang));

        // A teller: not offered, refused in words, nothing written.
        search_clients(&mut fx, "13800000001");
        let hints = fx.screen(120, 40).lines().last().unwrap().to_string();
        assert!(!hints.contains(&key), "{hints}");
        fx.act(Action::ClientManager);
        assert!(fx.app.form.is_none());
        let (said, refused) = fx.flash();
        assert!(refused && !said.is_empty(), "{said}");

        // The head: offered; nothing chosen for them.
        fx.switch_to("H01");
        search_clients(&mut fx, "13800000001");
        let hints = fx.screen(120, 40).lines().last().unwrap().to_string();
        assert!(hints.contains(&key), "{hints}");
        fx.act(Action::ClientManager);
        let form = fx.app.form.as_ref().expect("the manager form");
        assert_eq!(form.purpose, Purpose::ClientManager { client });
        assert_eq!(form.field(Msg::FieldManager).get(), "");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_some(), "a choice is required");
        let managers = "SELECT count(*) FROM clients WHERE manager IS NOT NULL";
        assert_eq!(fx.sql_i64(managers, args![]), 0);

        fx.pick(Msg::FieldManager, "W02");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let q = "SELECT count(*) FROM clients WHERE id = ?1 AND manager = 'W02'";
        assert_eq!(fx.sql_i64(q, args![client]), 1);
        let events = "SELECT count(*) FROM events WHERE kind = 'client.manager' AND actor = 'H01'";
        assert_eq!(fx.sql_i64(events, args![]), 1);
        // The client's history names their manager.
        assert!(fx.screen(120, 40).contains("刘洋"));

        // And clears it: "none".
        fx.act(Action::ClientManager);
        fx.pick(Msg::FieldManager, "-");
        fx.input(Input::Submit);
        assert_eq!(fx.sql_i64(managers, args![]), 0);
        assert!(!fx.screen(120, 40).contains("刘洋"));
    }
}
