//! Small things a busy counter notices: a no-show who comes back, a client
//! sent to the wealth room, forms that keep what was typed, help that any
//! key closes, and a hint line that keeps the keys a counter uses. Each
//! drives `App` as the keys would, on a fresh database with a fixed clock.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::domain::event::EventKind;
use lobbydesk::domain::ticket::{Status, RECALL_WINDOW_MINUTES};
use lobbydesk::i18n::{self, Lang, Msg};
use lobbydesk::keymap::Keymap;
use lobbydesk::ops::{self, OpError};
use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The teller 张敏 at counter 1 with three walk-ins; A001 called and marked
/// a no-show.
fn a_no_show(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "T01", &[teller("T01", "张敏", 1)]);
    fx.walkin('A', '1', "王小明", "13800138000");
    fx.walkin('A', '1', "", "");
    fx.walkin('A', '1', "", "");
    fx.act(Action::Call);
    assert_eq!(fx.ticket("A001").status, Status::Called);
    fx.advance(2);
    fx.select("A001");
    fx.act(Action::NoShow);
    assert_eq!(fx.ticket("A001").status, Status::NoShow);
    fx
}

/// The last line of the screen: the keys offered.
fn hints(fx: &Fixture, w: u16, h: u16) -> String {
    fx.screen(w, h).lines().last().unwrap_or("").to_string()
}

// ---------------------------------------------------------------- 1. a no-show who comes back

#[test]
fn a_no_show_who_comes_back_gets_their_number_and_place_back() {
    for lang in LANGS {
        let mut fx = a_no_show(lang);
        // x names the ticket it marked (no-show has no form).
        let (text, error) = fx.flash();
        assert!(!error);
        assert_eq!(text, by_lang(&fx, "A001 过号", "A001 marked no-show"));
        // The no-show stays listed, last, while they may come back; `b`
        // is offered on it and nowhere else.
        assert_eq!(fx.queue(), ["A002", "A003", "A001"]);
        let key = by_lang(&fx, "b 归队", "b back in line").to_string();
        fx.select("A002");
        assert!(!fx.app.offers(&Action::Reinstate));
        assert!(!hints(&fx, 120, 40).contains(&key));
        fx.select("A001");
        assert!(fx.app.offers(&Action::Reinstate));
        assert!(!fx.app.offers(&Action::NoShow), "x again is not a no-show");
        assert!(
            hints(&fx, 120, 40).contains(&key),
            "{}",
            hints(&fx, 120, 40)
        );

        // Back five minutes later: the same ticket, first in line again.
        fx.advance(5);
        let (tickets, before) = (fx.ticket_count(), fx.ticket("A001"));
        fx.act(Action::Reinstate);
        let (text, error) = fx.flash();
        assert!(!error, "{text}");
        assert_eq!(
            text,
            by_lang(
                &fx,
                "A001 归队，回到原来的位置",
                "A001 is back in line at their place"
            )
        );
        let back = fx.ticket("A001");
        assert_eq!(fx.ticket_count(), tickets, "no new ticket");
        assert_eq!((back.id, back.status), (before.id, Status::Waiting));
        assert_eq!(back.arrived_at, before.arrived_at);
        assert_eq!(
            (back.called_at, back.counter, back.finished_at),
            (None, None, None)
        );
        assert_eq!(fx.queue(), ["A001", "A002", "A003"]);
        assert_eq!(fx.app.lobby.rows[0].position, Some(1));
        assert_eq!(fx.selected().as_deref(), Some("A001"));
        // Its event: the ticket's number and states, never the client.
        let (kind, details): (String, String) = raw(&fx.dir)
            .query_row(
                "SELECT kind, details FROM events ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(kind, "ticket.reinstate");
        assert!(
            details.contains("A001") && !details.contains("王"),
            "{details}"
        );
        assert_eq!(
            i18n::event_kind(EventKind::TicketReinstate).get(lang),
            by_lang(&fx, "过号归队", "put back in line")
        );
        // The next call is theirs.
        fx.act(Action::Call);
        assert_eq!(fx.ticket("A001").status, Status::Called);
    }
}

#[test]
fn after_the_recall_window_a_no_show_takes_a_new_ticket() {
    let mut fx = a_no_show(Lang::En);
    let id = fx.ticket("A001").id;
    fx.advance(RECALL_WINDOW_MINUTES + 1);
    assert_eq!(fx.queue(), ["A002", "A003"], "no longer listed");
    let refused = fx.app.act(|db, op| ops::tickets::reinstate(db, op, id));
    let e = refused.expect_err("too late");
    assert!(matches!(e, OpError::Ticket(..)), "{e:?}");
    assert_eq!(
        e.message(&fx.app.names()),
        format!("A001 was a no-show more than {RECALL_WINDOW_MINUTES} minutes ago: a new ticket, please.")
    );
    assert_eq!(fx.ticket("A001").status, Status::NoShow);
    // Nor is a ticket that was never a no-show put back.
    let a2 = fx.ticket("A002").id;
    let e = fx
        .app
        .act(|db, op| ops::tickets::reinstate(db, op, a2))
        .unwrap_err();
    assert_eq!(
        e.message(&fx.app.names()),
        "Cannot put back in line: A002 is waiting."
    );
}

#[test]
fn a_teller_puts_back_only_the_no_shows_of_their_own_counter() {
    let mut fx = Fixture::new(
        Lang::En,
        "T01",
        &[teller("T01", "张敏", 1), teller("T02", "李强", 2)],
    );
    fx.walkin('A', '1', "", "");
    fx.act(Action::Call);
    fx.act(Action::NoShow);
    fx.switch_to("T02");
    fx.act(Action::Tick);
    fx.select("A001");
    assert!(!fx.app.offers(&Action::Reinstate));
    fx.act(Action::Reinstate);
    assert!(fx.flash().1, "refused");
    assert_eq!(fx.ticket("A001").status, Status::NoShow);
    // The lobby manager puts back anyone's.
    fx.switch_to("LOBBY");
    fx.select("A001");
    assert!(fx.app.offers(&Action::Reinstate));
    fx.act(Action::Reinstate);
    assert_eq!(fx.ticket("A001").status, Status::Waiting);
}

// ---------------------------------------------------------------- 2. the wealth room

#[test]
fn a_client_diverted_to_the_wealth_room_shows_as_coming_on_the_wealth_pane() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "LOBBY", &[manager("W01", "周婷", "wealth")]);
        let n = fx.walkin('C', '1', "王小明", "13800138000");
        // A card for the wealth line while the client waits.
        fx.act(Action::Referral);
        fx.pick(Msg::FieldNeed, "deposit");
        fx.pick(Msg::FieldConsent, "yes");
        fx.focus_field(2);
        fx.type_text("到期存款");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.form);
        // The lobby manager walks the client to the wealth room.
        fx.select(&n);
        fx.act(Action::Divert);
        fx.pick(Msg::FieldTarget, "wealth");
        fx.input(Input::Submit);
        assert_eq!(fx.ticket(&n).status, Status::Diverted);
        // The wealth manager's pane says the client is coming, not gone.
        let mut wealth = fx.app_as("W01");
        assert_eq!(wealth.tab, Tab::Line(0));
        wealth.update(Action::Tick);
        let screen = render(&wealth, 120, 40);
        let coming = format!("{n} {}", by_lang(&fx, "正前往", "coming"));
        assert!(screen.contains(&coming), "{screen}");
        assert!(!screen.contains(Msg::LeftBranch.get(lang)), "{screen}");
    }
}

