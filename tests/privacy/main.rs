//! Client privacy (客户信息保密, issue 6): names and mobiles masked on every
//! screen clients can see (王*明, 138****5678), the Ctrl-p shield that blanks
//! every client detail, a record's owner revealing it for 30 seconds as an
//! audited event, and a withdrawn consent taking the client off every
//! contact list. `App` is driven with actions on one real SQLite file with a
//! fixed clock (2026-11-23 10:30 in Beijing); screens are snapshotted at 80×24
//! in Chinese and English; the exports run the real binary.

#[path = "../support/mod.rs"]
mod support;

use insta::assert_snapshot;
use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::store::staff::Staff;

use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// Nobody on the roster shares a character or digit run with the clients.
fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        teller("T02", "李强", 2),
        manager("W01", "刘洋", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

/// The clients: (name, mobile, masked name, masked mobile).
const WANG: (&str, &str, &str, &str) = ("王小明", "13812345678", "王*明", "138****5678");
const OUYANG: (&str, &str, &str, &str) = ("欧阳娜娜", "13512340000", "欧**娜", "135****0000");
/// A walk-in who gave only a mobile.
const MOBILE_ONLY: (&str, &str) = ("13698765432", "136****5432");

/// What the front desk shows, full details only: never.
fn full_details() -> Vec<&'static str> {
    vec![WANG.0, WANG.1, OUYANG.0, OUYANG.1, MOBILE_ONLY.0]
}

fn assert_shows(screen: &str, texts: &[&str]) {
    for t in texts {
        assert!(screen.contains(t), "{t:?} is shown:\n{screen}");
    }
}

fn assert_hides(screen: &str, texts: &[&str]) {
    for t in texts {
        assert!(!screen.contains(t), "{t:?} is on screen:\n{screen}");
    }
}

/// The `for` of an event's JSON details, as SQL on the engine the tests run on.
fn details_for() -> &'static str {
    if on_server() {
        "(details::jsonb ->> 'for')"
    } else {
        "json_extract(details, '$.for')"
    }
}

/// Reveals asked for with `v` (a pre-filled form is recorded too, `for: prefill`).
fn reveals(fx: &Fixture) -> i64 {
    fx.sql_i64(
        &format!(
            "SELECT count(*) FROM events WHERE kind = 'client.reveal'
             AND {} = 'reveal'",
            details_for()
        ),
        args![],
    )
}

/// As T01: 王小明 served at counter 1 with a wealth card (consent yes); a
/// mobile-only walk-in and 欧阳娜娜 waiting. Returns the card's id.
fn morning(lang: Lang) -> (Fixture, i64) {
    let mut fx = Fixture::new(lang, "T01", &branch());
    fx.walkin('A', '1', WANG.0, WANG.1);
    fx.act(Action::Call);
    fx.act(Action::Start);
    fx.act(Action::Referral);
    fx.input(Input::Char('1'));
    fx.input(Input::Char('y'));
    fx.type_text("想了解产品");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
    let card = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    fx.walkin('A', '1', "", MOBILE_ONLY.0);
    fx.walkin('V', '2', OUYANG.0, OUYANG.1);
    fx.advance(4);
    (fx, card)
}

/// W01 accepts the card and records "not now": a prospect of W01's; the app
/// is W01's on the Follow-ups tab after.
fn to_followups(fx: &mut Fixture, card: i64) -> i64 {
    fx.switch_to("W01");
    fx.select_card_id(card);
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, "not_now");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    fx.go(Tab::Followups);
    fx.sql_i64(
        "SELECT id FROM prospects WHERE source_card = ?1",
        args![card],
    )
}

/// On the Clients tab, `/` and a search for `query`.
fn search_clients(fx: &mut Fixture, query: &str) {
    fx.go(Tab::Clients);
    fx.act(Action::Filter);
    assert!(fx.app.form.is_some(), "/ opens the search");
    fx.type_text(query);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
}

// ---------------------------------------------------------------- consent and contact lists

/// An export by the branch head (H01), who may write everyone's lists.
fn export(fx: &Fixture, args: &[&str]) -> String {
    let db = db_path(&fx.dir);
    let mut all = vec![
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "en",
        "--as",
        "H01",
        "export",
    ];
    all.extend_from_slice(args);
    let o = run_lobbydesk(fx.dir.path(), &all);
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    String::from_utf8(o.stdout).unwrap()
}

fn lists(fx: &Fixture) -> [String; 2] {
    [
        export(fx, &["prospects", "--due", "all"]),
        export(fx, &["campaign"]),
    ]
}

mod disclosure;
mod masking;
