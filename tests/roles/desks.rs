//! Each person's own screen and what a teller or manager may work.

use super::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

// ---------------------------------------------------------------- home tabs

#[test]
fn each_person_starts_on_their_own_screen() {
    let fx = Fixture::new(Lang::En, "LOBBY", &branch());
    let home = |code: &str| fx.app_as(code).tab;
    assert_eq!(fx.app.tab, Tab::Lobby, "the lobby manager");
    assert_eq!(home("T01"), Tab::Lobby, "a teller");
    assert_eq!(
        home("W01"),
        Tab::Line(0),
        "a wealth manager: the Wealth pane"
    );
    assert_eq!(
        home("C01"),
        Tab::Line(1),
        "a credit manager: the Credit pane"
    );
    assert_eq!(home("H01"), Tab::Followups, "the branch head");
    assert_eq!(fx.app.lines[0].line, "wealth");
    assert_eq!(fx.app.lines[1].line, "credit");
}

// ---------------------------------------------------------------- tellers

#[test]
fn a_teller_registers_calls_serves_and_refers() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let number = fx.walkin('A', '1', "赵雷", "13800000001");
        assert_eq!(number, "A001");
        assert_eq!(fx.ticket("A001").status, Status::Waiting);

        fx.act(Action::Call);
        assert_ok(&fx, by_lang(&fx, "A001 请到 1 号窗口", "A001 to counter 1"));
        let t = fx.ticket("A001");
        assert_eq!(
            (t.status, t.counter, t.teller.as_deref()),
            (Status::Called, Some(1), Some("T01"))
        );

        fx.advance(1);
        fx.act(Action::Start);
        assert_ok(&fx, by_lang(&fx, "A001 开始办理", "A001 being served"));
        assert_eq!(fx.ticket("A001").status, Status::Serving);

        fx.act(Action::Referral);
        assert!(matches!(
            fx.app.form.as_ref().map(|f| &f.purpose),
            Some(Purpose::Card { .. })
        ));
        fx.input(Input::Char('1'));
        fx.input(Input::Char('y'));
        fx.type_text("到期存款想转理财");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
        let (referrer, line, status): (String, String, String) =
            check(&fx.dir).one("SELECT referrer, line, status FROM cards", args![]);
        assert_eq!(
            (referrer.as_str(), line.as_str(), status.as_str()),
            ("T01", "wealth", "new")
        );

        fx.advance(5);
        fx.act(Action::Finish);
        assert_ok(&fx, by_lang(&fx, "A001 办结", "A001 finished"));
        assert_eq!(fx.ticket("A001").status, Status::Done);

        let actors: Vec<String> = fx.events_after(0).into_iter().map(|e| e.1).collect();
        assert!(
            actors.iter().all(|a| a == "T01"),
            "every step is the teller's: {actors:?}"
        );
    }
}

#[test]
fn a_teller_is_refused_divert_and_nothing_changes() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let number = fx.walkin('A', '1', "赵雷", "13800000001");
        fx.select(&number);
        let refusal = by_lang(
            &fx,
            "只有大堂经理可以分流。",
            "Only the lobby manager can divert.",
        );
        refused(&mut fx, Action::Divert, refusal);
        let t = fx.ticket(&number);
        assert_eq!((t.status, t.divert_target), (Status::Waiting, None));
    }
}

#[test]
fn a_teller_works_only_the_tickets_at_their_own_counter() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let number = fx.walkin('A', '1', "赵雷", "13800000001");
    // T02 calls it to counter 2 in their own terminal.
    let mut t02 = fx.app_as("T02");
    t02.update(Action::Call);
    assert_eq!(fx.ticket(&number).counter, Some(2));
    fx.act(Action::Tick);
    fx.select(&number);

    let refusal = "That ticket is at counter 2, not yours.";
    for action in [Action::Start, Action::NoShow, Action::HoldResume] {
        refused(&mut fx, action, refusal);
    }
    let t = fx.ticket(&number);
    assert_eq!(
        (t.status, t.teller.as_deref()),
        (Status::Called, Some("T02"))
    );

    // Served at counter 2: T01 cannot finish it either.
    t02.update(Action::Start);
    assert_eq!(fx.ticket(&number).status, Status::Serving);
    fx.act(Action::Tick);
    fx.select(&number);
    refused(&mut fx, Action::Finish, refusal);
    assert_eq!(fx.ticket(&number).status, Status::Serving);

    // T02 can.
    t02.update(Action::Finish);
    assert_eq!(fx.ticket(&number).status, Status::Done);
}