#[test]
fn a_client_diverted_elsewhere_has_left_the_lobby() {
    let mut fx = Fixture::new(Lang::En, "LOBBY", &[manager("W01", "周婷", "wealth")]);
    let n = fx.walkin('C', '1', "王小明", "13800138000");
    fx.act(Action::Referral);
    fx.pick(Msg::FieldNeed, "deposit");
    fx.pick(Msg::FieldConsent, "yes");
    fx.focus_field(2);
    fx.type_text("term deposit");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.form);
    fx.select(&n);
    fx.act(Action::Divert);
    fx.pick(Msg::FieldTarget, "ebank");
    fx.input(Input::Submit);
    let screen = render(&fx.app_as("W01"), 120, 40);
    assert!(screen.contains("left"), "{screen}");
    assert!(!screen.contains("coming"), "{screen}");
}

// ---------------------------------------------------------------- 3. forms keep what was typed

#[test]
fn esc_on_typed_text_asks_before_throwing_it_away() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        fx.fill_walkin('B', '2', "陈静", "13900001111");
        fx.input(Input::Cancel);
        let form = fx.app.form.as_ref().expect("the form stays open");
        assert_eq!(form.field(Msg::FieldName).get(), "陈静");
        let (text, _) = fx.flash();
        assert_eq!(text, Msg::DiscardAsk.get(lang));
        // Any other key goes on with the form; Esc asks again.
        fx.type_text("2");
        fx.input(Input::Cancel);
        assert!(fx.app.form.is_some());
        fx.input(Input::Cancel);
        assert!(fx.app.form.is_none(), "the second Esc discards it");
        assert_eq!(fx.ticket_count(), 0);
        // A form with nothing typed closes on one Esc.
        fx.act(Action::NewWalkin);
        fx.input(Input::Char('B'));
        fx.input(Input::Cancel);
        assert!(fx.app.form.is_none());
    }
}

#[test]
fn after_a_refused_save_the_cursor_is_on_the_first_field_in_error() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        fx.fill_walkin('A', '1', "陈静", "12345");
        fx.focus_field(0);
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("refused");
        assert!(form.field(Msg::FieldMobile).error.is_some());
        assert_eq!(form.focus, 3, "on the mobile");
        // Two fields wrong: the first of them.
        fx.focus_field(2);
        fx.type_text(&"长".repeat(300));
        fx.focus_field(0);
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().unwrap();
        assert!(form.field(Msg::FieldName).error.is_some());
        assert_eq!(form.focus, 2, "on the name");
    }
}

