//! Who resolves a complaint (投诉) and who rates a visit (满意度).

use super::{owner, ComplaintState, Denial, Person, Status, Ticket};

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
