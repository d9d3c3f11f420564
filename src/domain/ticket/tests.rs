//! A ticket's life, step by step, and the `at` and `ticket` helpers other
//! modules' tests build their queues from.
use super::*;
use chrono::TimeZone;

pub fn at(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap() + chrono::Duration::minutes(min)
}

pub fn ticket(id: i64, status: Status) -> Ticket {
    Ticket {
        id,
        day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        number: ticket_number("A", id as u32),
        service: "A".into(),
        seq: id as u32,
        priority: "normal".into(),
        is_priority: false,
        client_id: None,
        client_name: None,
        client_mobile: None,
        client_tier: None,
        arrived_at: at(0),
        called_at: None,
        started_at: None,
        finished_at: None,
        counter: None,
        teller: None,
        status,
        calls: 0,
        note: None,
        divert_target: None,
        routed_to: None,
    }
}

fn call(counter: u32) -> Step {
    Step::Call {
        counter,
        teller: Some("T01".into()),
    }
}

#[test]
fn numbers_are_letter_and_padded_sequence() {
    assert_eq!(ticket_number("A", 7), "A007");
    assert_eq!(ticket_number("V", 12), "V012");
    assert_eq!(ticket_number("A", 1234), "A1234");
    assert_eq!(next_seq(None), 1);
    assert_eq!(next_seq(Some(41)), 42);
}

#[test]
fn full_visit_stamps_every_step() {
    let t = ticket(1, Status::Waiting);
    let t = apply(&t, &call(2), at(5), None).unwrap();
    assert_eq!(
        (t.status, t.counter, t.calls, t.called_at),
        (Status::Called, Some(2), 1, Some(at(5)))
    );
    let t = apply(&t, &call(2), at(6), None).unwrap();
    assert_eq!(t.calls, 2, "a recall counts the calls");
    assert_eq!(t.called_at, Some(at(5)), "the first call time stays");
    let t = apply(&t, &Step::Start, at(7), None).unwrap();
    assert_eq!((t.status, t.started_at), (Status::Serving, Some(at(7))));
    let t = apply(&t, &Step::Hold, at(8), None).unwrap();
    assert_eq!(t.status, Status::OnHold);
    let resume = Step::Resume {
        counter: 2,
        teller: None,
    };
    let t = apply(&t, &resume, at(9), None).unwrap();
    assert_eq!(
        (t.status, t.teller.as_deref()),
        (Status::Serving, Some("T01"))
    );
    let t = apply(&t, &Step::Finish, at(10), None).unwrap();
    assert_eq!((t.status, t.finished_at), (Status::Done, Some(at(10))));
    assert_eq!(t.number, "A001", "the number is kept through every step");
    assert_eq!(t.wait(at(99)), chrono::Duration::minutes(5));
}

#[test]
fn legal_steps_from_each_status() {
    use Status::*;
    let divert = Step::Divert {
        target: "self".into(),
    };
    let resume = Step::Resume {
        counter: 1,
        teller: None,
    };
    let steps = [
        call(1),
        Step::Start,
        Step::Finish,
        Step::Hold,
        resume,
        Step::NoShow,
        divert,
    ];
    // For each status, the steps (by index into `steps`) that are legal.
    let legal: [(Status, &[usize]); 7] = [
        (Waiting, &[0, 6]),
        (Called, &[1, 5, 6, 0]),
        (Serving, &[2, 3, 6]),
        (OnHold, &[4, 6]),
        (Done, &[]),
        (NoShow, &[]),
        (Diverted, &[]),
    ];
    for (status, ok) in legal {
        for (i, step) in steps.iter().enumerate() {
            let mut t = ticket(1, status);
            t.counter = Some(1);
            let result = apply(&t, step, at(1), None);
            assert_eq!(
                result.is_ok(),
                ok.contains(&i),
                "{step:?} from {status:?} gave {result:?}"
            );
            if let Err(r) = result {
                assert_eq!(
                    r,
                    Refusal::Impossible {
                        step: step.name(),
                        status
                    }
                );
            }
        }
    }
}

#[test]
fn finishing_unstarted_and_calling_finished_are_refused() {
    let t = ticket(1, Status::Waiting);
    assert!(matches!(
        apply(&t, &Step::Finish, at(1), None),
        Err(Refusal::Impossible {
            step: "finish",
            status: Status::Waiting
        })
    ));
    let t = ticket(1, Status::Done);
    assert!(apply(&t, &call(1), at(1), None).is_err());
}

#[test]
fn a_busy_counter_refuses_a_call_and_a_resume() {
    let mut other = ticket(9, Status::Serving);
    other.counter = Some(1);
    let t = ticket(1, Status::Waiting);
    assert_eq!(
        apply(&t, &call(1), at(1), Some(&other)),
        Err(Refusal::CounterBusy {
            counter: 1,
            number: "A009".into()
        })
    );
    let held = ticket(2, Status::OnHold);
    let resume = Step::Resume {
        counter: 1,
        teller: None,
    };
    assert!(apply(&held, &resume, at(1), Some(&other)).is_err());
    // A held ticket does not occupy its counter.
    other.status = Status::OnHold;
    assert!(apply(&t, &call(1), at(1), Some(&other)).is_ok());
}

#[test]
fn a_no_show_comes_back_within_the_window_only() {
    let mut t = ticket(1, Status::NoShow);
    (t.called_at, t.finished_at, t.counter, t.calls) = (Some(at(5)), Some(at(9)), Some(2), 3);
    let (w, day) = (RECALL_WINDOW_MINUTES, t.day);
    let back = reinstate(&t, at(9 + w), day).unwrap();
    assert_eq!((back.status, back.arrived_at), (Status::Waiting, at(0)));
    assert_eq!((back.called_at, back.counter, back.calls), (None, None, 0));
    let late = Err(Refusal::RecallPassed { minutes: w });
    assert_eq!(reinstate(&t, at(10 + w), day), late);
    assert_eq!(reinstate(&t, at(10), day.succ_opt().unwrap()), late);
    assert!(reinstate(&ticket(2, Status::Done), at(1), t.day).is_err());
}

#[test]
fn recall_only_at_the_same_counter() {
    let mut t = ticket(1, Status::Called);
    t.counter = Some(2);
    assert_eq!(
        apply(&t, &call(3), at(1), None),
        Err(Refusal::CalledElsewhere { counter: 2 })
    );
}

#[test]
fn status_round_trips_through_text() {
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
    }
    assert_eq!(Status::parse("nope"), None);
}
