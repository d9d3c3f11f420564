//! Reassigned prospects, the lobby manager, the sweep and the roster.

use super::*;

#[test]
fn a_manager_cannot_work_a_prospect_reassigned_away_meanwhile() {
    let mut fx = Fixture::new(Lang::En, "LOBBY", &branch());
    let p1 = prospect_of(&mut fx, ("赵雷", "13800000001"), '1', "W01");
    fx.go(Tab::Followups);
    fx.select_prospect_id(p1);
    // W01 opens the contact log; meanwhile the head gives the client to W02.
    fx.act(Action::LogContact);
    assert!(fx.app.form.is_some());
    let mut head = fx.app_as("H01");
    head.update(Action::Top);
    head.update(Action::Reassign);
    let form = head.form.as_mut().expect("the reassign form");
    let key = match &form.field(Msg::FieldOwner).value {
        lobbydesk::app::form::Value::Choice { options, .. } => options
            .iter()
            .find(|o| o.code == "W02")
            .unwrap()
            .key
            .clone(),
        _ => unreachable!(),
    };
    head.update(Action::Form(Input::Char(key.chars().next().unwrap())));
    head.update(Action::Form(Input::Submit));
    assert_eq!(prospect_owner(&fx, p1), "W02");

    let before = fx.db_state();
    fx.pick(Msg::FieldChannel, "phone");
    fx.focus_field(1);
    fx.type_text("电话联系");
    fx.input(Input::Submit);
    assert_refused(&fx, "This prospect belongs to 刘洋.");
    assert_eq!(fx.db_state(), before, "nothing saved on W02's prospect");
}

// ---------------------------------------------------------------- the lobby manager

#[test]
fn the_lobby_manager_runs_the_queue_and_the_sweep() {
    let mut fx = Fixture::new(Lang::En, "LOBBY", &branch());
    let a = fx.walkin('A', '1', "赵雷", "13800000001");
    let b = fx.walkin('A', '1', "孙丽", "13800000002");

    // Divert the second to the self-service machines.
    fx.select(&b);
    fx.act(Action::Divert);
    assert!(matches!(
        fx.app.form.as_ref().map(|f| &f.purpose),
        Some(Purpose::Divert { .. })
    ));
    fx.pick(Msg::FieldTarget, "self");
    fx.input(Input::Submit);
    assert_ok(&fx, "A002 diverted to Self-service machine");
    let t = fx.ticket(&b);
    assert_eq!(
        (t.status, t.divert_target.as_deref()),
        (Status::Diverted, Some("self"))
    );

    // Call the first to counter 2 (T02's), then start and finish it there.
    fx.select(&a);
    fx.act(Action::Call);
    fx.focus_field(0);
    fx.input(Input::Char('2'));
    fx.input(Input::Submit);
    assert_ok(&fx, "A001 to counter 2");
    let t = fx.ticket(&a);
    assert_eq!(
        (t.status, t.counter, t.teller.as_deref()),
        (Status::Called, Some(2), Some("T02"))
    );
    fx.select(&a);
    fx.act(Action::Start);
    assert_eq!(fx.ticket(&a).status, Status::Serving);
    fx.act(Action::Finish);
    assert_eq!(fx.ticket(&a).status, Status::Done);

    // A card left open today: the sweep puts it on the follow-up list.
    let (_, card) = walkin_card(&mut fx, "钱进", "13800000003", '1');
    fx.go(Tab::Review);
    fx.act(Action::Sweep);
    let (items, _) = fx.app.review.sweep.clone().expect("the sweep runs");
    assert!(
        items.len() == 1 && matches!(items.get(0), Some(SweepItem::Card(v)) if v.card.id == card),
        "{items:?}"
    );
    fx.act(Action::Reschedule);
    assert_eq!(card_status(&fx, card).0, "follow_up");
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM prospects WHERE source_card = ?1 AND stage = 'open'",
            args![card]
        ),
        1
    );
}

#[test]
fn a_teller_has_nothing_to_sweep() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.go(Tab::Review);
    fx.act(Action::Sweep);
    let (items, _) = fx.app.review.sweep.clone().expect("the sweep runs");
    assert!(items.is_empty());
    assert!(fx
        .screen(80, 24)
        .contains("Nothing left open that is yours to settle."));
}

// ---------------------------------------------------------------- the roster from the command line

/// `lobbydesk --db <db> --lang en <args>`.
fn cli(dir: &TempDir, args: &[&str]) -> std::process::Output {
    let db = dir.path().join("branch.db");
    let mut all = vec!["--db", db.to_str().unwrap(), "--lang", "en"];
    all.extend_from_slice(args);
    run_lobbydesk(dir.path(), &all)
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_code(o: &std::process::Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "{}", describe_output(o));
    assert!(!err(o).contains("panicked"), "{}", describe_output(o));
}

fn has(dir: &TempDir, code: &str) -> bool {
    roster(dir).iter().any(|s| s.0 == code)
}

