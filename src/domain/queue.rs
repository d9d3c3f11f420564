//! Call-next order: priority first, but never starving the normal queue.

use chrono::{DateTime, Duration, Utc};

use super::ticket::{Status, Ticket};

/// The rule's parameters, from the catalog.
#[derive(Clone, Copy, Debug)]
pub struct Fairness {
    /// A normal ticket waiting longer than this is owed a call.
    pub warning: Duration,
    /// At most this many priority calls in a row while one is owed.
    pub streak_cap: usize,
}

/// How many of the most recent calls (newest first) were priority calls in a row.
pub fn priority_streak(recent_calls_newest_first: &[bool]) -> usize {
    recent_calls_newest_first.iter().take_while(|p| **p).count()
}

/// The waiting tickets in the order they will be called, given the current
/// streak of priority calls. Priority tickets go first (earliest arrival
/// first), but once `streak_cap` priority calls have gone in a row, a normal
/// ticket that has waited past the warning threshold is called next.
pub fn call_order<'a>(
    tickets: impl IntoIterator<Item = &'a Ticket>,
    streak: usize,
    now: DateTime<Utc>,
    rule: Fairness,
) -> Vec<&'a Ticket> {
    let mut waiting: Vec<&Ticket> = tickets
        .into_iter()
        .filter(|t| t.status == Status::Waiting)
        .collect();
    waiting.sort_by_key(|t| (t.arrived_at, t.id));
    let (mut prio, mut normal): (Vec<&Ticket>, Vec<&Ticket>) =
        waiting.into_iter().partition(|t| t.is_priority);
    prio.reverse();
    normal.reverse();
    let mut order = Vec::with_capacity(prio.len() + normal.len());
    let mut streak = streak;
    loop {
        let owed = normal
            .last()
            .is_some_and(|t| now - t.arrived_at > rule.warning);
        let take_normal = prio.is_empty() || (streak >= rule.streak_cap && owed);
        let next = if take_normal {
            normal.pop()
        } else {
            prio.pop()
        };
        match next {
            Some(t) => {
                streak = if t.is_priority { streak + 1 } else { 0 };
                order.push(t);
            }
            None => break,
        }
    }
    order
}

/// Whether `t` may be the next ticket of `caller`: a ticket routed to a
/// person (a client with an appointment) goes only to them or to whoever
/// runs the queue; one routed to nobody, only to those who serve the queue.
pub fn may_call(t: &Ticket, caller: &str, runs_queue: bool, serves: bool) -> bool {
    match t.routed_to.as_deref() {
        Some(p) => p == caller || runs_queue,
        None => serves,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ticket::tests::{at, ticket};

    fn rule() -> Fairness {
        Fairness {
            warning: Duration::minutes(6),
            streak_cap: 3,
        }
    }

    fn waiting(id: i64, arrived: i64, priority: bool) -> Ticket {
        let mut t = ticket(id, Status::Waiting);
        t.arrived_at = at(arrived);
        t.is_priority = priority;
        t
    }

    fn ids(order: &[&Ticket]) -> Vec<i64> {
        order.iter().map(|t| t.id).collect()
    }

    #[test]
    fn first_come_first_served_without_priority() {
        let ts = [
            waiting(2, 3, false),
            waiting(1, 1, false),
            waiting(3, 5, false),
        ];
        assert_eq!(ids(&call_order(&ts, 0, at(6), rule())), [1, 2, 3]);
    }

    #[test]
    fn priority_goes_first() {
        let ts = [
            waiting(1, 0, false),
            waiting(2, 1, true),
            waiting(3, 2, true),
        ];
        assert_eq!(ids(&call_order(&ts, 0, at(3), rule())), [2, 3, 1]);
    }

    #[test]
    fn fairness_cap_lets_an_owed_normal_ticket_through() {
        // Normal ticket 1 has waited 10 minutes; five priority tickets behind it.
        let mut ts = vec![waiting(1, 0, false)];
        for id in 2..=6 {
            ts.push(waiting(id, id, true));
        }
        assert_eq!(ids(&call_order(&ts, 0, at(10), rule())), [2, 3, 4, 1, 5, 6]);
        // Two priority calls already went in a row: only one more before ticket 1.
        assert_eq!(ids(&call_order(&ts, 2, at(10), rule())), [2, 1, 3, 4, 5, 6]);
    }

    #[test]
    fn no_cap_while_no_normal_ticket_is_owed() {
        // Normal ticket 1 has waited only 5 minutes: priority keeps going.
        let mut ts = vec![waiting(1, 5, false)];
        for id in 2..=6 {
            ts.push(waiting(id, 0, true));
        }
        assert_eq!(ids(&call_order(&ts, 3, at(10), rule())), [2, 3, 4, 5, 6, 1]);
    }

    #[test]
    fn only_waiting_tickets_are_ordered() {
        let mut called = waiting(1, 0, false);
        called.status = Status::Called;
        let ts = [called, waiting(2, 1, false)];
        assert_eq!(ids(&call_order(&ts, 0, at(3), rule())), [2]);
    }

    #[test]
    fn streak_counts_leading_priority_calls() {
        assert_eq!(priority_streak(&[]), 0);
        assert_eq!(priority_streak(&[true, true, false, true]), 2);
        assert_eq!(priority_streak(&[false, true]), 0);
    }

    #[test]
    fn a_routed_ticket_goes_to_its_person_or_the_lobby() {
        let mut t = waiting(1, 0, false);
        t.routed_to = Some("W01".into());
        assert!(
            may_call(&t, "W01", false, false),
            "the manager it is routed to"
        );
        assert!(may_call(&t, "L01", true, true), "the lobby manager");
        assert!(!may_call(&t, "T01", false, true), "not a teller");
        assert!(!may_call(&t, "W02", false, false), "not another manager");
        let plain = waiting(2, 0, false);
        assert!(may_call(&plain, "T01", false, true));
        assert!(
            !may_call(&plain, "W01", false, false),
            "a manager calls only theirs"
        );
    }
}
