//! Outcomes, refer-on chains, duplicates, snapshots and two managers at once.

use super::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const CREDIT: usize = 2;

fn snap_sizes(fx: &Fixture, name: &str) {
    for (w, h) in SIZES {
        snap(fx, name, w, h);
    }
}

// Regression: Form::edit used to move the focus on before the outcome form
// hid the fields the chosen result does not need, leaving it on a hidden field.

/// W01 with an accepted card, the outcome form open.
fn outcome_form_open() -> Fixture {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    walkin_card(&mut fx, "王小明", "13812345678", '1');
    fx.switch_to("W01");
    fx.act(Action::GoTab(WEALTH));
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    assert!(fx.app.form.is_some());
    fx
}

#[test]
fn the_outcome_is_never_chosen_for_the_receiver() {
    let mut fx = outcome_form_open();
    let form = fx.app.form.as_ref().unwrap();
    assert_eq!(
        form.field(Msg::FieldResult).get(),
        "",
        "no result pre-selected"
    );
    let before = fx.db_state();
    fx.input(Input::Submit);
    let form = fx.app.form.as_ref().expect("the form stays open");
    assert_eq!(
        form.field(Msg::FieldResult).error.as_deref(),
        Some("required")
    );
    assert_eq!(fx.db_state(), before, "nothing saved");
    // A contract needs its product chosen too.
    fx.pick(Msg::FieldResult, "contracted");
    assert_eq!(
        fx.app.form.as_ref().unwrap().field(Msg::FieldProduct).get(),
        ""
    );
    fx.focus_field(2);
    fx.type_text("50000");
    fx.input(Input::Submit);
    let form = fx.app.form.as_ref().expect("the form stays open");
    assert_eq!(
        form.field(Msg::FieldProduct).error.as_deref(),
        Some("required")
    );
    assert_eq!(form.field(Msg::FieldResult).error, None);
    assert_eq!(fx.db_state(), before, "nothing saved");
}

#[test]
fn choosing_declined_by_its_key_moves_on_to_the_objection() {
    let mut fx = outcome_form_open();
    // "3" declined, then "2" meant as the objection "no need", as at a counter.
    fx.input(Input::Char('3'));
    let form = fx.app.form.as_ref().unwrap();
    let focused = &form.fields[form.focus];
    assert!(
        !focused.hidden,
        "after choosing 'declined' the focus is on the hidden {:?} field",
        focused.label
    );
    fx.input(Input::Char('2'));
    assert_eq!(
        fx.app
            .form
            .as_ref()
            .unwrap()
            .field(Msg::FieldObjection)
            .get(),
        "no_need"
    );
}

#[test]
fn a_note_typed_right_after_choosing_not_now_is_kept() {
    let mut fx = outcome_form_open();
    fx.input(Input::Char('4'));
    fx.type_text("next week");
    assert_eq!(
        fx.app.form.as_ref().unwrap().field(Msg::FieldNote).get(),
        "next week",
        "the note typed after the result is kept"
    );
}

// ---------------------------------------------------------------- refer on

