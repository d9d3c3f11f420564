//! Referral cards (转介绍明白卡) and the line panes: several people (a teller,
//! wealth and credit managers) each driving their own `App` with actions, as
//! the keys would, on one real SQLite file with a fixed clock (2026-11-23
//! 10:30 in Beijing). Every step is checked in the database, not only on the
//! screen; screens are snapshotted in Chinese and English at 80×24 and 120×40.

mod support;

use lobbydesk::args;
use std::sync::{Arc, Barrier};

use chrono::Duration;
use insta::assert_snapshot;
use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, App, Input, Tab};
use lobbydesk::domain::card::{Card, CardStatus};
use lobbydesk::domain::privacy::mask_name;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::store::staff::Staff;
use serde_json::Value;

use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The wealth pane is the second tab (key 2), the credit pane the third.
const WEALTH: usize = 1;
const CREDIT: usize = 2;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("W02", "刘洋", "wealth"),
        manager("C01", "陈刚", "credit"),
    ]
}

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn snap(fx: &Fixture, name: &str, w: u16, h: u16) {
    let screen = fx.screen(w, h);
    assert_snapshot!(format!("{name}_{}_{w}x{h}", fx.lang()), screen);
}

fn snap_sizes(fx: &Fixture, name: &str) {
    for (w, h) in SIZES {
        snap(fx, name, w, h);
    }
}

fn assert_ok(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(!error, "unexpected error: {text}");
    assert_eq!(text, expected);
}

fn assert_refused(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(error, "expected a refusal, got: {text}");
    assert_eq!(text, expected);
}

fn card(fx: &Fixture, id: i64) -> Card {
    fx.app
        .store
        .db()
        .card(id)
        .expect("read the card")
        .unwrap_or_else(|| panic!("card #{id} exists"))
}

fn card_count(fx: &Fixture) -> i64 {
    fx.sql_i64("SELECT count(*) FROM cards", args![])
}

fn last_card_id(fx: &Fixture) -> i64 {
    fx.sql_i64("SELECT max(id) FROM cards", args![])
}

fn client_id(fx: &Fixture, mobile: &str) -> i64 {
    fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![mobile])
}

/// The last event: kind, actor, record id and details.
fn last_event(fx: &Fixture) -> (String, String, Option<i64>, Value) {
    let (kind, actor, record, details): (String, String, Option<i64>, String) = check(&fx.dir).one(
        "SELECT kind, actor, record_id, details FROM events WHERE kind != 'notice.send'
             ORDER BY id DESC LIMIT 1",
        args![],
    );
    (kind, actor, record, serde_json::from_str(&details).unwrap())
}

/// The kinds of the events written since the `since`-th.
fn events_since(fx: &Fixture, since: i64) -> Vec<String> {
    let sql = if on_server() {
        "SELECT kind FROM events ORDER BY id OFFSET ?1"
    } else {
        "SELECT kind FROM events ORDER BY id LIMIT -1 OFFSET ?1"
    };
    check(&fx.dir).all(sql, args![since])
}

/// A prospect row of a card: (owner, stage, next_due, line).
fn prospect_of(fx: &Fixture, card: i64) -> Option<(String, String, String, String)> {
    check(&fx.dir).opt(
        "SELECT owner, stage, next_due, line FROM prospects WHERE source_card = ?1",
        args![card],
    )
}

/// As the teller: `r` on the lobby's ticket `number`, the need by its number,
/// consent by `y`/`n`, the note typed, Enter. Four keys beyond the note.
fn refer(fx: &mut Fixture, number: &str, need: char, consent: char, note: &str) {
    fx.select(number);
    fx.act(Action::Referral);
    fx.input(Input::Char(need));
    fx.input(Input::Char(consent));
    fx.type_text(note);
    fx.input(Input::Submit);
}

/// Register a walk-in and refer it to the line of `need`; the new card's id.
fn walkin_card(fx: &mut Fixture, name: &str, mobile: &str, need: char) -> i64 {
    let n = fx.walkin('A', '1', name, mobile);
    refer(fx, &n, need, 'y', "想了解产品");
    assert!(
        fx.app.form.is_none(),
        "the card was saved: {:?}",
        fx.app.flash
    );
    last_card_id(fx)
}

/// Select a card in the shown pane.
fn select_card(fx: &mut Fixture, id: i64) {
    let Tab::Line(p) = fx.app.tab else {
        panic!("a line's pane is shown")
    };
    fx.act(Action::Top);
    for _ in 0..fx.app.lines[p].cards.len() {
        if fx.app.lines[p].selected_card().map(|c| c.id) == Some(id) {
            return;
        }
        fx.act(Action::Down);
    }
    panic!("card #{id} is not in the pane");
}

fn pane_ids(app: &App, pane: usize) -> Vec<i64> {
    app.lines[pane].cards.iter().map(|v| v.card.id).collect()
}

/// What the outcome form is asked to record.
enum Out<'a> {
    Contracted { product: &'a str, amount: &'a str },
    Intent,
    Declined { objection: &'a str, keep: bool },
    NotNow,
    Left,
}

/// `o` on the selected card, fill the form, Enter.
fn record(fx: &mut Fixture, out: Out) {
    fx.act(Action::Outcome);
    let form = fx.app.form.as_ref().expect("o opens the outcome form");
    assert!(matches!(form.purpose, Purpose::Outcome { .. }));
    match out {
        Out::Contracted { product, amount } => {
            fx.pick(Msg::FieldResult, "contracted");
            fx.pick(Msg::FieldProduct, product);
            fx.focus_field(2);
            fx.type_text(amount);
        }
        Out::Intent => fx.pick(Msg::FieldResult, "intent"),
        Out::Declined { objection, keep } => {
            fx.pick(Msg::FieldResult, "declined");
            fx.pick(Msg::FieldObjection, objection);
            fx.pick(Msg::FieldKeep, if keep { "yes" } else { "no" });
        }
        Out::NotNow => fx.pick(Msg::FieldResult, "not_now"),
        Out::Left => fx.pick(Msg::FieldResult, "left"),
    }
    fx.input(Input::Submit);
}

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
