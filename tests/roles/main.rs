//! Roles (issue 6): what each person may do is decided by their roles in the
//! roster. Each rule is driven through `App` actions as the keys would send
//! them, several people on one real SQLite file with a fixed clock
//! (2026-11-23 10:30 in Beijing); every refusal says why and leaves the
//! database exactly as it was. The roster commands run the real binary.

#[path = "../support/mod.rs"]
mod support;

use lobbydesk::app::form::Purpose;
use lobbydesk::app::review::SweepItem;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::domain::card::CardStatus;
use lobbydesk::domain::ticket::Status;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::store::staff::Staff;
use tempfile::TempDir;

use support::*;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        teller("T02", "李强", 2),
        manager("W01", "王芳", "wealth"),
        manager("W02", "刘洋", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
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

/// Do `action` as the person running `fx` and check that it is refused with
/// `expected`, opens no form, and changes nothing in the database.
fn refused(fx: &mut Fixture, action: Action, expected: &str) {
    let before = fx.db_state();
    fx.act(action.clone());
    assert_refused(fx, expected);
    assert!(
        fx.app.form.is_none(),
        "{action:?} opened a form: {:?}",
        fx.app.form
    );
    assert_eq!(fx.db_state(), before, "{action:?} changed the database");
}

/// A walk-in for the client and, at once, a referral card for need number
/// `need` (1 term deposit → wealth, 5 mortgage → credit) with consent; as the
/// person running `fx`. Returns the ticket's number and the card's id.
fn walkin_card(fx: &mut Fixture, name: &str, mobile: &str, need: char) -> (String, i64) {
    let number = fx.walkin('A', '1', name, mobile);
    fx.select(&number);
    fx.act(Action::Referral);
    fx.input(Input::Char(need));
    fx.input(Input::Char('y'));
    fx.type_text("想了解产品");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
    (number, fx.sql_i64("SELECT max(id) FROM cards", args![]))
}

/// A prospect owned by `manager`: the teller T01 refers the client, the
/// manager accepts the card and records "not now". The app is the manager's after.
fn prospect_of(fx: &mut Fixture, client: (&str, &str), need: char, manager: &str) -> i64 {
    fx.switch_to("T01");
    let (_, card) = walkin_card(fx, client.0, client.1, need);
    fx.switch_to(manager);
    fx.select_card_id(card);
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, "not_now");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "outcome saved: {:?}", fx.app.flash);
    fx.sql_i64(
        "SELECT id FROM prospects WHERE source_card = ?1",
        args![card],
    )
}

fn prospect_owner(fx: &Fixture, id: i64) -> String {
    check(&fx.dir).one("SELECT owner FROM prospects WHERE id = ?1", args![id])
}

fn card_status(fx: &Fixture, id: i64) -> (String, Option<String>) {
    check(&fx.dir).one(
        "SELECT status, receiver FROM cards WHERE id = ?1",
        args![id],
    )
}

/// The roster in the file: (code, name, roles, counter, active).
fn roster(dir: &TempDir) -> Vec<(String, String, String, Option<i64>, bool)> {
    let conn = rusqlite::Connection::open(dir.path().join("branch.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT code, name, roles, counter, active FROM staff ORDER BY code")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows
}

mod desks;
mod managers;
