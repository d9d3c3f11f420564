//! The lobby's expected wait, why the next ticket is next, and a ticket
//! transferred to another service, as the lobby manager and a teller see
//! them (the application on a real SQLite file, a fixed clock).

mod support;

use insta::assert_snapshot;
use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, Input};
use lobbydesk::domain::ticket::Status;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::queue;
use support::*;

fn tellers() -> Vec<lobbydesk::store::staff::Staff> {
    vec![teller("T01", "张敏", 1), teller("T02", "李强", 2)]
}

/// The queue's line of a ticket.
fn row(fx: &Fixture, number: &str) -> String {
    let screen = fx.screen(80, 24);
    screen
        .lines()
        .find(|l| l.starts_with('│') && l.contains(number))
        .unwrap_or_else(|| panic!("{number} in the queue:\n{screen}"))
        .to_string()
}

#[test]
fn the_why_line_follows_the_priority_rule_and_its_settings() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = Fixture::new(lang, "T01", &tellers());
        fx.walkin('A', '1', "", "");
        let first = fx.screen(80, 24);
        let plain = Msg::WhyFirstCome.get(lang);
        assert!(first.contains(plain), "{first}");
        fx.advance(7);
        fx.walkin('V', '2', "", "");
        fx.walkin('V', '2', "", "");
        // A priority ticket is next, none called in a row yet.
        let screen = fx.screen(80, 24);
        let line = Msg::WhyNextLine.fill(
            lang,
            &[("n", &"V001"), ("why", &Msg::WhyPriority.get(lang))],
        );
        assert!(screen.contains(&line), "{line}\n{screen}");
        // At most one priority call in a row: after V001, A001 (waited 7
        // minutes, more than 6) is owed its call.
        fx.app.cx.catalog.thresholds.priority_streak_cap = 1;
        fx.act(Action::Call);
        let why = Msg::WhyOwed.fill(lang, &[("w", &7), ("m", &6)]);
        let screen = fx.screen(80, 24);
        assert!(screen.contains(&why), "{why}\n{screen}");
        assert_eq!(
            fx.app
                .lobby
                .rows
                .iter()
                .find(|r| r.position == Some(1))
                .map(|r| r.ticket.number.clone()),
            Some("A001".into())
        );
        // Three in a row allowed: V002 goes on, the line says how many went.
        fx.app.cx.catalog.thresholds.priority_streak_cap = 3;
        fx.advance(1);
        let why = Msg::WhyPriorityStreak.fill(lang, &[("k", &1)]);
        let screen = fx.screen(80, 24);
        assert!(screen.contains(&why), "{why}\n{screen}");
        // A longer owed wait: at cap 1, but 9 minutes is not more than 9.
        fx.app.cx.catalog.thresholds.priority_streak_cap = 1;
        fx.app.cx.catalog.thresholds.normal_max_wait_minutes = Some(9);
        fx.advance(1);
        let screen = fx.screen(80, 24);
        assert!(screen.contains(&why), "{why}\n{screen}");
        assert_snapshot!(format!("why_next_{}_80x24", fx.lang()), screen);
    }
}

#[test]
fn each_waiting_ticket_shows_its_expected_wait() {
    let mut fx = Fixture::lobby(Lang::En);
    for _ in 0..4 {
        fx.walkin('A', '1', "", "");
    }
    // Three counters, 6 minutes a visit with nobody timed yet: the fourth
    // waits for the first visit to end (and the moment before the next call).
    let expected = |n: &str| {
        let row = row(&fx, n);
        let words: Vec<&str> = row.split_whitespace().collect();
        words[words.len() - 2].to_string()
    };
    for n in ["A001", "A002", "A003"] {
        assert_eq!(expected(n), "0m", "{}", row(&fx, n));
    }
    assert_eq!(expected("A004"), "7m", "{}", row(&fx, "A004"));
}

#[test]
fn the_lobby_manager_transfers_a_ticket_keeping_its_number_and_place() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = Fixture::lobby(lang);
        fx.walkin('A', '1', "", "");
        fx.advance(1);
        fx.walkin('C', '1', "", "");
        fx.select("A001");
        fx.act(Action::Transfer);
        let form = fx.app.form.as_ref().expect("T opens the transfer form");
        assert!(matches!(form.purpose, Purpose::Transfer { .. }));
        assert_eq!(form.field(Msg::FieldToService).get(), "", "nothing chosen");
        assert_snapshot!(
            format!("transfer_form_{}_80x24", fx.lang()),
            fx.screen(80, 24)
        );
        // Saved without a choice: refused beside the field.
        fx.input(Input::Submit);
        assert!(fx.app.form.is_some(), "still open");
        fx.input(Input::Char('C'));
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let (text, error) = fx.flash();
        assert!(!error && text.starts_with("A001"), "{text}");
        // In C's queue at its arrival-time place, ahead of C001.
        let order: Vec<(String, String)> = fx
            .app
            .lobby
            .rows
            .iter()
            .filter(|r| r.ticket.status == Status::Waiting)
            .map(|r| (r.ticket.number.clone(), r.ticket.service.clone()))
            .collect();
        let want = [("A001", "C"), ("C001", "C")].map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(order, want);
        fx.select("A001");
        fx.act(Action::History);
        let (_, events) = fx.app.history.clone().expect("H opens the history");
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["ticket.add", "ticket.transfer"]);
        let screen = fx.screen(80, 24);
        assert!(
            screen.contains(Msg::StepTransfer.get(lang)) && screen.contains("A→C"),
            "{screen}"
        );
        assert_snapshot!(format!("transfer_history_{}_80x24", fx.lang()), screen);
    }
}

#[test]
fn a_teller_may_not_transfer_a_ticket_still_in_the_queue() {
    let mut fx = Fixture::new(Lang::En, "T01", &tellers());
    fx.walkin('A', '1', "", "");
    fx.select("A001");
    let events = fx.event_count();
    fx.act(Action::Transfer);
    assert!(
        fx.app.form.is_none(),
        "no form for an act that would be refused"
    );
    let (text, error) = fx.flash();
    assert!(error, "{text}");
    assert_eq!(fx.event_count(), events);
}

#[test]
fn the_people_ahead_are_those_in_the_same_line() {
    let mut fx = Fixture::new(Lang::En, "T01", &tellers());
    for (service, minutes) in [('A', 0), ('C', 1), ('A', 1), ('L', 1), ('B', 1)] {
        fx.advance(minutes);
        fx.walkin(service, '1', "", "");
    }
    let db = fx.app.store.db();
    let day = fx.app.clock.today();
    let open = db.open_tickets(day).unwrap();
    let usual = queue::usual_minutes(&db, day).unwrap();
    let inputs = queue::Inputs::read(&db, &fx.app.catalog, day).unwrap();
    let view = queue::view(&fx.app.catalog, &open, &inputs, fx.app.now, &usual);
    let ahead: Vec<(String, usize, usize)> = view
        .waiting
        .iter()
        .map(|p| (p.ticket.number.clone(), p.place, p.ahead))
        .collect();
    // The counters take A, B and V; the wealth desk C; the credit desk L.
    assert_eq!(
        ahead,
        [
            ("A001".to_string(), 1, 0),
            ("C001".to_string(), 2, 0),
            ("A002".to_string(), 3, 1),
            ("L001".to_string(), 4, 0),
            ("B001".to_string(), 5, 2),
        ]
    );
}
