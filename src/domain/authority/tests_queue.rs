//! The authority table for the queue: who calls to, pauses and reopens which
//! counter, and who transfers and calls which ticket.
use super::tests::person;
use super::*;
use crate::domain::ticket::tests::ticket;

#[test]
fn counters_are_paused_by_their_teller_the_lobby_and_the_head() {
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let other = person("T02", &[TELLER], Some(2), &[]);
    let lobby = person("L01", &[LOBBY], None, &[]);
    let head = person("H01", &[HEAD], None, &[]);
    let wealth = person("W01", &["wealth"], Some(8), &["wealth"]);
    let deskless = person("W02", &["wealth"], None, &["wealth"]);
    let kiosk = person("K01", &[KIOSK], None, &[]);
    let open = |number| CounterState {
        number,
        paused: false,
        busy: false,
    };
    let paused = |number| CounterState {
        paused: true,
        ..open(number)
    };
    let on = Target::Counter;
    for who in [&teller, &lobby, &head] {
        assert!(allowed(who, Act::PauseCounter, on(open(1))).is_ok());
        assert!(allowed(who, Act::ReopenCounter, on(paused(1))).is_ok());
    }
    assert_eq!(
        allowed(&other, Act::PauseCounter, on(open(1))),
        Err(Denial::OtherCounter(1))
    );
    assert_eq!(
        allowed(&other, Act::ReopenCounter, on(paused(1))),
        Err(Denial::OtherCounter(1))
    );
    assert!(allowed(&wealth, Act::PauseCounter, on(open(8))).is_ok());
    assert_eq!(
        allowed(&deskless, Act::PauseCounter, on(open(8))),
        Err(Denial::NotServing)
    );
    assert_eq!(
        allowed(&kiosk, Act::PauseCounter, on(open(1))),
        Err(Denial::Kiosk)
    );
    // Not twice, not reopened while open, not paused while serving.
    assert_eq!(
        allowed(&teller, Act::PauseCounter, on(paused(1))),
        Err(Denial::CounterPaused(1))
    );
    assert_eq!(
        allowed(&teller, Act::ReopenCounter, on(open(1))),
        Err(Denial::CounterOpen(1))
    );
    let busy = CounterState {
        busy: true,
        ..open(1)
    };
    assert_eq!(
        allowed(&lobby, Act::PauseCounter, on(busy)),
        Err(Denial::CounterBusy(1))
    );
    assert!(allowed(&lobby, Act::PauseCounter, Target::Branch).is_err());
}

#[test]
fn nobody_calls_to_a_paused_counter_and_a_manager_calls_to_their_desk() {
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let lobby = person("L01", &[LOBBY], None, &[]);
    let wealth = person("W01", &["wealth"], Some(8), &["wealth"]);
    let deskless = person("W02", &["wealth"], None, &["wealth"]);
    let state = |number, paused| {
        Target::Counter(CounterState {
            number,
            paused,
            busy: false,
        })
    };
    assert!(allowed(&teller, Act::Call, state(1, false)).is_ok());
    assert_eq!(
        allowed(&teller, Act::Call, state(1, true)),
        Err(Denial::CounterPaused(1))
    );
    assert_eq!(
        allowed(&lobby, Act::Call, state(2, true)),
        Err(Denial::CounterPaused(2))
    );
    assert!(allowed(&wealth, Act::Call, state(8, false)).is_ok());
    assert!(allowed(&wealth, Act::Call, Target::Branch).is_ok());
    assert_eq!(
        allowed(&deskless, Act::Call, Target::Branch),
        Err(Denial::NotServing)
    );
    // At the desk the manager serves their own tickets, not a counter's.
    let mut at8 = ticket(1, Status::Called);
    at8.counter = Some(8);
    assert!(allowed(&wealth, Act::Start, Target::Ticket(&at8)).is_ok());
    let mut at1 = ticket(2, Status::Called);
    at1.counter = Some(1);
    assert_eq!(
        allowed(&wealth, Act::Start, Target::Ticket(&at1)),
        Err(Denial::OtherCounter(1))
    );
    // A desk does not register walk-ins or divert.
    assert_eq!(
        allowed(&wealth, Act::RegisterWalkin, Target::Branch),
        Err(Denial::NotServing)
    );
}

#[test]
fn the_lobby_and_the_head_transfer_any_open_ticket_a_teller_their_own() {
    let lobby = person("L01", &[LOBBY], None, &[]);
    let head = person("H01", &[HEAD], None, &[]);
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    let kiosk = person("K01", &[KIOSK], None, &[]);
    let waiting = ticket(1, Status::Waiting);
    for status in [
        Status::Waiting,
        Status::Called,
        Status::Serving,
        Status::OnHold,
    ] {
        let mut t = ticket(1, status);
        t.counter = (status != Status::Waiting).then_some(2);
        assert!(allowed(&lobby, Act::Transfer, Target::Ticket(&t)).is_ok());
        assert!(allowed(&head, Act::Transfer, Target::Ticket(&t)).is_ok());
    }
    // A teller: the ticket at their own counter, not another's, not the queue's.
    for status in [Status::Called, Status::Serving, Status::OnHold] {
        let mut t = ticket(2, status);
        t.counter = Some(1);
        assert!(allowed(&teller, Act::Transfer, Target::Ticket(&t)).is_ok());
        t.counter = Some(2);
        assert_eq!(
            allowed(&teller, Act::Transfer, Target::Ticket(&t)),
            Err(Denial::OtherCounter(2))
        );
    }
    assert_eq!(
        allowed(&teller, Act::Transfer, Target::Ticket(&waiting)),
        Err(Denial::NotQueue)
    );
    assert_eq!(
        allowed(&wealth, Act::Transfer, Target::Ticket(&waiting)),
        Err(Denial::NotServing)
    );
    assert_eq!(
        allowed(&kiosk, Act::Transfer, Target::Ticket(&waiting)),
        Err(Denial::Kiosk)
    );
    for status in Status::ALL.into_iter().filter(|s| s.is_final()) {
        let t = ticket(3, status);
        assert_eq!(
            allowed(&lobby, Act::Transfer, Target::Ticket(&t)),
            Err(Denial::Ticket(status))
        );
    }
}

#[test]
fn a_routed_ticket_is_called_by_its_manager_or_the_lobby() {
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let lobby = person("L01", &[LOBBY], None, &[]);
    let wealth = person("W01", &["wealth"], Some(11), &["wealth"]);
    let other = person("W02", &["wealth"], Some(12), &["wealth"]);
    let mut t = ticket(1, Status::Waiting);
    t.routed_to = Some("W01".into());
    assert!(allowed(&wealth, Act::Call, Target::Ticket(&t)).is_ok());
    assert!(allowed(&lobby, Act::Call, Target::Ticket(&t)).is_ok());
    assert_eq!(
        allowed(&teller, Act::Call, Target::Ticket(&t)),
        Err(Denial::RoutedTo("W01".into()))
    );
    assert_eq!(
        allowed(&other, Act::Call, Target::Ticket(&t)),
        Err(Denial::RoutedTo("W01".into()))
    );
    // Called to the manager's desk: they start and finish it themselves.
    t.status = Status::Called;
    t.counter = Some(11);
    assert!(allowed(&wealth, Act::Start, Target::Ticket(&t)).is_ok());
    t.status = Status::Serving;
    assert!(allowed(&wealth, Act::Finish, Target::Ticket(&t)).is_ok());
    assert_eq!(
        allowed(&other, Act::Finish, Target::Ticket(&t)),
        Err(Denial::OtherCounter(11))
    );
}
