//! The ticket (one visit): its number and its life cycle.

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Waiting,
    Called,
    Serving,
    OnHold,
    Done,
    NoShow,
    Diverted,
    /// Still waiting (or called) when the day was closed: left unserved.
    Unserved,
    /// Being served (or on hold) when the day was closed: served, but the
    /// visit was never finished.
    Unfinished,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Waiting,
        Status::Called,
        Status::Serving,
        Status::OnHold,
        Status::Done,
        Status::NoShow,
        Status::Diverted,
        Status::Unserved,
        Status::Unfinished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Called => "called",
            Status::Serving => "serving",
            Status::OnHold => "on_hold",
            Status::Done => "done",
            Status::NoShow => "no_show",
            Status::Diverted => "diverted",
            Status::Unserved => "unserved",
            Status::Unfinished => "unfinished",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The visit has ended; no further step is possible.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Done
                | Status::NoShow
                | Status::Diverted
                | Status::Unserved
                | Status::Unfinished
        )
    }

    /// The ticket occupies its counter.
    pub fn holds_counter(self) -> bool {
        matches!(self, Status::Called | Status::Serving)
    }
}

/// A visit. Times are UTC; `day` is the local business day of arrival.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub id: i64,
    pub day: NaiveDate,
    pub number: String,
    pub service: String,
    pub seq: u32,
    pub priority: String,
    pub is_priority: bool,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub client_mobile: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub counter: Option<u32>,
    pub teller: Option<String>,
    pub status: Status,
    pub calls: u32,
    pub note: Option<String>,
    pub divert_target: Option<String>,
    /// The person the ticket is routed to (a client with an appointment):
    /// only they, or whoever runs the queue, call it.
    pub routed_to: Option<String>,
}

impl Ticket {
    /// A ticket as a plan has it before it is registered: waiting since
    /// `arrived_at`, with no number, client or counter yet.
    pub fn planned(
        id: i64,
        day: NaiveDate,
        service: String,
        priority: String,
        is_priority: bool,
        arrived_at: DateTime<Utc>,
    ) -> Ticket {
        Ticket {
            id,
            day,
            number: String::new(),
            service,
            seq: 0,
            priority,
            is_priority,
            client_id: None,
            client_name: None,
            client_mobile: None,
            arrived_at,
            called_at: None,
            started_at: None,
            finished_at: None,
            counter: None,
            teller: None,
            status: Status::Waiting,
            calls: 0,
            note: None,
            divert_target: None,
            routed_to: None,
        }
    }

    /// Time spent waiting: until the first call, or until `now` if not yet called.
    pub fn wait(&self, now: DateTime<Utc>) -> chrono::Duration {
        let end = self.called_at.unwrap_or(now);
        (end - self.arrived_at).max(chrono::Duration::zero())
    }
}

/// The ticket number: service letter plus a zero-padded daily sequence (A007).
pub fn ticket_number(service: &str, seq: u32) -> String {
    format!("{service}{seq:03}")
}

/// The next sequence of a service on a day, given the highest one issued so far.
/// Numbers restart each business day and are never reused within it.
pub fn next_seq(highest_today: Option<u32>) -> u32 {
    highest_today.map_or(1, |n| n + 1)
}

/// One step of the life cycle.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Call (or recall) to a counter by a teller (or the lobby manager).
    Call {
        counter: u32,
        teller: Option<String>,
    },
    Start,
    Finish,
    Hold,
    /// Resume a held ticket at a counter.
    Resume {
        counter: u32,
        teller: Option<String>,
    },
    NoShow,
    Divert {
        target: String,
    },
}

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Call { .. } => "call",
            Step::Start => "start",
            Step::Finish => "finish",
            Step::Hold => "hold",
            Step::Resume { .. } => "resume",
            Step::NoShow => "no_show",
            Step::Divert { .. } => "divert",
        }
    }

    /// The event a step writes.
    pub fn event(&self) -> super::event::EventKind {
        use super::event::EventKind as K;
        match self {
            Step::Call { .. } => K::TicketCall,
            Step::Start => K::TicketStart,
            Step::Finish => K::TicketFinish,
            Step::Hold => K::TicketHold,
            Step::Resume { .. } => K::TicketResume,
            Step::NoShow => K::TicketNoShow,
            Step::Divert { .. } => K::TicketDivert,
        }
    }
}

