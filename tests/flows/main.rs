//! Flows: drive `App` with actions as the keys would, check the state and the
//! database, and snapshot the full screen (80×24 and 120×40, Chinese and
//! English) with a fixed clock: 2026-11-23 10:30 in Beijing.

#[path = "../support/mod.rs"]
mod support;

use insta::assert_snapshot;
use lobbydesk::app::form::Purpose;
use lobbydesk::app::lobby::Target;
use lobbydesk::app::{Action, Input};
use lobbydesk::args;
use lobbydesk::domain::ticket::{Status, Step};
use lobbydesk::i18n::Lang;
use lobbydesk::store::staff::Staff;

use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshot the screen at both sizes.
fn snap_sizes(fx: &Fixture, name: &str) {
    for (w, h) in SIZES {
        snap(fx, name, w, h);
    }
}

fn snap(fx: &Fixture, name: &str, w: u16, h: u16) {
    assert_snapshot!(format!("{name}_{}_{w}x{h}", fx.lang()), fx.screen(w, h));
}

fn tellers() -> Vec<Staff> {
    vec![teller("T01", "张敏", 1), teller("T02", "李强", 2)]
}

/// As the lobby manager: `c`, pick the counter by its number, and either the
/// ticket offered (the selected waiting one) or the next in line.
fn lobby_call(fx: &mut Fixture, counter: char, next_in_line: bool) {
    fx.act(Action::Call);
    let form = fx.app.form.as_ref().expect("c opens the call form");
    assert_eq!(form.purpose, Purpose::Call);
    fx.focus_field(0);
    fx.input(Input::Char(counter));
    if next_in_line {
        fx.focus_field(1);
        fx.input(Input::Char('1'));
    }
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none());
}

fn assert_ok_flash(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(!error, "unexpected error: {text}");
    assert_eq!(text, expected);
}

fn assert_refused(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(error, "expected a refusal, got: {text}");
    assert_eq!(text, expected);
}

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

// ---------------------------------------------------------------- the queue

/// A morning queue as the lobby manager sees it at 10:52, with tellers at
/// counters 1 and 2 and nobody at counter 3:
/// V001 serving at counter 1 since 10:33, A002 called to counter 2 at 10:48,
/// and five waiting, waits 22, 21, 8, 6 and 2 minutes.
fn morning_queue(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "LOBBY", &tellers());
    fx.walkin('A', '1', "王小明", "13812345678"); // 10:30
    fx.advance(1);
    fx.walkin('B', '1', "陈静", ""); // 10:31
    fx.advance(1);
    fx.walkin('V', '2', "赵丽华", ""); // 10:32
    fx.advance(1);
    lobby_call(&mut fx, '1', true); // 10:33 V001 → counter 1
    assert_eq!(fx.ticket("V001").counter, Some(1));
    fx.select("V001");
    fx.act(Action::Start);
    fx.advance(6);
    fx.walkin('A', '3', "孙建国", ""); // 10:39 A002 elderly
    fx.advance(5);
    fx.walkin('A', '1', "", ""); // 10:44 A003 anonymous
    fx.advance(2);
    fx.walkin('L', '5', "", "13900001111"); // 10:46 L001 pregnant, mobile only
    fx.advance(2);
    lobby_call(&mut fx, '2', true); // 10:48 A002 → counter 2
    fx.advance(2);
    fx.walkin('C', '1', "欧阳娜娜", ""); // 10:50 C001
    fx.advance(2); // 10:52
    fx
}

mod serving;
mod small;
mod walkins;