#[test]
fn refer_on_to_credit_keeps_the_original_referrer_and_both_panes_show_the_chain() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let id = walkin_card(&mut fx, "王小明", "13812345678", '2');
        fx.advance(3);
        fx.switch_to("W01");
        fx.act(Action::GoTab(WEALTH));
        fx.act(Action::Accept);
        fx.advance(4);
        let events = fx.event_count();

        // t: the need (another line's only), the line proposed, a note.
        fx.act(Action::ReferOn);
        let form = fx.app.form.as_ref().expect("t opens the refer-on form");
        assert_eq!(form.purpose, Purpose::ReferOn { card: id });
        assert_eq!(form.field(Msg::FieldLine).get(), "credit");
        fx.pick(Msg::FieldNeed, "mortgage");
        fx.focus_field(1);
        fx.type_text("要买房，想办房贷");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "#1 已转至信贷（新卡 #2）",
                "Card #1 referred on to Credit (new card #2)",
            ),
        );
        let parent = card(&fx, id);
        assert_eq!(parent.status, CardStatus::Referred);
        assert_eq!(parent.outcome_at, Some(t0() + mins(7)));
        let child = card(&fx, 2);
        assert_eq!(
            (child.line.as_str(), child.need.as_str()),
            ("credit", "mortgage")
        );
        assert_eq!((child.parent_id, child.root_id), (Some(id), Some(id)));
        assert_eq!(
            child.referrer, "T01",
            "the original referrer keeps the credit"
        );
        assert_eq!(child.referred_by, "W01");
        assert_eq!(
            child.assistant.as_deref(),
            Some("W01"),
            "the referring manager assists"
        );
        assert_eq!(
            (child.receiver.as_ref(), child.status),
            (None, CardStatus::New)
        );
        assert_eq!(
            (child.client_id, child.ticket_id, child.consent),
            (parent.client_id, parent.ticket_id, parent.consent)
        );
        assert_eq!(child.note, "要买房，想办房贷");
        assert_eq!(
            events_since(&fx, events),
            ["card.refer", "card.add", "notice.send"]
        );
        let chain = |app: &App, pane: usize| -> Vec<i64> {
            app.lines[pane].chain.iter().map(|c| c.id).collect()
        };
        assert_eq!(chain(&fx.app, 0), [1, 2], "the wealth pane shows the chain");
        let screen = fx.screen(120, 40);
        let chain_line = screen
            .lines()
            .find(|l| l.contains(by_lang(&fx, "流转", "Chain")))
            .unwrap_or_else(|| panic!("the chain is shown:\n{screen}"));
        assert!(
            chain_line.contains("#1") && chain_line.contains("#2"),
            "{chain_line}"
        );
        snap_sizes(&fx, "wealth_pane_referred");

        // The credit manager sees the child, with the same chain, and accepts:
        // two marketers on the client, the receiver and the assistant.
        fx.switch_to("C01");
        assert_eq!(
            fx.app.tab_title(Tab::Line(1)),
            format!("{}(1)", by_lang(&fx, "信贷", "Credit"))
        );
        fx.act(Action::GoTab(CREDIT));
        assert_eq!(pane_ids(&fx.app, 1), [2]);
        assert_eq!(chain(&fx.app, 1), [1, 2]);
        fx.act(Action::Accept);
        let child = card(&fx, 2);
        assert_eq!(
            (child.receiver.as_deref(), child.assistant.as_deref()),
            (Some("C01"), Some("W01"))
        );
        assert_eq!(child.referrer, "T01");
        snap_sizes(&fx, "credit_pane_chain");
    }
}

// ---------------------------------------------------------------- duplicates

#[test]
fn a_second_open_card_for_the_client_on_the_same_line_is_refused() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let first = walkin_card(&mut fx, "王小明", "13812345678", '1');
        // The same client comes back (same mobile): another ticket.
        let again = fx.walkin('A', '1', "王小明", "13812345678");
        let events = fx.event_count();
        refer(&mut fx, &again, '3', 'y', "还想要基金");
        assert!(fx.app.form.is_some(), "the form stays open");
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "该客户在财富已有未结卡片 #1（张敏），请勿重复营销。",
                "This client already has open card #1 on Wealth (张敏): no repeat marketing.",
            ),
        );
        assert_eq!(card_count(&fx), 1);
        assert_eq!(fx.event_count(), events);
        assert_eq!(
            fx.sql_i64("SELECT count(*) FROM clients", args![]),
            1,
            "the same client, matched by mobile"
        );
        fx.discard();

        // Accepted by W01: the message names the receiver.
        let mut w01 = fx.app_as("W01");
        w01.update(Action::GoTab(WEALTH));
        w01.update(Action::Accept);
        assert_eq!(card(&fx, first).receiver.as_deref(), Some("W01"));
        fx.act(Action::Tick);
        refer(&mut fx, &again, '3', 'y', "还想要基金");
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "该客户在财富已有未结卡片 #1（王芳），请勿重复营销。",
                "This client already has open card #1 on Wealth (王芳): no repeat marketing.",
            ),
        );
        assert_eq!(card_count(&fx), 1);
        fx.discard();

        // The other line is another matter.
        refer(&mut fx, &again, '5', 'y', "房贷");
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        assert_eq!(card(&fx, 2).line, "credit");

        // Intent keeps the wealth card open: still refused.
        w01.update(Action::Outcome);
        w01.update(Action::Form(Input::Char('2')));
        w01.update(Action::Form(Input::Submit));
        assert_eq!(card(&fx, first).status, CardStatus::Intent);
        refer(&mut fx, &again, '3', 'y', "还想要基金");
        assert!(fx.app.form.is_some());
        assert_eq!(card_count(&fx), 2);
        fx.discard();

        // Declined: a new wealth card is allowed.
        w01.update(Action::Outcome);
        w01.update(Action::Form(Input::Char('3')));
        w01.update(Action::Form(Input::Char('2'))); // the objection: no need
                                                    // Keep following: no default; refused until answered.
        w01.update(Action::Form(Input::Submit));
        assert!(w01.form.is_some(), "keep following unanswered");
        assert_eq!(card(&fx, first).status, CardStatus::Intent);
        w01.update(Action::Form(Input::Char('n')));
        w01.update(Action::Form(Input::Submit));
        assert!(w01.form.is_none(), "{:?}", w01.flash);
        assert_eq!(card(&fx, first).status, CardStatus::Declined);
        refer(&mut fx, &again, '3', 'y', "还想要基金");
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        let third = card(&fx, 3);
        assert_eq!(
            (third.line.as_str(), third.client_id),
            ("wealth", card(&fx, first).client_id)
        );
    }
}

