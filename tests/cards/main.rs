//! Referral cards (转介绍明白卡) and the line panes: several people (a teller,
//! wealth and credit managers) each driving their own `App` with actions, as
//! the keys would, on one real SQLite file with a fixed clock (2026-11-23
//! 10:30 in Beijing). Every step is checked in the database, not only on the
//! screen; screens are snapshotted in Chinese and English at 80×24 and 120×40.

#[path = "../support/mod.rs"]
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

/// The wealth pane is the second tab (key 2), the credit pane the third.
const WEALTH: usize = 1;

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

mod flagging;
mod outcomes;