#[test]
fn a_teller_cannot_work_a_line_pane() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, card) = walkin_card(&mut fx, "赵雷", "13800000001", '1');
        fx.go(Tab::Line(0));
        assert_eq!(fx.app.tab, Tab::Line(0));
        fx.select_card_id(card);
        let refusal = by_lang(
            &fx,
            "只有财富条线的经理处理这些卡片。",
            "Only the Wealth line's managers work these cards.",
        );
        for action in [Action::Accept, Action::Outcome, Action::ReferOn] {
            refused(&mut fx, action, refusal);
        }
        assert_eq!(card_status(&fx, card), ("new".into(), None));
    }
}

#[test]
fn only_the_branch_head_reassigns_a_prospect() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        // A prospect of the teller's own, added by hand on the Follow-ups tab.
        fx.go(Tab::Followups);
        fx.act(Action::AddProspect);
        fx.type_text("赵雷");
        fx.focus_field(1);
        fx.type_text("13800000001");
        // The line and the client's consent are asked every time, never pre-selected.
        fx.pick(Msg::FieldLine, "wealth");
        fx.pick(Msg::FieldConsent, "yes");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "added: {:?}", fx.app.flash);
        let id = fx.sql_i64("SELECT id FROM prospects", args![]);
        assert_eq!(prospect_owner(&fx, id), "T01");
        fx.select_prospect_id(id);

        let refusal = by_lang(
            &fx,
            "只有支行长可以改派。",
            "Only the branch head can reassign.",
        );
        refused(&mut fx, Action::Reassign, refusal);
        assert_eq!(prospect_owner(&fx, id), "T01");

        // Nor can a line's manager reassign their own.
        let w01 = prospect_of(&mut fx, ("孙丽", "13800000002"), '1', "W01");
        fx.go(Tab::Followups);
        fx.select_prospect_id(w01);
        refused(&mut fx, Action::Reassign, refusal);
        assert_eq!(prospect_owner(&fx, w01), "W01");

        // The branch head does.
        fx.switch_to("H01");
        fx.select_prospect_id(id);
        let events = fx.event_count();
        fx.act(Action::Reassign);
        assert!(matches!(
            fx.app.form.as_ref().map(|f| &f.purpose),
            Some(Purpose::Reassign { .. })
        ));
        fx.pick(Msg::FieldOwner, "W02");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_ok(&fx, by_lang(&fx, "已改派给 刘洋", "Reassigned to 刘洋"));
        assert_eq!(prospect_owner(&fx, id), "W02");
        assert_eq!(
            fx.events_after(events),
            [(
                "prospect.reassign".into(),
                "H01".into(),
                "prospect".into(),
                Some(id)
            )]
        );
    }
}

// ---------------------------------------------------------------- line managers

#[test]
fn a_wealth_manager_works_wealth_cards_but_not_credit_ones() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let (_, first) = walkin_card(&mut fx, "赵雷", "13800000001", '1');
    let (_, second) = walkin_card(&mut fx, "孙丽", "13800000002", '1');

    fx.switch_to("W01");
    assert_eq!(fx.app.tab, Tab::Line(0));
    // Accept and record a contract.
    fx.select_card_id(first);
    fx.act(Action::Accept);
    assert_ok(&fx, &format!("Accepted card #{first}"));
    assert_eq!(
        card_status(&fx, first),
        ("accepted".into(), Some("W01".into()))
    );
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, "contracted");
    fx.pick(Msg::FieldProduct, "cd");
    fx.focus_field(2);
    fx.type_text("50000");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let amount = fx.sql_i64("SELECT amount_cents FROM cards WHERE id = ?1", args![first]);
    assert_eq!(
        (card_status(&fx, first).0.as_str(), amount),
        ("contracted", 5_000_000)
    );

    // Accept and refer on to the credit line.
    fx.select_card_id(second);
    fx.act(Action::Accept);
    fx.act(Action::ReferOn);
    assert!(matches!(
        fx.app.form.as_ref().map(|f| &f.purpose),
        Some(Purpose::ReferOn { .. })
    ));
    fx.pick(Msg::FieldNeed, "mortgage");
    fx.focus_field(1);
    fx.type_text("想买房");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let child = fx.sql_i64("SELECT id FROM cards WHERE parent_id = ?1", args![second]);
    assert_eq!(card_status(&fx, child), ("new".into(), None));

    // The credit pane is not W01's to work.
    fx.go(Tab::Line(1));
    assert_eq!(fx.app.tab, Tab::Line(1));
    fx.select_card_id(child);
    let refusal = "Only the Credit line's managers work these cards.";
    for action in [Action::Accept, Action::Outcome, Action::ReferOn] {
        refused(&mut fx, action, refusal);
    }
    assert_eq!(card_status(&fx, child), ("new".into(), None));

    // Nor is the queue, but for the wealth tickets their desk takes.
    fx.go(Tab::Lobby);
    refused(
        &mut fx,
        Action::NewWalkin,
        "Only tellers and the lobby manager work the queue.",
    );
    refused(
        &mut fx,
        Action::Call,
        "Nobody is waiting for what Wealth desk takes (C).",
    );

    // The credit manager's it is.
    fx.switch_to("C01");
    fx.select_card_id(child);
    fx.act(Action::Accept);
    assert_eq!(
        card_status(&fx, child),
        ("accepted".into(), Some("C01".into()))
    );
    let (status, _) = card_status(&fx, second);
    assert_ne!(status, CardStatus::New.as_str());
}