// ---------------------------------------------------------------- screens

/// A teller at counter 1 serving 王小明 (V001); three cards already sent to
/// wealth for clients still waiting.
fn busy_branch(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "T01", &branch());
    fx.walkin('V', '2', "王小明", "13812345678");
    fx.act(Action::Call);
    fx.act(Action::Start);
    assert_eq!(
        fx.app.lobby.counters[0]
            .ticket
            .as_ref()
            .map(|t| t.number.as_str()),
        Some("V001")
    );
    fx.advance(2);
    walkin_card(&mut fx, "陈静", "13912345678", '1');
    fx.advance(4);
    walkin_card(&mut fx, "欧阳娜娜", "13512345678", '4');
    fx.advance(3);
    walkin_card(&mut fx, "孙建国", "13612345678", '3');
    fx.advance(2);
    fx
}

#[test]
fn snapshots_of_the_card_form() {
    for lang in LANGS {
        let mut fx = busy_branch(lang);
        fx.select("V001");
        fx.act(Action::Referral);
        fx.input(Input::Char('2'));
        fx.input(Input::Char('y'));
        fx.type_text("想买稳健理财，下午还在");
        snap_sizes(&fx, "card_form");
    }
}

#[test]
fn snapshots_of_the_wealth_pane_and_the_outcome_form() {
    for lang in LANGS {
        let mut fx = busy_branch(lang);
        refer(&mut fx, "V001", '2', 'y', "想买稳健理财");
        fx.advance(6);
        fx.switch_to("W01");
        fx.act(Action::GoTab(WEALTH));
        select_card(&mut fx, 1);
        fx.act(Action::Accept);
        record(
            &mut fx,
            Out::Declined {
                objection: "poor_fit",
                keep: false,
            },
        );
        select_card(&mut fx, 2);
        fx.act(Action::Accept);
        select_card(&mut fx, 4);
        fx.act(Action::Accept);
        assert_eq!(pane_ids(&fx.app, 0), [3, 4, 2, 1]);
        snap_sizes(&fx, "wealth_pane");

        fx.act(Action::Outcome);
        fx.pick(Msg::FieldResult, "contracted");
        fx.pick(Msg::FieldProduct, "wmp");
        fx.focus_field(2);
        fx.type_text("200000");
        snap_sizes(&fx, "outcome_form");
        fx.discard();
        fx.act(Action::Outcome);
        fx.pick(Msg::FieldResult, "declined");
        snap(&fx, "outcome_form_declined", 80, 24);
    }
}

// ---------------------------------------------------------------- two managers at once

#[test]
fn two_managers_accepting_at_once_leave_one_receiver() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    for round in 0..5 {
        let id = walkin_card(&mut fx, "王小明", &format!("1381234000{round}"), '1');
        let mut apps: Vec<App> = ["W01", "W02"].iter().map(|c| fx.app_as(c)).collect();
        for app in &mut apps {
            app.update(Action::GoTab(WEALTH));
            assert_eq!(app.lines[0].selected_card().map(|c| c.id), Some(id));
        }
        let gate = Arc::new(Barrier::new(2));
        let apps: Vec<App> = std::thread::scope(|s| {
            let handles: Vec<_> = apps
                .into_iter()
                .map(|mut app| {
                    let gate = Arc::clone(&gate);
                    s.spawn(move || {
                        gate.wait();
                        app.update(Action::Accept);
                        app
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let c = card(&fx, id);
        let winner = c.receiver.clone().expect("someone accepted");
        assert_eq!(c.status, CardStatus::Accepted);
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM events WHERE kind = 'card.accept' AND record_id = ?1",
                args![id]
            ),
            1,
            "round {round}: exactly one accept saved"
        );
        let (won, lost): (Vec<&App>, Vec<&App>) = apps.iter().partition(|a| a.me.code == winner);
        let (won, lost) = (won[0], lost[0]);
        let ok = won.flash.as_ref().unwrap();
        assert!(!ok.error, "{ok:?}");
        assert_eq!(ok.text, format!("Accepted card #{id}"));
        let told = lost.flash.as_ref().unwrap();
        assert!(told.error, "{told:?}");
        let name = if winner == "W01" { "王芳" } else { "刘洋" };
        assert_eq!(told.text, format!("Already accepted by {name}."));
        // The loser's pane shows the card as the winner's.
        assert_eq!(
            lost.lines[0]
                .selected_view()
                .unwrap()
                .receiver_name
                .as_deref(),
            Some(name)
        );
    }
}
