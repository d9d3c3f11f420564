//! Flagging a referral, and accepting and recording its outcome.

use super::*;

// ---------------------------------------------------------------- the teller's card

#[test]
fn a_teller_flags_a_referral_with_four_keys_beyond_the_note() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        fx.walkin('A', '1', "王小明", "138 1234 5678");
        fx.advance(1);
        fx.act(Action::Call);
        fx.act(Action::Start);
        let a1 = fx.ticket("A001");
        assert_eq!(a1.teller.as_deref(), Some("T01"));
        assert_eq!(fx.selected().as_deref(), Some("A001"));
        fx.advance(3);
        let events = fx.event_count();

        // r: the card, with the client's name and mobile from the ticket.
        fx.act(Action::Referral);
        let form = fx.app.form.as_ref().expect("r opens the card form");
        assert_eq!(form.purpose, Purpose::Card { ticket: a1.id });
        assert_eq!(form.field(Msg::FieldName).get(), "王小明");
        assert_eq!(form.field(Msg::FieldMobile).get(), "13812345678");
        assert_eq!(
            form.field(Msg::FieldConsent).get(),
            "",
            "consent must be answered"
        );
        // 2: the need (wealth product), which proposes its line.
        fx.input(Input::Char('2'));
        assert_eq!(
            fx.app.form.as_ref().unwrap().field(Msg::FieldLine).get(),
            "wealth"
        );
        // y: consent.
        fx.input(Input::Char('y'));
        fx.type_text("想买稳健理财");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        assert_ok(
            &fx,
            by_lang(&fx, "已转介 #1 至财富", "Card #1 sent to Wealth"),
        );

        let c = card(&fx, 1);
        let client = client_id(&fx, "13812345678");
        assert_eq!(
            (c.referrer.as_str(), c.referred_by.as_str()),
            ("T01", "T01")
        );
        assert_eq!((c.line.as_str(), c.need.as_str()), ("wealth", "wmp"));
        assert_eq!(c.note, "想买稳健理财");
        assert!(c.consent);
        assert_eq!((c.ticket_id, c.client_id), (Some(a1.id), client));
        assert_eq!(c.created_at, t0() + mins(4));
        assert_eq!(c.status, CardStatus::New);
        assert_eq!((c.receiver.as_ref(), c.assistant.as_ref()), (None, None));
        assert_eq!((c.parent_id, c.root_id), (None, Some(1)));
        // The client's answer is kept on the client: when and by whom.
        let (consent, by, at): (i64, String, i64) = check(&fx.dir).one(
            "SELECT consent, consent_by, consent_at FROM clients WHERE id = ?1",
            args![client],
        );
        assert_eq!(
            (consent, by.as_str(), at),
            (1, "T01", (t0() + mins(4)).timestamp())
        );
        // The form filled with the client's details is a disclosure, recorded.
        assert_eq!(
            events_since(&fx, events),
            ["client.reveal", "client.consent", "card.add", "notice.send"]
        );
        let (kind, actor, record, details) = last_event(&fx);
        assert_eq!(
            (kind.as_str(), actor.as_str(), record),
            ("card.add", "T01", Some(1))
        );
        assert_eq!(details["line"], "wealth");
        assert_eq!(details["need"], "wmp");
        assert_eq!(details["ticket"], a1.id);
    }
}

#[test]
fn a_need_of_another_line_and_a_client_entered_on_the_card() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.walkin('A', '1', "", ""); // anonymous at the kiosk
    fx.act(Action::Referral);
    fx.input(Input::Char('6')); // consumer loan → credit
    fx.input(Input::Char('n')); // declines to be contacted
    fx.type_text("wants a car loan");
    fx.focus_field(4);
    fx.type_text("赵丽华");
    fx.focus_field(5);
    fx.type_text("139 0000 1111");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    assert_ok(&fx, "Card #1 sent to Credit");
    let c = card(&fx, 1);
    assert_eq!((c.line.as_str(), c.need.as_str()), ("credit", "consumer"));
    assert!(!c.consent);
    let client = client_id(&fx, "13900001111");
    assert_eq!(c.client_id, client);
    let t = fx.ticket("A001");
    assert_eq!(
        t.client_name.as_deref(),
        Some("赵丽华"),
        "the ticket has its client now"
    );
    let (consent, by): (i64, String) = check(&fx.dir).one(
        "SELECT consent, consent_by FROM clients WHERE id = ?1",
        args![client],
    );
    assert_eq!(
        (consent, by.as_str()),
        (0, "T01"),
        "the refusal is recorded too"
    );
}

