//! The authority table, role by role.
use super::*;
use crate::domain::card::tests::card;
use crate::domain::ticket::tests::ticket;

pub(super) fn person(code: &str, roles: &[&str], counter: Option<u32>, lines: &[&str]) -> Person {
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
    assert!(
        allowed(&head, Act::AcceptCard, offer(false)).is_ok(),
        "the head takes any card at once"
    );
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
fn only_the_head_imports_clients() {
    let head = person("H01", &[HEAD], None, &[]);
    assert!(allowed(&head, Act::ImportClients, Target::Branch).is_ok());
    for p in [
        person("L01", &[LOBBY], None, &[]),
        person("T01", &[TELLER], Some(1), &[]),
        person("W01", &["wealth"], None, &["wealth"]),
    ] {
        assert_eq!(
            allowed(&p, Act::ImportClients, Target::Branch),
            Err(Denial::NotHead),
            "{}",
            p.code
        );
    }
    let kiosk = person("K01", &[KIOSK], None, &[]);
    assert!(allowed(&kiosk, Act::ImportClients, Target::Branch).is_err());
}

#[test]
fn the_head_and_line_managers_edit_client_records() {
    for p in [
        person("H01", &[HEAD], None, &[]),
        person("W01", &["wealth"], None, &["wealth"]),
    ] {
        assert!(
            allowed(&p, Act::EditClient, Target::Branch).is_ok(),
            "{}",
            p.code
        );
    }
    for p in [
        person("L01", &[LOBBY], None, &[]),
        person("T01", &[TELLER], Some(1), &[]),
    ] {
        assert_eq!(
            allowed(&p, Act::EditClient, Target::Branch),
            Err(Denial::NotManager),
            "{}",
            p.code
        );
    }
}

#[test]
fn the_head_runs_campaigns_and_managers_take_dormant_clients() {
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let lobby = person("L01", &[LOBBY], None, &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    let head = person("H01", &[HEAD], None, &[]);
    let kiosk = person("K01", &[KIOSK], None, &[]);
    assert!(allowed(&head, Act::Campaign, Target::Branch).is_ok());
    for p in [&teller, &lobby, &wealth] {
        assert_eq!(
            allowed(p, Act::Campaign, Target::Branch),
            Err(Denial::NotHead)
        );
    }
    for p in [&head, &lobby, &wealth] {
        assert!(allowed(p, Act::FollowDormant, Target::Branch).is_ok());
    }
    assert_eq!(
        allowed(&teller, Act::FollowDormant, Target::Branch),
        Err(Denial::NotDormant)
    );
    assert_eq!(
        allowed(&kiosk, Act::FollowDormant, Target::Branch),
        Err(Denial::Kiosk)
    );
}

#[test]
fn complaints_are_heard_by_anyone_at_a_desk_and_resolved_by_their_owner() {
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    let head = person("H01", &[HEAD], None, &[]);
    let kiosk = person("K01", &[KIOSK], None, &[]);
    for p in [&teller, &wealth, &head] {
        assert!(allowed(p, Act::RecordComplaint, Target::Branch).is_ok());
    }
    assert_eq!(
        allowed(&kiosk, Act::RecordComplaint, Target::Branch),
        Err(Denial::Kiosk)
    );
    let open = ComplaintState {
        owner: "W01",
        open: true,
    };
    let done = ComplaintState {
        owner: "W01",
        open: false,
    };
    assert!(allowed(&wealth, Act::ResolveComplaint, Target::Complaint(open)).is_ok());
    assert!(allowed(&head, Act::ResolveComplaint, Target::Complaint(open)).is_ok());
    assert_eq!(
        allowed(&teller, Act::ResolveComplaint, Target::Complaint(open)),
        Err(Denial::NotOwner("W01".into()))
    );
    assert_eq!(
        allowed(&wealth, Act::ResolveComplaint, Target::Complaint(done)),
        Err(Denial::Resolved)
    );
}

#[test]
fn a_finished_visit_is_rated_at_its_counter_by_the_lobby_or_by_a_keypad() {
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let other = person("T02", &[TELLER], Some(2), &[]);
    let lobby = person("L01", &[LOBBY], None, &[]);
    let kiosk = person("K01", &[KIOSK], None, &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    let mut done = ticket(1, Status::Done);
    done.counter = Some(1);
    for p in [&teller, &lobby, &kiosk] {
        assert!(allowed(p, Act::RateVisit, Target::Ticket(&done)).is_ok());
    }
    assert_eq!(
        allowed(&other, Act::RateVisit, Target::Ticket(&done)),
        Err(Denial::OtherCounter(1))
    );
    assert!(allowed(&wealth, Act::RateVisit, Target::Ticket(&done)).is_err());
    let mut serving = ticket(2, Status::Serving);
    serving.counter = Some(1);
    for p in [&teller, &lobby, &kiosk] {
        assert_eq!(
            allowed(p, Act::RateVisit, Target::Ticket(&serving)),
            Err(Denial::Ticket(Status::Serving))
        );
    }
}

#[test]
fn every_open_complaint_is_seen_by_the_lobby_manager_and_the_head_only() {
    for p in [
        person("L01", &[LOBBY], None, &[]),
        person("H01", &[HEAD], None, &[]),
    ] {
        assert!(allowed(&p, Act::SeeComplaints, Target::Branch).is_ok());
    }
    let teller = person("T01", &[TELLER], Some(1), &[]);
    let wealth = person("W01", &["wealth"], None, &["wealth"]);
    for p in [&teller, &wealth] {
        let seen = allowed(p, Act::SeeComplaints, Target::Branch);
        assert_eq!(seen, Err(Denial::NotQueue));
    }
    let kiosk = person("K01", &[KIOSK], None, &[]);
    let seen = allowed(&kiosk, Act::SeeComplaints, Target::Branch);
    assert_eq!(seen, Err(Denial::Kiosk));
}