#[test]
fn managers_see_only_their_own_prospects_and_the_head_sees_everyone_s() {
    let mut fx = Fixture::new(Lang::Zh, "LOBBY", &branch());
    let p1 = prospect_of(&mut fx, ("赵雷", "13800000001"), '1', "W01");
    let p2 = prospect_of(&mut fx, ("孙丽", "13800000002"), '1', "W02");
    let p3 = prospect_of(&mut fx, ("钱进", "13800000003"), '5', "C01");

    let listed = |fx: &Fixture, code: &str| {
        let app = fx.app_as(code);
        let mut ids: Vec<i64> = app.followups.rows.iter().map(|(_, p)| p.id).collect();
        ids.sort();
        ids
    };
    assert_eq!(listed(&fx, "W01"), [p1]);
    assert_eq!(listed(&fx, "W02"), [p2]);
    assert_eq!(listed(&fx, "C01"), [p3]);
    assert_eq!(listed(&fx, "T01"), Vec::<i64>::new());
    assert_eq!(listed(&fx, "H01"), [p1, p2, p3]);

    // Even filtered by another owner, a manager sees only their own.
    fx.switch_to("W01");
    fx.go(Tab::Followups);
    fx.act(Action::Filter);
    fx.pick(Msg::FieldOwner, "W02");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert!(
        !fx.listed_prospects().contains(&p2),
        "W01 sees W02's prospect: {:?}",
        fx.listed_prospects()
    );

    // The head works anyone's: a contact on W02's prospect.
    fx.switch_to("H01");
    fx.select_prospect_id(p2);
    fx.act(Action::LogContact);
    assert!(matches!(
        fx.app.form.as_ref().map(|f| &f.purpose),
        Some(Purpose::LogContact { .. })
    ));
    fx.pick(Msg::FieldChannel, "phone");
    fx.focus_field(1);
    fx.type_text("电话联系");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM contacts WHERE prospect_id = ?1 AND by = 'H01'",
            args![p2]
        ),
        1
    );
}

#[test]
fn the_sweep_lists_only_the_prospects_a_person_may_settle() {
    // The lobby manager's sweep leaves a manager's prospect due today alone;
    // its owner's sweep offers it, with the keys they may use.
    let mut fx = Fixture::new(Lang::En, "LOBBY", &branch());
    let p1 = prospect_of(&mut fx, ("赵雷", "13800000001"), '1', "W01");
    check(&fx.dir).run(
        "UPDATE prospects SET next_due = '2026-11-23' WHERE id = ?1",
        args![p1],
    );
    fx.switch_to("LOBBY");
    fx.go(Tab::Review);
    fx.act(Action::Sweep);
    let (items, _) = fx.app.review.sweep.clone().expect("the sweep runs");
    assert!(items.is_empty(), "{items:?}");
    let before = fx.event_count();
    for action in [Action::Won, Action::Lost, Action::HandBack] {
        fx.act(action);
        assert!(fx.app.form.is_none());
    }
    assert_eq!(fx.event_count(), before);

    fx.switch_to("W01");
    fx.go(Tab::Review);
    fx.act(Action::Sweep);
    let (items, _) = fx.app.review.sweep.clone().expect("the sweep runs");
    assert!(
        items.len() == 1 && matches!(items.get(0), Some(SweepItem::Prospect(p)) if p.id == p1),
        "{items:?}"
    );
    for action in [
        Action::Reschedule,
        Action::Won,
        Action::Lost,
        Action::HandBack,
    ] {
        assert!(fx.app.offers(&action), "{action:?}");
    }
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM prospects WHERE stage = 'open'",
            args![]
        ),
        1
    );
}