// ---------------------------------------------------------------- 4. forms name the ticket

#[test]
fn the_divert_form_names_the_ticket() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        let n = fx.walkin('B', '1', "", "");
        fx.act(Action::Divert);
        let form = fx.app.form.as_ref().expect("d opens the divert form");
        assert_eq!(
            form.purpose,
            Purpose::Divert {
                ticket: fx.ticket(&n).id
            }
        );
        assert_eq!(form.subject.as_deref(), Some(n.as_str()));
        let title = format!("{} · {n}", Msg::FormDivert.get(lang));
        assert!(fx.screen(80, 24).contains(&title), "{}", fx.screen(80, 24));
    }
}

// ---------------------------------------------------------------- 5. any key closes help

fn press(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn any_key_closes_help_even_one_bound_to_nothing_here() {
    let keys = Keymap::default();
    let mut fx = Fixture::lobby(Lang::Zh);
    fx.act(Action::GoTab(4));
    assert_eq!(fx.app.tab, Tab::Clients);
    fx.act(Action::ToggleHelp);
    assert!(fx.app.help);
    // `x` does nothing on the Clients tab: it closes help all the same.
    let action = keys
        .action_for(&press('x'), &fx.app)
        .expect("a key for help");
    fx.act(action);
    assert!(!fx.app.help);
    // So the next `/` searches, rather than only closing help.
    let action = keys.action_for(&press('/'), &fx.app).unwrap();
    fx.act(action);
    assert_eq!(
        fx.app.form.as_ref().map(|f| &f.purpose),
        Some(&Purpose::Search)
    );
    // With nothing open, a key bound to nothing is nothing.
    fx.input(Input::Cancel);
    assert_eq!(keys.action_for(&press('x'), &fx.app), None);
}

#[test]
fn any_key_closes_a_tickets_history() {
    let keys = Keymap::default();
    let mut fx = Fixture::lobby(Lang::En);
    fx.walkin('A', '1', "", "");
    fx.act(Action::History);
    assert!(fx.app.history.is_some());
    let action = keys
        .action_for(&press('Z'), &fx.app)
        .expect("a key for the history");
    fx.act(action);
    assert!(fx.app.history.is_none());
    assert_eq!(
        fx.ticket("A001").status,
        Status::Waiting,
        "and nothing else"
    );
}

// ---------------------------------------------------------------- 6. the hint line at 80 columns

#[test]
fn at_80_columns_the_teller_keeps_call_serve_and_referral() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &[teller("T01", "张敏", 1)]);
        fx.walkin('A', '1', "王小明", "13800138000");
        fx.act(Action::Call);
        let main = |fx: &Fixture| {
            [Msg::KeyHelp, Msg::KeyCall, Msg::KeyReferral].map(|m| m.get(fx.app.lang).to_string())
        };
        let line = hints(&fx, 80, 24);
        for label in main(&fx)
            .iter()
            .chain([&Msg::KeyStart.get(lang).to_string()])
        {
            assert!(line.contains(label.as_str()), "{label} in {line:?}");
        }
        fx.act(Action::Start);
        let line = hints(&fx, 80, 24);
        for label in main(&fx)
            .iter()
            .chain([&Msg::KeyFinish.get(lang).to_string()])
        {
            assert!(line.contains(label.as_str()), "{label} in {line:?}");
        }
        assert!(line.starts_with(" ? "), "{line:?}");
        // What goes first is the least used: quitting, not serving.
        if lang == Lang::En {
            assert!(!line.contains("quit"), "{line:?}");
        }
        // Wide, everything is there.
        assert!(hints(&fx, 120, 40).contains(Msg::KeyQuit.get(lang)));
    }
}

// ---------------------------------------------------------------- 7. a mobile of another name

#[test]
fn a_mobile_of_another_name_keeps_the_walkin_form_open_to_correct_it() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        fx.walkin('A', '1', "王小明", "13800138000");
        let (tickets, events) = (fx.ticket_count(), fx.event_count());
        fx.fill_walkin('B', '1', "李四", "13800138000");
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        assert_eq!(
            form.field(Msg::FieldName).get(),
            "李四",
            "the typing is kept"
        );
        assert_eq!(form.field(Msg::FieldMobile).get(), "13800138000");
        assert_eq!(form.field(Msg::FieldService).get(), "B");
        let why = form.field(Msg::FieldMobile).error.as_deref().unwrap_or("");
        assert!(why.contains("王*明"), "beside the mobile: {why:?}");
        assert_eq!(form.fields[form.focus].label, Msg::FieldName, "on the name");
        assert_eq!((fx.ticket_count(), fx.event_count()), (tickets, events));
        // The name was the mistake: corrected, saved.
        fx.input(Input::Backspace);
        fx.input(Input::Backspace);
        fx.type_text("王小明");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_eq!(fx.ticket("B001").client_id, fx.ticket("A001").client_id);
    }
}
