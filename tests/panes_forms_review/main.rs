//! What independent checks found in the line panes, the follow-up forms and
//! the Review tab, each driven through `App` as the keys would, several
//! people on one SQLite file with a fixed clock (2026-11-23 10:30 in
//! Beijing): a re-referred card names who made it; no choice that changes a
//! record's meaning is pre-selected; a mobile of another client is refused
//! beside the field and a renamed client is said; a contract that settles a
//! follow-up says so; the reassign form offers no third marketer; a new card
//! rings once and is not hidden behind a card `a` refuses; the Review says
//! what its figures count, stops at today and sweeps only today.

#[path = "../support/mod.rs"]
mod support;

use lobbydesk::app::form::Value;
use lobbydesk::app::{Action, App, Input, Tab};
use lobbydesk::args;
use lobbydesk::domain::card::CardStatus;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::store::staff::Staff;

use support::*;

/// Tabs: lobby, wealth, credit, follow-ups, clients, review.
const WEALTH: usize = 1;
const CREDIT: usize = 2;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "王芳", 1),
        manager("W01", "刘洋", "wealth"),
        manager("W02", "李娜", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

fn required(fx: &Fixture) -> String {
    lobbydesk::i18n::invalid(fx.app.lang, lobbydesk::domain::validate::Invalid::Required)
}

/// As the teller: a walk-in referred to the line of `need` (its number in
/// the card form), consent yes. The new card's id.
fn walkin_card(fx: &mut Fixture, name: &str, mobile: &str, need: char) -> i64 {
    let n = fx.walkin('A', '1', name, mobile);
    fx.select(&n);
    fx.act(Action::Referral);
    fx.input(Input::Char(need));
    fx.input(Input::Char('y'));
    fx.type_text("想了解产品");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
    fx.sql_i64("SELECT max(id) FROM cards", args![])
}

fn field_error(fx: &Fixture, label: Msg) -> Option<String> {
    fx.app
        .form
        .as_ref()
        .expect("a form")
        .field(label)
        .error
        .clone()
}

/// 王小明's card #1 on wealth (T01 at 10:30), accepted by W01 and referred on
/// to credit at 10:50 as card #2, which C01 accepts (W01 its assistant).
/// The fixture carries on as C01 on the credit pane.
fn referred_on(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "T01", &branch());
    walkin_card(&mut fx, "王小明", "13812345678", '2');
    fx.switch_to("W01");
    fx.act(Action::GoTab(WEALTH));
    fx.act(Action::Accept);
    fx.advance(20);
    fx.act(Action::ReferOn);
    fx.pick(Msg::FieldNeed, "mortgage");
    fx.focus_field(1);
    fx.type_text("要买房");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "referred on: {:?}", fx.app.flash);
    fx.switch_to("C01");
    fx.act(Action::GoTab(CREDIT));
    fx.act(Action::Accept);
    fx
}

/// Save the open form as it is: refused beside `label` alone, the form
/// open, nothing written.
fn refused_beside(fx: &mut Fixture, label: Msg) {
    let before = fx.db_state();
    fx.input(Input::Submit);
    assert!(fx.app.form.is_some(), "the form stays open");
    assert_eq!(
        field_error(fx, label),
        Some(required(fx)),
        "{:?}",
        fx.app.form
    );
    let others: Vec<_> = fx
        .app
        .form
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .filter(|f| f.label != label && f.error.is_some())
        .map(|f| f.label)
        .collect();
    assert!(others.is_empty(), "only {label:?} is refused: {others:?}");
    assert!(fx.flash().1);
    assert_eq!(fx.db_state(), before, "nothing written");
    fx.input(Input::Cancel);
    if fx.app.form.is_some() {
        fx.input(Input::Cancel);
    }
}

mod details;
