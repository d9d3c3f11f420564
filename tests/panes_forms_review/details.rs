//! Card details, outcome and follow-up forms, refusals, rings and the review.

use super::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
const FOLLOWUPS: usize = 3;
const REVIEW: usize = 6;

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The codes a choice field offers, in order.
fn codes(fx: &Fixture, label: Msg) -> Vec<String> {
    match &fx.app.form.as_ref().expect("a form").field(label).value {
        Value::Choice { options, .. } => options.iter().map(|o| o.code.clone()).collect(),
        other => panic!("{label:?} is not a choice: {other:?}"),
    }
}

/// Empty the text field `i` of the open form.
fn clear(fx: &mut Fixture, i: usize) {
    fx.focus_field(i);
    for _ in 0..40 {
        fx.input(Input::Backspace);
    }
}

// ---------------------------------------------------------------- 1. who made a child card

#[test]
fn a_child_cards_detail_names_who_made_it_and_the_original_referrer_apart() {
    for lang in LANGS {
        let fx = referred_on(lang);
        let child = fx.app.store.db().card(2).unwrap().unwrap();
        assert_eq!(
            (child.referred_by.as_str(), child.referrer.as_str()),
            ("W01", "T01")
        );
        let screen = fx.screen(120, 40);
        let made = by_lang(
            &fx,
            "刘洋 于 10:50 转出 · 原转介人 王芳",
            "referred on by 刘洋 at 10:50 · original referrer 王芳",
        );
        assert!(screen.contains(made), "{screen}");
        let wrong = by_lang(&fx, "转介人 王芳 · 10:50", "referred by 王芳 at 10:50");
        assert!(!screen.contains(wrong), "{screen}");

        // The original card still reads as its referrer made it.
        let mut fx = fx;
        fx.switch_to("W01");
        fx.act(Action::GoTab(WEALTH));
        fx.select_card_id(1);
        let screen = fx.screen(120, 40);
        let original = by_lang(&fx, "转介人 王芳 · 10:30", "referred by 王芳 at 10:30");
        assert!(screen.contains(original), "{screen}");
    }
}

// ---------------------------------------------------------------- 2. nothing pre-selected

#[test]
fn the_outcome_forms_products_start_with_the_cards_need() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    // Need 3: a fund plan, on the wealth line.
    walkin_card(&mut fx, "王小明", "13812345678", '3');
    fx.switch_to("W01");
    fx.act(Action::GoTab(WEALTH));
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    assert_eq!(
        codes(&fx, Msg::FieldProduct),
        ["", "fund", "cd", "wmp", "insurance"],
        "the need's own product first, then its line's; none chosen"
    );
    assert_eq!(
        fx.app.form.as_ref().unwrap().field(Msg::FieldProduct).get(),
        ""
    );
}

/// W01's follow-up of 王小明 (card #1 not now), on the Follow-ups tab.
fn prospect(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "T01", &branch());
    walkin_card(&mut fx, "王小明", "13812345678", '2');
    fx.switch_to("W01");
    fx.act(Action::GoTab(WEALTH));
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, "not_now");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    fx.act(Action::GoTab(FOLLOWUPS));
    assert_eq!(fx.listed_prospects().len(), 1);
    fx
}