#[test]
fn the_roster_is_kept_from_the_command_line() {
    let dir = TempDir::new().unwrap();

    // A new database starts with its branch head (the first-run question,
    // here from a script: the PIN in LOBBYDESK_PIN).
    let o = cli(&dir, &["init", "--head", "H01", "--name", "周建"]);
    assert_code(&o, 0);
    assert_eq!(out(&o), "Branch head registered: H01 周建\n");

    let o = cli(
        &dir,
        &[
            "--as",
            "H01",
            "staff",
            "add",
            "T09",
            "新人",
            "--role",
            "teller",
            "--counter",
            "2",
        ],
    );
    assert_code(&o, 0);
    assert_eq!(out(&o), "Added to the roster: T09 新人\n");
    assert!(roster(&dir).contains(&("T09".into(), "新人".into(), "teller".into(), Some(2), true)));

    // Only a branch head edits the roster: nobody signed in is refused (exit
    // 3) and told who may and how to sign in; so is anyone else.
    let o = cli(&dir, &["staff", "add", "T10", "林月", "--role", "teller"]);
    assert_code(&o, 3);
    assert_eq!(
        err(&o),
        "lobbydesk: Only the branch head can do that. Sign in with --as and your staff code \
         (the PIN from the terminal or LOBBYDESK_PIN).\n"
    );
    assert!(!has(&dir, "T10"));
    let o = cli(
        &dir,
        &[
            "--as", "T09", "staff", "add", "T10", "林月", "--role", "teller",
        ],
    );
    assert_code(&o, 3);
    assert!(!has(&dir, "T10"));
    let o = cli(
        &dir,
        &[
            "--as",
            "H01",
            "staff",
            "add",
            "T10",
            "林月",
            "--role",
            "teller",
            "--counter",
            "3",
        ],
    );
    assert_code(&o, 0);
    assert!(has(&dir, "T10"));
    let o = cli(
        &dir,
        &[
            "--as", "H01", "staff", "add", "W01", "王芳", "--role", "wealth",
        ],
    );
    assert_code(&o, 0);
    let o = cli(
        &dir,
        &[
            "--as", "H01", "staff", "add", "H02", "吴刚", "--role", "head",
        ],
    );
    assert_code(&o, 0);

    // The list shows everyone.
    let o = cli(&dir, &["staff", "list"]);
    assert_code(&o, 0);
    assert_eq!(
        out(&o),
        "code\tname\troles\tcounter\tactive\n\
         H01\t周建\thead\t\tyes\n\
         H02\t吴刚\thead\t\tyes\n\
         LOBBY\t大堂经理\tlobby\t\tyes\n\
         T09\t新人\tteller\t2\tyes\n\
         T10\t林月\tteller\t3\tyes\n\
         W01\t王芳\twealth\t\tyes\n"
    );

    // Deactivate: off duty, history kept; their code no longer works.
    let o = cli(&dir, &["--as", "H01", "staff", "deactivate", "T10"]);
    assert_code(&o, 0);
    assert_eq!(out(&o), "Deactivated: T10\n");
    let o = cli(&dir, &["--as", "H01", "staff", "deactivate", "H02"]);
    assert_code(&o, 0);
    let t10 = roster(&dir).into_iter().find(|s| s.0 == "T10").unwrap();
    assert!(!t10.4, "T10 is inactive");

    let o = cli(&dir, &["--as", "T10", "walkin", "add", "--service", "A"]);
    assert_code(&o, 2);
    assert_eq!(
        fx_count(&dir, "SELECT count(*) FROM tickets"),
        0,
        "no ticket as T10"
    );
    let o = cli(
        &dir,
        &[
            "--as", "H02", "staff", "add", "T11", "高远", "--role", "teller",
        ],
    );
    assert_code(&o, 2);
    assert!(!has(&dir, "T11"), "a deactivated head edits no roster");

    let o = cli(&dir, &["staff", "list"]);
    assert!(
        out(&o).ends_with("H02\t吴刚\thead\t\tno\nT10\t林月\tteller\t3\tno\n"),
        "the inactive last:\n{}",
        out(&o)
    );

    // Deactivating someone not on the roster is bad input.
    let o = cli(&dir, &["--as", "H01", "staff", "deactivate", "X99"]);
    assert_code(&o, 2);

    // Back on duty: their code works again.
    let o = cli(&dir, &["--as", "T09", "staff", "reactivate", "T10"]);
    assert_code(&o, 3);
    let o = cli(&dir, &["--as", "H01", "staff", "reactivate", "T10"]);
    assert_code(&o, 0);
    assert_eq!(out(&o), "Reactivated: T10\n");
    let o = cli(&dir, &["--as", "T10", "walkin", "add", "--service", "A"]);
    assert_code(&o, 0);
    assert_eq!(
        fx_count(
            &dir,
            "SELECT count(*) FROM events WHERE kind = 'staff.reactivate' AND actor = 'H01'"
        ),
        1
    );
}

fn fx_count(dir: &TempDir, sql: &str) -> i64 {
    rusqlite::Connection::open(dir.path().join("branch.db"))
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_bad_role_or_code_is_refused() {
    let dir = TempDir::new().unwrap();
    assert_code(&cli(&dir, &["init", "--head", "H01", "--name", "周建"]), 0);
    let o = cli(
        &dir,
        &[
            "--as", "H01", "staff", "add", "X01", "某人", "--role", "boss",
        ],
    );
    assert_code(&o, 2);
    assert!(err(&o).contains("No role boss"), "{}", describe_output(&o));
    assert!(!has(&dir, "X01"));

    let o = cli(
        &dir,
        &[
            "--as", "H01", "staff", "add", "X01", "某人", "--role", "teller", "--role", "janitor",
        ],
    );
    assert_code(&o, 2);
    assert!(!has(&dir, "X01"));

    let o = cli(
        &dir,
        &[
            "--as", "H01", "staff", "add", "bad code", "某人", "--role", "teller",
        ],
    );
    assert_code(&o, 2);

    // The same code twice.
    assert_code(
        &cli(
            &dir,
            &[
                "--as", "H01", "staff", "add", "T01", "张敏", "--role", "teller",
            ],
        ),
        0,
    );
    let o = cli(
        &dir,
        &[
            "--as", "H01", "staff", "add", "T01", "张敏", "--role", "teller",
        ],
    );
    assert_code(&o, 2);
    assert_eq!(err(&o), "lobbydesk: The roster already has code T01.\n");
}
