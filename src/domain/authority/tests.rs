//! The authority table, role by role.
use super::*;
use crate::domain::card::tests::card;
use crate::domain::ticket::tests::ticket;

fn person(code: &str, roles: &[&str], counter: Option<u32>, lines: &[&str]) -> Person {
    Person {
        code: code.into(),
        roles: roles.iter().map(|s| s.to_string()).collect(),
        counter,
        lines: lines.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn each_role_does_its_own_work() {
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let lobby = person("L01", &[LOBBY], None, &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    let head = person("H01", &[HEAD], None, &[]);
    let waiting = ticket(1, Status::Waiting);
    assert!(allowed(&teller, Act::RegisterWalkin, Target::Branch).is_ok());
    assert_eq!(
        allowed(&wealth, Act::RegisterWalkin, Target::Branch),
        Err(Denial::NotServing)
    );
    assert_eq!(
        allowed(&teller, Act::Divert, Target::Ticket(&waiting)),
        Err(Denial::NotQueue)
    );
    assert!(allowed(&lobby, Act::Divert, Target::Ticket(&waiting)).is_ok());
    let mut at2 = ticket(2, Status::Serving);
    at2.counter = Some(2);
    assert_eq!(
        allowed(&teller, Act::Finish, Target::Ticket(&at2)),
        Err(Denial::OtherCounter(2))
    );
    assert!(allowed(&lobby, Act::Finish, Target::Ticket(&at2)).is_ok());
    let c = card(1, "wealth");
    assert!(allowed(&wealth, Act::AcceptCard, Target::Card(&c)).is_ok());
    assert_eq!(
        allowed(&lobby, Act::AcceptCard, Target::Card(&c)),
        Err(Denial::NotLine("wealth".into()))
    );
    assert_eq!(
        allowed(&wealth, Act::RecordOutcome, Target::Card(&c)),
        Err(Denial::NotAccepted)
    );
    // Signed here and needing another line: the receiver passes a
    // contracted card on; its outcome is recorded, a referred one is done.
    let mut signed = c.clone();
    signed.receiver = Some("W01".into());
    signed.status = CardStatus::Contracted;
    assert!(allowed(&wealth, Act::ReferOn, Target::Card(&signed)).is_ok());
    assert_eq!(
        allowed(&wealth, Act::RecordOutcome, Target::Card(&signed)),
        Err(Denial::Card(CardStatus::Contracted))
    );
    let other = person("W02", &["wealth"], None, &["wealth"]);
    assert_eq!(
        allowed(&other, Act::ReferOn, Target::Card(&signed)),
        Err(Denial::NotReceiver("W01".into()))
    );
    signed.status = CardStatus::Referred;
    for act in [Act::ReferOn, Act::RecordOutcome] {
        assert_eq!(
            allowed(&wealth, act, Target::Card(&signed)),
            Err(Denial::Card(CardStatus::Referred))
        );
    }
    let p = ProspectState {
        owner: "W01",
        stage: Stage::Won,
        consent: true,
    };
    assert_eq!(
        allowed(&wealth, Act::Win, Target::Prospect(p)),
        Err(Denial::Ended(Stage::Won))
    );
    assert_eq!(
        allowed(&wealth, Act::Reassign, Target::Prospect(p)),
        Err(Denial::NotHead)
    );
    assert!(allowed(&head, Act::Purge, Target::Branch).is_ok());
    assert_eq!(
        allowed(&lobby, Act::Purge, Target::Branch),
        Err(Denial::NotHead)
    );
    assert!(allowed(&head, Act::EditSettings, Target::Branch).is_ok());
    for someone in [&teller, &lobby, &wealth] {
        assert_eq!(
            allowed(someone, Act::EditSettings, Target::Branch),
            Err(Denial::NotHead)
        );
    }
    assert!(allowed(&wealth, Act::ExportList, Target::Owner(Some("W01"))).is_ok());
    assert_eq!(
        allowed(&teller, Act::ExportList, Target::Owner(Some("T01"))),
        Err(Denial::NotHead)
    );
    assert_eq!(
        allowed(&wealth, Act::ExportList, Target::Owner(None)),
        Err(Denial::NotHead)
    );
}

#[test]
fn a_kiosk_only_registers_walkins() {
    let kiosk = person("K01", &[KIOSK], None, &[]);
    assert!(!kiosk.serves());
    assert!(allowed(&kiosk, Act::RegisterWalkin, Target::Branch).is_ok());
    let waiting = ticket(1, Status::Waiting);
    let c = card(1, "wealth");
    let owners = ["K01".to_string()];
    for (act, target) in [
        (Act::Call, Target::Branch),
        (Act::Call, Target::Ticket(&waiting)),
        (Act::FlagCard, Target::Ticket(&waiting)),
        (Act::Divert, Target::Ticket(&waiting)),
        (Act::AcceptCard, Target::Card(&c)),
        (Act::AddProspect, Target::Branch),
        (Act::RevealClient, Target::Client { owners: &owners }),
        (Act::ExportList, Target::Owner(Some("K01"))),
        (Act::Purge, Target::Branch),
        (Act::EditRoster, Target::Branch),
    ] {
        assert_eq!(allowed(&kiosk, act, target), Err(Denial::Kiosk), "{act:?}");
    }
}

#[test]
fn the_sweep_moves_on_only_cards_nobody_is_settling() {
    let head = person("H01", &[HEAD], None, &[]);
    let mut c = card(1, "wealth");
    assert!(allowed(&head, Act::SweepCardLater, Target::Card(&c)).is_ok());
    c.receiver = Some("W01".into());
    c.status = CardStatus::Intent;
    assert_eq!(
        allowed(&head, Act::SweepCardLater, Target::Card(&c)),
        Err(Denial::Card(CardStatus::Intent)),
        "an intent card is already on the follow-up list"
    );
    assert_eq!(
        allowed(&head, Act::SweepCardHandBack, Target::Card(&c)),
        Err(Denial::Card(CardStatus::Intent))
    );
}

#[test]
fn only_the_head_sets_and_removes_targets() {
    let head = person("H01", &[HEAD], None, &[]);
    let kiosk = person("K01", &[KIOSK], None, &[]);
    for act in [Act::SetTarget, Act::RemoveTarget] {
        assert!(allowed(&head, act, Target::Branch).is_ok());
        for someone in [
            person("T01", &[TELLER], Some(1), &[]),
            person("L01", &[LOBBY], None, &[]),
            person("W01", &["wealth"], None, &["wealth"]),
        ] {
            assert_eq!(allowed(&someone, act, Target::Branch), Err(Denial::NotHead));
        }
        assert_eq!(allowed(&kiosk, act, Target::Branch), Err(Denial::Kiosk));
        assert_eq!(
            allowed(
                &head,
                act,
                Target::Day {
                    closed: false,
                    future: false
                }
            ),
            Err(Denial::Nothing)
        );
    }
}

#[test]
fn a_display_only_shows_the_board() {
    let display = person("D01", &[DISPLAY], None, &[]);
    assert!(!display.serves());
    assert!(!display.runs_queue());
    assert!(allowed(&display, Act::ShowBoard, Target::Branch).is_ok());
    let waiting = ticket(1, Status::Waiting);
    let mut called = ticket(2, Status::Called);
    called.counter = Some(1);
    let c = card(1, "wealth");
    let owners = ["D01".to_string()];
    let p = ProspectState {
        owner: "D01",
        stage: Stage::Open,
        consent: true,
    };
    let day = Target::Day {
        closed: false,
        future: false,
    };
    for (act, target) in [
        (Act::RegisterWalkin, Target::Branch),
        (Act::Call, Target::Branch),
        (Act::Call, Target::Ticket(&waiting)),
        (Act::Call, Target::Ticket(&called)),
        (Act::Start, Target::Ticket(&called)),
        (Act::NoShow, Target::Ticket(&called)),
        (Act::FlagCard, Target::Ticket(&waiting)),
        (Act::Divert, Target::Ticket(&waiting)),
        (Act::AcceptCard, Target::Card(&c)),
        (Act::AddProspect, Target::Branch),
        (Act::LogContact, Target::Prospect(p)),
        (Act::RevealClient, Target::Client { owners: &owners }),
        (Act::ExportList, Target::Owner(Some("D01"))),
        (Act::ExportList, Target::Owner(None)),
        (Act::Purge, Target::Branch),
        (Act::EditRoster, Target::Branch),
        (Act::EditSettings, Target::Branch),
        (Act::CloseDay, day),
    ] {
        assert_eq!(
            allowed(&display, act, target),
            Err(Denial::Display),
            "{act:?}"
        );
    }
    // Every act but the board is refused, whatever it is done to.
    for act in Act::ALL.into_iter().filter(|a| *a != Act::ShowBoard) {
        assert!(allowed(&display, act, Target::Branch).is_err(), "{act:?}");
    }
    // The board is shown on the branch, nothing else.
    assert_eq!(
        allowed(&display, Act::ShowBoard, Target::Ticket(&waiting)),
        Err(Denial::Display)
    );
}

#[test]
fn the_board_runs_under_a_display_or_whoever_runs_the_queue() {
    let lobby = person("L01", &[LOBBY], None, &[]);
    let head = person("H01", &[HEAD], None, &[]);
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    let kiosk = person("K01", &[KIOSK], None, &[]);
    for someone in [&lobby, &head] {
        assert!(allowed(someone, Act::ShowBoard, Target::Branch).is_ok());
    }
    for someone in [&teller, &wealth] {
        assert_eq!(
            allowed(someone, Act::ShowBoard, Target::Branch),
            Err(Denial::NotDisplay)
        );
    }
    assert_eq!(
        allowed(&kiosk, Act::ShowBoard, Target::Branch),
        Err(Denial::Kiosk)
    );
}

#[test]
fn a_card_meant_for_one_manager_waits_for_them_and_pairs_are_the_heads() {
    let w01 = person("W01", &["wealth"], None, &["wealth"]);
    let w02 = person("W02", &["wealth"], None, &["wealth"]);
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let head = person("H01", &[HEAD], None, &[]);
    let mut c = card(1, "wealth");
    c.assigned_to = Some("W01".into());
    let offer = |open| Target::Offer { card: &c, open };
    assert!(allowed(&w01, Act::AcceptCard, offer(false)).is_ok());
    assert_eq!(
        allowed(&w02, Act::AcceptCard, offer(false)),
        Err(Denial::MeantFor("W01".into()))
    );
    assert_eq!(
        allowed(&w02, Act::AcceptCard, Target::Card(&c)),
        Err(Denial::MeantFor("W01".into())),
        "a plain card is taken as not open yet"
    );
    assert!(allowed(&w02, Act::AcceptCard, offer(true)).is_ok());
    assert_eq!(
        allowed(&teller, Act::AcceptCard, offer(true)),
        Err(Denial::NotLine("wealth".into()))
    );
    assert!(allowed(&head, Act::SetPair, Target::Branch).is_ok());
    for someone in [&w01, &teller] {
        assert_eq!(
            allowed(someone, Act::SetPair, Target::Branch),
            Err(Denial::NotHead)
        );
    }
    assert!(allowed(&head, Act::SetClientManager, Target::Branch).is_ok());
    assert!(allowed(&w01, Act::SetClientManager, Target::Branch).is_ok());
    assert_eq!(
        allowed(&teller, Act::SetClientManager, Target::Branch),
        Err(Denial::NotManager)
    );
}

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
fn appointments_are_booked_by_managers_and_checked_in_by_the_lobby() {
    use crate::domain::appointment::Status as A;
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let lobby = person("L01", &[LOBBY], None, &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    let other = person("W02", &["wealth"], None, &["wealth"]);
    let head = person("H01", &[HEAD], None, &[]);
    let book = |p: &Person| allowed(p, Act::BookAppointment, Target::Branch);
    assert!(book(&wealth).is_ok());
    assert!(book(&head).is_ok());
    assert_eq!(book(&lobby), Err(Denial::NotManager));
    assert_eq!(book(&teller), Err(Denial::NotManager));
    let state = |status| {
        Target::Appointment(AppointmentState {
            booked_by: "W01",
            status,
        })
    };
    assert!(allowed(&lobby, Act::CheckInAppointment, state(A::Booked)).is_ok());
    assert!(allowed(&head, Act::CheckInAppointment, state(A::Booked)).is_ok());
    assert_eq!(
        allowed(&wealth, Act::CheckInAppointment, state(A::Booked)),
        Err(Denial::NotQueue)
    );
    assert_eq!(
        allowed(&lobby, Act::CheckInAppointment, state(A::Missed)),
        Err(Denial::Appointment(A::Missed))
    );
    assert!(allowed(&wealth, Act::CancelAppointment, state(A::Booked)).is_ok());
    assert!(allowed(&head, Act::CancelAppointment, state(A::Booked)).is_ok());
    assert_eq!(
        allowed(&other, Act::CancelAppointment, state(A::Booked)),
        Err(Denial::NotOwner("W01".into()))
    );
    assert_eq!(
        allowed(&wealth, Act::CancelAppointment, state(A::Arrived)),
        Err(Denial::Appointment(A::Arrived))
    );
    assert_eq!(
        allowed(
            &Person {
                roles: vec![KIOSK.into()],
                ..lobby.clone()
            },
            Act::CheckInAppointment,
            state(A::Booked)
        ),
        Err(Denial::Kiosk)
    );
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