#[test]
fn the_follow_up_forms_ask_every_choice_that_changes_a_records_meaning() {
    for lang in LANGS {
        let mut fx = prospect(lang);

        // l: the channel of a contact.
        fx.act(Action::LogContact);
        assert_eq!(
            fx.app.form.as_ref().unwrap().field(Msg::FieldChannel).get(),
            ""
        );
        fx.focus_field(1);
        fx.type_text("电话未接通");
        refused_beside(&mut fx, Msg::FieldChannel);

        // w: the product won.
        fx.act(Action::Won);
        assert_eq!(
            fx.app.form.as_ref().unwrap().field(Msg::FieldProduct).get(),
            ""
        );
        fx.focus_field(1);
        fx.type_text("10000");
        refused_beside(&mut fx, Msg::FieldProduct);

        // L: why it was lost.
        fx.act(Action::Lost);
        assert_eq!(
            fx.app.form.as_ref().unwrap().field(Msg::FieldReason).get(),
            ""
        );
        refused_beside(&mut fx, Msg::FieldReason);

        // n: the line of a prospect added by hand.
        fx.act(Action::AddProspect);
        assert_eq!(
            fx.app.form.as_ref().unwrap().field(Msg::FieldLine).get(),
            ""
        );
        fx.focus_field(0);
        fx.type_text("李四");
        fx.focus_field(1);
        fx.type_text("13900000009");
        fx.pick(Msg::FieldConsent, "yes");
        refused_beside(&mut fx, Msg::FieldLine);

        // R, the branch head: the new owner.
        fx.switch_to("H01");
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.act(Action::Reassign);
        assert_eq!(
            fx.app.form.as_ref().unwrap().field(Msg::FieldOwner).get(),
            ""
        );
        refused_beside(&mut fx, Msg::FieldOwner);

        // Answered, each saves.
        fx.act(Action::Reassign);
        fx.pick(Msg::FieldOwner, "W02");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM prospects WHERE owner = 'W02'",
                args![]
            ),
            1
        );
    }
}

// ---------------------------------------------------------------- 3. edits that vanish

#[test]
fn a_mobile_of_another_client_is_refused_beside_the_mobile_on_the_card_form() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        fx.walkin('A', '1', "王小明", "13800000001");
        let li = fx.walkin('A', '1', "李四", "13800000002");
        fx.select(&li);
        fx.act(Action::Referral);
        fx.input(Input::Char('2'));
        fx.input(Input::Char('y'));
        fx.type_text("想了解理财");
        clear(&mut fx, 4);
        fx.type_text("李四");
        clear(&mut fx, 5);
        fx.type_text("13800000001");
        let before = fx.db_state();
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        let taken = by_lang(
            &fx,
            "该手机号已登记为客户 王*明，与所填姓名不同：请核对姓名或手机号。",
            "This mobile belongs to client 王*明, not the name typed: check which is right.",
        );
        assert_eq!(field_error(&fx, Msg::FieldMobile).as_deref(), Some(taken));
        assert_eq!(
            form.fields[form.focus].label,
            Msg::FieldName,
            "focus on the name"
        );
        assert_eq!(fx.db_state(), before, "nothing written");

        // The mobile put right and the name changed: saved, and said.
        clear(&mut fx, 5);
        fx.type_text("13800000002");
        clear(&mut fx, 4);
        fx.type_text("李斯");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let (text, error) = fx.flash();
        assert!(!error);
        assert_eq!(
            text,
            by_lang(
                &fx,
                "已转介 #1 至财富；客户姓名已更新",
                "Card #1 sent to Wealth; the client's name was updated"
            )
        );
        assert_eq!(
            fx.sql_i64("SELECT count(*) FROM clients WHERE name = '李斯'", args![]),
            1
        );
    }
}

#[test]
fn a_mobile_of_another_client_is_refused_beside_the_mobile_on_the_add_prospect_form() {
    for lang in LANGS {
        let mut fx = prospect(lang);
        fx.act(Action::AddProspect);
        fx.focus_field(0);
        fx.type_text("李四");
        fx.focus_field(1);
        fx.type_text("13812345678");
        fx.pick(Msg::FieldLine, "credit");
        fx.pick(Msg::FieldConsent, "yes");
        let before = fx.db_state();
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        assert!(
            field_error(&fx, Msg::FieldMobile).is_some_and(|e| e.contains("王*明")),
            "{form:?}"
        );
        assert_eq!(form.fields[form.focus].label, Msg::FieldName);
        assert_eq!(fx.db_state(), before, "nothing written");
    }
}