#[test]
fn an_incomplete_card_is_refused_beside_each_field_and_nothing_is_saved() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        fx.walkin('A', '1', "陈静", ""); // no mobile
        let (events, clients) = (
            fx.event_count(),
            fx.sql_i64("SELECT count(*) FROM clients", args![]),
        );
        fx.act(Action::Referral);
        fx.input(Input::Submit);
        let required = by_lang(&fx, "必填", "required");
        let form = fx.app.form.as_ref().expect("the form stays open");
        for m in [
            Msg::FieldNeed,
            Msg::FieldConsent,
            Msg::FieldNote,
            Msg::FieldMobile,
        ] {
            assert_eq!(form.field(m).error.as_deref(), Some(required), "{m:?}");
        }
        assert_eq!(form.field(Msg::FieldName).error, None);
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "请先改正标出的项目，未保存。",
                "Please correct the marked fields; nothing was saved.",
            ),
        );
        snap(&fx, "card_form_refused", 80, 24);
        assert_eq!(card_count(&fx), 0);
        assert_eq!(fx.event_count(), events);

        // Need and consent answered, a note typed: only the missing mobile is refused.
        fx.focus_field(0);
        fx.input(Input::Char('3'));
        fx.input(Input::Char('y'));
        fx.type_text("基金定投");
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("still open");
        let marked: Vec<Msg> = form
            .fields
            .iter()
            .filter(|f| f.error.is_some())
            .map(|f| f.label)
            .collect();
        assert_eq!(marked, [Msg::FieldMobile]);
        // Consent left unanswered on its own is refused too.
        fx.focus_field(1);
        fx.input(Input::Left); // back to the blank "—"
        assert_eq!(
            fx.app.form.as_ref().unwrap().field(Msg::FieldConsent).get(),
            ""
        );
        fx.focus_field(5);
        fx.type_text("13700002222");
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("still open");
        assert_eq!(
            form.field(Msg::FieldConsent).error.as_deref(),
            Some(required)
        );
        assert_eq!(form.field(Msg::FieldMobile).error, None);
        assert_eq!(card_count(&fx), 0);
        assert_eq!(fx.event_count(), events);
        assert_eq!(
            fx.sql_i64("SELECT count(*) FROM clients", args![]),
            clients,
            "no client saved"
        );
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM clients WHERE consent_by IS NOT NULL",
                args![]
            ),
            0
        );

        fx.focus_field(1);
        fx.input(Input::Char('y'));
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        assert_eq!(card(&fx, 1).client_id, client_id(&fx, "13700002222"));
    }
}

// ---------------------------------------------------------------- the manager's pane

#[test]
fn a_card_saved_elsewhere_appears_highlighted_with_a_count_on_the_tab() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let mut w01 = fx.app_as("W01");
        w01.update(Action::GoTab(WEALTH));
        assert_eq!(w01.tab, Tab::Line(0));
        let wealth = by_lang(&fx, "财富", "Wealth").to_string();
        assert_eq!(w01.tab_title(Tab::Line(0)), wealth);
        assert!(w01.lines[0].cards.is_empty());

        let id = walkin_card(&mut fx, "王小明", "13812345678", '1');
        fx.advance(2);
        // W01's app notices on its next tick.
        assert!(w01.update(Action::Tick), "another process wrote: redraw");
        assert_eq!(pane_ids(&w01, 0), [id]);
        assert!(w01.lines[0].fresh.contains(&id), "highlighted as new");
        assert_eq!(w01.tab_title(Tab::Line(0)), format!("{wealth}(1)"));
        assert_eq!(w01.tab_title(Tab::Line(1)), by_lang(&fx, "信贷", "Credit"));
        let screen = render(&w01, 120, 40);
        // Masked on screen (客户信息保密): 王*明.
        let row = screen
            .lines()
            .find(|l| l.contains(&mask_name("王小明")))
            .unwrap_or_else(|| panic!("the client is listed:\n{screen}"));
        assert!(row.contains("+2"), "the fresh mark and the age: {row}");
        assert!(
            row.contains("A001"),
            "the ticket, still in the lobby: {row}"
        );
        assert!(row.contains("张敏"), "the referrer: {row}");
        assert!(screen.contains(&format!("{wealth}(1)")), "{screen}");

        // Leaving the pane: the new arrivals have been seen.
        w01.update(Action::GoTab(0));
        assert!(w01.lines[0].fresh.is_empty());
        // Accepting: the count goes.
        w01.update(Action::GoTab(WEALTH));
        w01.update(Action::Accept);
        assert_eq!(w01.tab_title(Tab::Line(0)), wealth);
    }
}