/// Why a step was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The step is impossible from the ticket's status.
    Impossible { step: &'static str, status: Status },
    /// The counter is occupied by another ticket.
    CounterBusy { counter: u32, number: String },
    /// A called ticket may only be recalled at its own counter.
    CalledElsewhere { counter: u32 },
    /// A no-show comes back too late (or on another day) to be put back:
    /// they take a new ticket.
    RecallPassed { minutes: i64 },
}

/// How long after being marked a no-show a client who comes back may be put
/// back in the queue with their number, at their place: 15 minutes, the wait
/// past which clients are known to leave. Later, they take a new ticket.
pub const RECALL_WINDOW_MINUTES: i64 = 15;

/// Put a no-show who came back (the same business day `today`, within
/// [`RECALL_WINDOW_MINUTES`]) back in the queue: waiting again with the same
/// number and arrival time, so at their original place; the missed call is
/// undone (the next call is their first), the event trail keeps it.
pub fn reinstate(ticket: &Ticket, now: DateTime<Utc>, today: NaiveDate) -> Result<Ticket, Refusal> {
    if ticket.status != Status::NoShow {
        return Err(Refusal::Impossible {
            step: "reinstate",
            status: ticket.status,
        });
    }
    let since = ticket.finished_at.unwrap_or(ticket.arrived_at);
    if ticket.day != today || now - since > chrono::Duration::minutes(RECALL_WINDOW_MINUTES) {
        return Err(Refusal::RecallPassed {
            minutes: RECALL_WINDOW_MINUTES,
        });
    }
    let mut t = ticket.clone();
    t.status = Status::Waiting;
    (t.called_at, t.finished_at, t.counter, t.teller, t.calls) = (None, None, None, None, 0);
    Ok(t)
}

/// Close a ticket still open when its day is closed, at `now`: one still
/// waiting or called was left unserved; one at a counter or on hold was
/// served but never finished. `None` for a ticket already ended.
pub fn close(ticket: &Ticket, now: DateTime<Utc>) -> Option<Ticket> {
    let mut t = ticket.clone();
    t.status = match ticket.status {
        Status::Waiting | Status::Called => Status::Unserved,
        Status::Serving | Status::OnHold => Status::Unfinished,
        _ => return None,
    };
    t.finished_at = Some(now);
    Some(t)
}

/// Apply a step to a ticket at `now`. `at_counter` is the ticket currently
/// occupying the target counter, if any (for call and resume).
pub fn apply(
    ticket: &Ticket,
    step: &Step,
    now: DateTime<Utc>,
    at_counter: Option<&Ticket>,
) -> Result<Ticket, Refusal> {
    let impossible = || Refusal::Impossible {
        step: step.name(),
        status: ticket.status,
    };
    let busy = |counter: u32| -> Result<(), Refusal> {
        match at_counter {
            Some(other) if other.id != ticket.id && other.status.holds_counter() => {
                Err(Refusal::CounterBusy {
                    counter,
                    number: other.number.clone(),
                })
            }
            _ => Ok(()),
        }
    };
    let mut t = ticket.clone();
    match (step, ticket.status) {
        (Step::Call { counter, teller }, Status::Waiting) => {
            busy(*counter)?;
            t.status = Status::Called;
            t.called_at = Some(now);
            t.counter = Some(*counter);
            t.teller = teller.clone();
            t.calls = 1;
        }
        (Step::Call { counter, .. }, Status::Called) => {
            // A recall: the same ticket, called again at its own counter.
            if ticket.counter != Some(*counter) {
                return Err(Refusal::CalledElsewhere {
                    counter: ticket.counter.unwrap_or(0),
                });
            }
            t.calls += 1;
        }
        (Step::Start, Status::Called) => {
            t.status = Status::Serving;
            t.started_at = Some(now);
        }
        (Step::Finish, Status::Serving) => {
            t.status = Status::Done;
            t.finished_at = Some(now);
        }
        (Step::Hold, Status::Serving) => {
            t.status = Status::OnHold;
        }
        (Step::Resume { counter, teller }, Status::OnHold) => {
            busy(*counter)?;
            t.status = Status::Serving;
            t.counter = Some(*counter);
            if teller.is_some() {
                t.teller = teller.clone();
            }
        }
        (Step::NoShow, Status::Called) => {
            t.status = Status::NoShow;
            t.finished_at = Some(now);
        }
        (Step::Divert { target }, s) if !s.is_final() => {
            t.status = Status::Diverted;
            t.divert_target = Some(target.clone());
            t.finished_at = Some(now);
        }
        _ => return Err(impossible()),
    }
    Ok(t)
}

#[cfg(test)]
pub(crate) mod tests {
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
}
