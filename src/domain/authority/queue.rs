//! The authority table's rules for the queue: who calls, serves, diverts
//! and transfers which ticket, and who calls to, pauses or reopens which counter.

use super::{Act, CounterState, Denial, Person};
use crate::domain::ticket::{Status, Ticket};

/// Calling to a counter, pausing or reopening it.
pub(super) fn counter(who: &Person, act: Act, c: CounterState) -> Result<(), Denial> {
    use Act as A;
    calling(who)?;
    at_counter(who, c.number)?;
    match (act, c.paused) {
        // Calling to a counter: the person's own (anyone's for the lobby
        // manager and the head), and not while it is paused.
        (A::Call, true) => Err(Denial::CounterPaused(c.number)),
        (A::Call, false) => Ok(()),
        (A::PauseCounter, true) => Err(Denial::CounterPaused(c.number)),
        (A::PauseCounter, false) if c.busy => Err(Denial::CounterBusy(c.number)),
        (A::ReopenCounter, false) => Err(Denial::CounterOpen(c.number)),
        (A::PauseCounter | A::ReopenCounter, _) => Ok(()),
        _ => Err(Denial::Nothing),
    }
}

/// Calling, serving, diverting and transferring a ticket.
pub(super) fn ticket(who: &Person, act: Act, t: &Ticket) -> Result<(), Denial> {
    use Act as A;
    match act {
        A::Call => {
            calling(who)?;
            routed(who, t)?;
            match t.status {
                Status::Waiting => Ok(()),
                Status::Called => own_counter(who, t),
                s => Err(Denial::Ticket(s)),
            }
        }
        A::Start | A::Finish | A::Hold | A::Resume | A::NoShow | A::Reinstate => {
            calling(who)?;
            own_counter(who, t)?;
            let ok = match act {
                A::Start | A::NoShow => t.status == Status::Called,
                A::Reinstate => t.status == Status::NoShow,
                A::Finish | A::Hold => t.status == Status::Serving,
                _ => t.status == Status::OnHold,
            };
            match ok {
                true => Ok(()),
                false => Err(Denial::Ticket(t.status)),
            }
        }
        A::Divert => {
            if !who.runs_queue() {
                return Err(Denial::NotQueue);
            }
            match t.status.is_final() {
                true => Err(Denial::Ticket(t.status)),
                false => Ok(()),
            }
        }
        // The lobby manager and the head transfer any open ticket; a teller
        // the one called to or served at their own counter.
        A::Transfer => {
            if t.status.is_final() {
                return Err(Denial::Ticket(t.status));
            }
            if who.runs_queue() {
                return Ok(());
            }
            serving(who)?;
            match t.status {
                Status::Called | Status::Serving | Status::OnHold => own_counter(who, t),
                _ => Err(Denial::NotQueue),
            }
        }
        _ => Err(Denial::Nothing),
    }
}

/// A ticket routed to someone is called only by them or whoever runs the queue.
fn routed(who: &Person, t: &Ticket) -> Result<(), Denial> {
    match &t.routed_to {
        Some(p) if *p != who.code && !who.runs_queue() => Err(Denial::RoutedTo(p.clone())),
        _ => Ok(()),
    }
}

/// Registers walk-ins, calls and serves (not a line's manager at a desk).
pub(super) fn serving(who: &Person) -> Result<(), Denial> {
    match who.serves() {
        true => Ok(()),
        false => Err(Denial::NotServing),
    }
}

/// Serves the queue, or a line's manager at their desk.
pub(super) fn calling(who: &Person) -> Result<(), Denial> {
    match who.serves() || who.at_desk() {
        true => Ok(()),
        false => Err(Denial::NotServing),
    }
}

/// A teller (or a manager at a desk) works their own counter; the lobby
/// manager and the head work any.
fn at_counter(who: &Person, number: u32) -> Result<(), Denial> {
    match who.runs_queue() || who.counter == Some(number) {
        true => Ok(()),
        false => Err(Denial::OtherCounter(number)),
    }
}

/// A teller works the tickets at their own counter; the lobby manager and
/// the head work any.
fn own_counter(who: &Person, t: &Ticket) -> Result<(), Denial> {
    match t.counter {
        Some(c) if !who.runs_queue() && who.counter != Some(c) => Err(Denial::OtherCounter(c)),
        _ => Ok(()),
    }
}