#[test]
fn the_wealth_manager_accepts_and_records_each_outcome() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let clients = [
            ("王小明", "13812345678"),
            ("陈静", "13912345678"),
            ("赵丽华", "13712345678"),
            ("孙建国", "13612345678"),
            ("欧阳娜娜", "13512345678"),
            ("李雷", "13412345678"),
        ];
        let ids: Vec<i64> = clients
            .iter()
            .map(|(n, m)| walkin_card(&mut fx, n, m, '2'))
            .collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
        fx.advance(5);

        fx.switch_to("W01");
        let wealth = by_lang(&fx, "财富", "Wealth");
        assert_eq!(fx.app.tab_title(Tab::Line(0)), format!("{wealth}(6)"));
        fx.act(Action::GoTab(WEALTH));
        assert_eq!(fx.app.tab, Tab::Line(0));
        assert_eq!(pane_ids(&fx.app, 0), [6, 5, 4, 3, 2, 1], "newest first");

        // a: W01 becomes each card's receiver.
        for id in &ids {
            let events = fx.event_count();
            select_card(&mut fx, *id);
            fx.act(Action::Accept);
            let msg = format!("{}{id}", by_lang(&fx, "已接收 #", "Accepted card #"));
            assert_ok(&fx, &msg);
            let c = card(&fx, *id);
            assert_eq!(c.status, CardStatus::Accepted);
            assert_eq!(c.receiver.as_deref(), Some("W01"));
            assert_eq!(c.accepted_at, Some(t0() + mins(5)));
            assert_eq!(events_since(&fx, events), ["card.accept", "notice.send"]);
        }
        assert_eq!(fx.app.tab_title(Tab::Line(0)), wealth, "none new any more");
        let due = (day() + Duration::days(2)).to_string();

        // Contracted: product and amount; no prospect.
        select_card(&mut fx, 1);
        let events = fx.event_count();
        record(
            &mut fx,
            Out::Contracted {
                product: "cd",
                amount: "50,000",
            },
        );
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        let c = card(&fx, 1);
        assert_eq!(c.status, CardStatus::Contracted);
        assert_eq!(
            (c.product.as_deref(), c.amount_cents),
            (Some("cd"), Some(5_000_000))
        );
        assert_eq!(c.outcome_at, Some(fx.app.now));
        assert_eq!(prospect_of(&fx, 1), None);
        assert_eq!(events_since(&fx, events), ["card.outcome", "notice.send"]);
        assert_eq!(last_event(&fx).3["status"], "contracted");
        assert_eq!(last_event(&fx).3["amount_cents"], 5_000_000);

        // Intent: documents pending, the card stays open, and a prospect is kept.
        select_card(&mut fx, 2);
        record(&mut fx, Out::Intent);
        let c = card(&fx, 2);
        assert_eq!(c.status, CardStatus::Intent);
        assert!(c.status.is_open());
        assert_eq!(
            prospect_of(&fx, 2),
            Some(("W01".into(), "open".into(), due.clone(), "wealth".into()))
        );

        // Declined, not kept.
        select_card(&mut fx, 3);
        let events = fx.event_count();
        record(
            &mut fx,
            Out::Declined {
                objection: "no_need",
                keep: false,
            },
        );
        let c = card(&fx, 3);
        assert_eq!(
            (c.status, c.objection.as_deref()),
            (CardStatus::Declined, Some("no_need"))
        );
        assert_eq!(prospect_of(&fx, 3), None);
        assert_eq!(events_since(&fx, events), ["card.outcome", "notice.send"]);

        // Declined, kept following by choice.
        select_card(&mut fx, 4);
        let events = fx.event_count();
        record(
            &mut fx,
            Out::Declined {
                objection: "distrust",
                keep: true,
            },
        );
        let c = card(&fx, 4);
        assert_eq!(
            (c.status, c.objection.as_deref()),
            (CardStatus::Declined, Some("distrust"))
        );
        assert_eq!(
            prospect_of(&fx, 4),
            Some(("W01".into(), "open".into(), due.clone(), "wealth".into()))
        );
        assert_eq!(
            events_since(&fx, events),
            ["card.outcome", "notice.send", "prospect.add"]
        );

        // Not now, and the client left: to follow-up, a prospect owned by the receiver.
        for (id, out) in [(5, Out::NotNow), (6, Out::Left)] {
            select_card(&mut fx, id);
            record(&mut fx, out);
            assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
            let c = card(&fx, id);
            assert_eq!(c.status, CardStatus::FollowUp);
            assert_eq!(
                prospect_of(&fx, id),
                Some(("W01".into(), "open".into(), due.clone(), "wealth".into()))
            );
        }
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "#6 记为转跟进，已加入跟进名单",
                "Card #6: follow-up; added to follow-ups",
            ),
        );
        assert_eq!(
            fx.sql_i64("SELECT count(*) FROM prospects", args![]),
            4,
            "intent, declined-but-kept, not now, left"
        );
        // Closed today, the cards stay listed; the open one (intent) first.
        assert_eq!(pane_ids(&fx.app, 0)[0], 2);
        assert_eq!(pane_ids(&fx.app, 0).len(), 6);
    }
}

