//! A ticket transferred to another service (a personal client who needs the
//! wealth desk): it keeps its number and its arrival time, so it waits in
//! the new service's queue at its arrival-time place.

use super::ticket::{Refusal, Status, Ticket};

/// The ticket transferred to `service`: waiting again if it was called, at
/// a counter or on hold (the counter is freed, the call undone; the event
/// trail keeps both). A ticket whose visit has ended cannot be transferred.
pub fn transfer(ticket: &Ticket, service: &str) -> Result<Ticket, Refusal> {
    if ticket.status.is_final() {
        return Err(Refusal::Impossible {
            step: "transfer",
            status: ticket.status,
        });
    }
    let mut t = ticket.clone();
    t.service = service.to_string();
    t.status = Status::Waiting;
    (t.called_at, t.started_at, t.counter, t.teller, t.calls) = (None, None, None, None, 0);
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ticket::tests::{at, ticket};

    #[test]
    fn a_transfer_keeps_the_number_and_the_arrival_and_waits_again() {
        for status in [
            Status::Waiting,
            Status::Called,
            Status::Serving,
            Status::OnHold,
        ] {
            let mut t = ticket(12, status);
            (t.arrived_at, t.counter, t.calls) = (at(3), Some(2), 1);
            t.called_at = (status != Status::Waiting).then(|| at(9));
            let moved = transfer(&t, "C").unwrap();
            assert_eq!((moved.number.as_str(), moved.seq), ("A012", 12));
            assert_eq!(moved.arrived_at, at(3), "the arrival time is kept");
            assert_eq!(
                (moved.service.as_str(), moved.status),
                ("C", Status::Waiting)
            );
            assert_eq!(
                (moved.counter, moved.called_at, moved.calls),
                (None, None, 0)
            );
        }
    }

    #[test]
    fn an_ended_visit_is_not_transferred() {
        for status in Status::ALL.into_iter().filter(|s| s.is_final()) {
            assert_eq!(
                transfer(&ticket(1, status), "C"),
                Err(Refusal::Impossible {
                    step: "transfer",
                    status
                })
            );
        }
    }
}