// ---------------------------------------------------------------- 4. a contract settles a follow-up

#[test]
fn a_contract_that_settles_an_open_follow_up_says_so() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        walkin_card(&mut fx, "王小明", "13812345678", '3');
        fx.switch_to("W01");
        fx.act(Action::GoTab(WEALTH));
        fx.act(Action::Accept);
        fx.act(Action::Outcome);
        fx.pick(Msg::FieldResult, "intent");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        fx.act(Action::Outcome);
        fx.pick(Msg::FieldResult, "contracted");
        fx.pick(Msg::FieldProduct, "fund");
        fx.focus_field(2);
        fx.type_text("10000");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let (text, error) = fx.flash();
        assert!(!error);
        assert!(
            text.ends_with(by_lang(
                &fx,
                "；客户的跟进已按成交结清",
                "; the client's follow-up was settled as won"
            )),
            "{text}"
        );
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM prospects WHERE stage = 'won'",
                args![]
            ),
            1
        );
    }
}

// ---------------------------------------------------------------- 5. no third marketer offered

#[test]
fn the_reassign_form_offers_nobody_who_would_be_a_third_marketer() {
    let mut fx = referred_on(Lang::En);
    // W01 (the credit card's assistant) follows the client up on wealth too.
    fx.switch_to("W01");
    fx.act(Action::GoTab(FOLLOWUPS));
    fx.act(Action::AddProspect);
    fx.focus_field(0);
    fx.type_text("王小明");
    fx.focus_field(1);
    fx.type_text("13812345678");
    fx.pick(Msg::FieldLine, "wealth");
    fx.pick(Msg::FieldConsent, "yes");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);

    // The client's other work has C01 and W01: only C01 may take it.
    fx.switch_to("H01");
    fx.act(Action::GoTab(FOLLOWUPS));
    fx.act(Action::Reassign);
    assert_eq!(codes(&fx, Msg::FieldOwner), ["", "C01"]);
    fx.pick(Msg::FieldOwner, "C01");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert!(!fx.flash().1, "{:?}", fx.flash());
}

// ---------------------------------------------------------------- 6. a new card in the pane

/// `app` sees what others saved, as its tick would.
fn tick(app: &mut App) {
    app.update(Action::Tick);
}

#[test]
fn a_new_card_rings_once_is_marked_and_is_not_hidden_behind_a_card_a_refuses() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let mut w01 = fx.app_as("W01");
    w01.update(Action::GoTab(WEALTH));
    assert!(!w01.take_bell(), "nothing new yet");

    // Card #1 arrives: the bell, once; marked; selected.
    walkin_card(&mut fx, "王小明", "13800000001", '2');
    tick(&mut w01);
    assert!(w01.take_bell(), "a card W01 may accept rings");
    assert!(!w01.take_bell(), "once");
    assert!(w01.lines[0].fresh.contains(&1));
    assert_eq!(w01.lines[0].selected_card().map(|c| c.id), Some(1));

    // Card #2 arrives while #1 still waits: the selection stays on #1.
    walkin_card(&mut fx, "李四", "13800000002", '2');
    tick(&mut w01);
    assert!(w01.take_bell());
    assert!(w01.lines[0].fresh.contains(&2));
    assert_eq!(w01.lines[0].selected_card().map(|c| c.id), Some(1));

    // W02 accepts #1 and #2; card #3 arrives: W01's selection no longer
    // offers them anything, so it moves to the new card, which `a` accepts.
    let mut w02 = fx.app_as("W02");
    w02.update(Action::GoTab(WEALTH));
    for id in [1, 2] {
        let at = w02.lines[0]
            .cards
            .iter()
            .position(|v| v.card.id == id)
            .unwrap();
        w02.update(Action::Top);
        for _ in 0..at {
            w02.update(Action::Down);
        }
        w02.update(Action::Accept);
    }
    tick(&mut w01);
    assert_eq!(w01.lines[0].selected_card().map(|c| c.id), Some(1));
    walkin_card(&mut fx, "韩梅梅", "13800000003", '2');
    tick(&mut w01);
    assert!(w01.take_bell());
    assert_eq!(w01.lines[0].selected_card().map(|c| c.id), Some(3));
    w01.update(Action::Accept);
    let three = fx.app.store.db().card(3).unwrap().unwrap();
    assert_eq!(
        (three.receiver.as_deref(), three.status),
        (Some("W01"), CardStatus::Accepted)
    );

    // A card for another line does not ring in W01's panes.
    walkin_card(&mut fx, "李雷", "13800000004", '5');
    tick(&mut w01);
    assert!(!w01.take_bell(), "a credit card is not W01's to accept");
}

