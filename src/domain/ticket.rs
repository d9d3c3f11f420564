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
    /// The client's tier (a code), read with the ticket.
    pub client_tier: Option<String>,
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
            client_tier: None,
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
pub(crate) mod tests;
