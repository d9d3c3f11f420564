//! Who records, sees and resolves a complaint (投诉) and who rates a visit
//! (满意度).

use super::{owner, Act, ComplaintState, Denial, Person, Status, Target, Ticket};

/// The complaints' acts.
pub(super) fn allowed(who: &Person, act: Act, target: Target) -> Result<(), Denial> {
    match (act, target) {
        // Anyone at a desk hears complaints.
        (Act::RecordComplaint, Target::Branch) => Ok(()),
        // Every open complaint is the lobby manager's and the head's to see
        // (they are told of the overdue ones).
        (Act::SeeComplaints, Target::Branch) => match who.runs_queue() {
            true => Ok(()),
            false => Err(Denial::NotQueue),
        },
        (Act::ResolveComplaint, Target::Complaint(c)) => resolve(who, c),
        (Act::RateVisit, Target::Ticket(t)) => rate(who, t),
        _ => Err(Denial::Nothing),
    }
}

/// The complaint's owner, or the head, while it is open.
pub(super) fn resolve(who: &Person, c: ComplaintState) -> Result<(), Denial> {
    owner(who, c.owner)?;
    match c.open {
        true => Ok(()),
        false => Err(Denial::Resolved),
    }
}

/// Whoever runs the queue, or the person at the counter that served it.
pub(super) fn rate(who: &Person, t: &Ticket) -> Result<(), Denial> {
    let here = who.counter.is_some() && who.counter == t.counter;
    match who.runs_queue() || here {
        true => finished(t),
        false => Err(Denial::OtherCounter(t.counter.unwrap_or(0))),
    }
}

/// Only a finished visit is rated.
pub(super) fn finished(t: &Ticket) -> Result<(), Denial> {
    match t.status {
        Status::Done => Ok(()),
        s => Err(Denial::Ticket(s)),
    }
}