#[test]
fn the_outcome_needs_an_accepted_card_and_only_its_receiver_records_it() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let id = walkin_card(&mut fx, "王小明", "13812345678", '1');
        fx.switch_to("W01");
        fx.act(Action::GoTab(WEALTH));
        let before = card(&fx, id);
        let events = fx.event_count();

        // o before a: refused at once, before any typing; nothing saved.
        fx.act(Action::Outcome);
        assert!(fx.app.form.is_none(), "no form for a card nobody accepted");
        assert_refused(
            &fx,
            by_lang(&fx, "请先按 a 接收该卡。", "Accept the card first (a)."),
        );
        assert_eq!(card(&fx, id), before);
        assert_eq!(prospect_of(&fx, id), None);
        assert_eq!(fx.event_count(), events);

        fx.act(Action::Accept);
        assert_eq!(card(&fx, id).receiver.as_deref(), Some("W01"));
        let accepted = card(&fx, id);
        let events = fx.event_count();

        // A second wealth manager: told who accepted it; neither accept nor outcome saved.
        let mut w01 = fx.switch_to("W02");
        fx.act(Action::GoTab(WEALTH));
        select_card(&mut fx, id);
        fx.act(Action::Accept);
        assert_refused(
            &fx,
            by_lang(&fx, "该卡已被 王芳 接收。", "Already accepted by 王芳."),
        );
        // o: refused at once, before any typing.
        fx.act(Action::Outcome);
        assert!(fx.app.form.is_none(), "no form for another's card");
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "只有接收人 王芳 可以操作。",
                "Only the receiver, 王芳, can do that.",
            ),
        );
        assert_eq!(card(&fx, id), accepted);
        assert_eq!(prospect_of(&fx, id), None);
        assert_eq!(fx.event_count(), events);

        // The receiver can; afterwards nobody can record again.
        w01.update(Action::Outcome);
        w01.update(Action::Form(Input::Char('4')));
        w01.update(Action::Form(Input::Submit));
        assert!(w01.form.is_none(), "{:?}", w01.flash);
        assert_eq!(card(&fx, id).status, CardStatus::FollowUp);
        w01.update(Action::Outcome);
        assert!(w01.form.is_none(), "no form for a closed card");
        let flash = w01.flash.clone().expect("a message");
        assert!(flash.error, "{flash:?}");
        assert_eq!(
            flash.text,
            by_lang(
                &fx,
                "该卡当前为“转跟进”，不能这样做。",
                "Not possible while the card is follow-up.",
            )
        );
        assert_eq!(fx.sql_i64("SELECT count(*) FROM prospects", args![]), 1);
    }
}