// ---------------------------------------------------------------- 7. the Review tab

/// A referral chain and a contract on a day with a ticket at a counter.
fn reviewed(lang: Lang) -> Fixture {
    let mut fx = referred_on(lang);
    // 王小明's ticket called to counter 1: in progress.
    fx.switch_to("T01");
    fx.act(Action::Call);
    fx.act(Action::GoTab(REVIEW));
    fx
}

#[test]
fn the_review_labels_the_funnel_against_the_totals_and_shows_what_the_report_has() {
    for lang in LANGS {
        let fx = reviewed(lang);
        let r = fx.app.review.report.clone().expect("the figures");
        assert_eq!((r.referrals.funnel.created, r.referrals.created), (1, 2));
        assert_eq!(r.visits.open, 1, "a ticket at a counter");
        // Tall enough for every section.
        let screen = fx.screen(120, 70);
        let lines: Vec<&str> = screen.lines().collect();
        let at = |needle: &str| {
            lines
                .iter()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{needle:?} shown:\n{screen}"))
        };
        let funnel = at(by_lang(
            &fx,
            "漏斗：本日发起的原始转介，截至目前",
            "Funnel: original referrals begun this day, as of now",
        ));
        assert!(lines[funnel + 1].contains("1 → 1 → 0"), "{screen}");
        let totals = at(by_lang(
            &fx,
            "合计：本日所有卡片（含再转介）",
            "Totals: every card of the day (re-referrals too)",
        ));
        assert_eq!(totals, funnel + 2, "{screen}");
        assert!(lines[totals + 1].contains(&format!("{} 2", by_lang(&fx, "转介", "created"))));
        assert!(
            screen.contains(by_lang(&fx, "办理中 1", "in progress 1")),
            "{screen}"
        );
        let open = by_lang(&fx, "跟进中 ", "open ");
        assert!(
            screen.contains(&format!("{open}{}", r.followups.open)),
            "{screen}"
        );
    }
}

#[test]
fn the_review_stops_at_today_and_sweeps_only_today() {
    for lang in LANGS {
        let mut fx = reviewed(lang);
        fx.act(Action::NextDay);
        assert_eq!(fx.app.review.day, Some(day()), "no day after today");
        assert_eq!(
            fx.app.review.report.as_ref().unwrap().date_from,
            "2026-11-23"
        );
        assert!(fx.app.flash.is_some(), "] says why it stays");

        fx.act(Action::PrevDay);
        fx.act(Action::Sweep);
        assert!(fx.app.review.sweep.is_none(), "no sweep of another day");
        let (text, error) = fx.flash();
        assert!(error);
        assert_eq!(
            text,
            by_lang(
                &fx,
                "日终清扫只处理今天（2026-11-23）仍未结的事项：请先用 ] 回到今天。",
                "The closing sweep settles what is still open today (2026-11-23): go to today with ] first."
            )
        );
        fx.act(Action::NextDay);
        assert_eq!(fx.app.review.day, Some(day()));
        fx.act(Action::Sweep);
        assert!(fx.app.review.sweep.is_some(), "today's sweep runs");
        assert_eq!(fx.app.tab, Tab::Review);
    }
}
