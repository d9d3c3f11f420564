//! Call-next order: priority first, but never starving the normal queue.

use chrono::{DateTime, Duration, Utc};

use super::ticket::{Status, Ticket};

/// The priority rule's figures, from the branch settings
/// (`thresholds.normal_max_wait_minutes`, `thresholds.priority_streak_cap`).
#[derive(Clone, Copy, Debug)]
pub struct Fairness {
    /// A normal ticket waiting longer than this (in whole minutes) is owed a call.
    pub warning: Duration,
    /// At most this many priority calls in a row while one is owed.
    pub streak_cap: usize,
}

/// How many of the most recent calls (newest first) were priority calls in a row.
pub fn priority_streak(recent_calls_newest_first: &[bool]) -> usize {
    recent_calls_newest_first.iter().take_while(|p| **p).count()
}

/// Why a ticket is the next to be called, as the lobby says it on one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhyNext {
    /// No priority ticket waits (or none but priority ones): first come, first served.
    FirstCome,
    /// A priority ticket, after `streak` priority calls in a row (below the
    /// cap, or no normal ticket is owed a call).
    Priority { streak: usize },
    /// A normal ticket that has waited `waited` whole minutes, more than
    /// `limit`, after the cap of priority calls in a row.
    Owed { waited: i64, limit: i64 },
}

/// The next ticket of the two queues' heads (earliest priority ticket,
/// earliest normal ticket), and why: priority first, but once `streak_cap`
/// priority calls have gone in a row, a normal ticket that has waited more
/// than the rule's minutes (whole minutes, as the lobby shows them) is
/// called next.
pub fn choose(
    priority: Option<&Ticket>,
    normal: Option<&Ticket>,
    streak: usize,
    now: DateTime<Utc>,
    rule: Fairness,
) -> Option<(bool, WhyNext)> {
    let limit = rule.warning.num_minutes();
    match (priority, normal) {
        (None, None) => None,
        (None, Some(_)) | (Some(_), None) => Some((normal.is_some(), WhyNext::FirstCome)),
        (Some(_), Some(n)) => {
            let waited = (now - n.arrived_at).num_minutes();
            if waited > limit && streak >= rule.streak_cap {
                Some((true, WhyNext::Owed { waited, limit }))
            } else {
                Some((false, WhyNext::Priority { streak }))
            }
        }
    }
}

/// The waiting tickets in the order they will be called, given the current
/// streak of priority calls ([`choose`] at each call, as if nobody else
/// arrived and the clock stood still).
pub fn call_order<'a>(
    tickets: impl IntoIterator<Item = &'a Ticket>,
    streak: usize,
    now: DateTime<Utc>,
    rule: Fairness,
) -> Vec<&'a Ticket> {
    let (mut prio, mut normal) = queues(tickets);
    let mut order = Vec::with_capacity(prio.len() + normal.len());
    let mut streak = streak;
    while let Some((take_normal, _)) = choose(
        prio.last().copied(),
        normal.last().copied(),
        streak,
        now,
        rule,
    ) {
        let t = match take_normal {
            true => normal.pop(),
            false => prio.pop(),
        }
        .expect("the chosen queue has a head");
        streak = if t.is_priority { streak + 1 } else { 0 };
        order.push(t);
    }
    order
}

/// The next ticket to be called and why, as [`call_order`]'s first.
pub fn why_next<'a>(
    tickets: impl IntoIterator<Item = &'a Ticket>,
    streak: usize,
    now: DateTime<Utc>,
    rule: Fairness,
) -> Option<(&'a Ticket, WhyNext)> {
    let (prio, normal) = queues(tickets);
    let (p, n) = (prio.last().copied(), normal.last().copied());
    let (take_normal, why) = choose(p, n, streak, now, rule)?;
    Some((if take_normal { n? } else { p? }, why))
}

/// The waiting tickets as two stacks, priority and normal, each with its
/// earliest arrival on top.
fn queues<'a>(tickets: impl IntoIterator<Item = &'a Ticket>) -> (Vec<&'a Ticket>, Vec<&'a Ticket>) {
    let mut waiting: Vec<&Ticket> = tickets
        .into_iter()
        .filter(|t| t.status == Status::Waiting)
        .collect();
    waiting.sort_by_key(|t| (t.arrived_at, t.id));
    let (mut prio, mut normal): (Vec<&Ticket>, Vec<&Ticket>) =
        waiting.into_iter().partition(|t| t.is_priority);
    prio.reverse();
    normal.reverse();
    (prio, normal)
}

/// The first ticket in call order whose service is one of `services`: what
/// a counter (or desk) taking only those calls next. The order itself is
/// [`call_order`]'s, unchanged.
pub fn next_served<'a>(order: &[&'a Ticket], services: &[String]) -> Option<&'a Ticket> {
    order
        .iter()
        .copied()
        .find(|t| services.contains(&t.service))
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
    fn a_counter_calls_the_first_ticket_it_serves() {
        let mut ts = vec![
            waiting(1, 0, true),
            waiting(2, 1, false),
            waiting(3, 2, false),
        ];
        ts[0].service = "V".into();
        ts[1].service = "C".into();
        ts[2].service = "A".into();
        let order = call_order(&ts, 0, at(3), rule());
        let ab = ["A".to_string(), "B".to_string()];
        assert_eq!(next_served(&order, &ab).map(|t| t.id), Some(3));
        assert_eq!(
            next_served(&order, &["C".to_string()]).map(|t| t.id),
            Some(2)
        );
        assert!(next_served(&order, &["L".to_string()]).is_none());
    }

    #[test]
    fn streak_counts_leading_priority_calls() {
        assert_eq!(priority_streak(&[]), 0);
        assert_eq!(priority_streak(&[true, true, false, true]), 2);
        assert_eq!(priority_streak(&[false, true]), 0);
    }

    fn rule_of(max_wait: i64, cap: usize) -> Fairness {
        Fairness {
            warning: Duration::minutes(max_wait),
            streak_cap: cap,
        }
    }

    #[test]
    fn the_streak_cap_setting_changes_the_call_order() {
        // Normal ticket 1 has waited 10 minutes; four priority tickets behind it.
        let mut ts = vec![waiting(1, 0, false)];
        for id in 2..=5 {
            ts.push(waiting(id, id, true));
        }
        let order = |cap| ids(&call_order(&ts, 0, at(10), rule_of(6, cap)));
        assert_eq!(order(1), [2, 1, 3, 4, 5]);
        assert_eq!(order(2), [2, 3, 1, 4, 5]);
        assert_eq!(order(4), [2, 3, 4, 5, 1]);
    }

    #[test]
    fn the_normal_wait_setting_changes_the_call_order() {
        // Normal ticket 1 has waited 8 minutes, after two priority calls in a row.
        let ts = [
            waiting(1, 2, false),
            waiting(2, 3, true),
            waiting(3, 4, true),
        ];
        let order = |max_wait| ids(&call_order(&ts, 2, at(10), rule_of(max_wait, 2)));
        assert_eq!(order(6), [1, 2, 3], "owed after 6 minutes: called now");
        assert_eq!(order(7), [1, 2, 3]);
        assert_eq!(order(8), [2, 3, 1], "8 minutes is not more than 8");
        assert_eq!(order(12), [2, 3, 1]);
    }

    #[test]
    fn why_next_names_the_rule_that_chose_the_first_in_call_order() {
        let rule = rule_of(6, 2);
        let why = |ts: &[Ticket], streak| {
            let (t, why) = why_next(ts, streak, at(10), rule).unwrap();
            assert_eq!(t.id, call_order(ts, streak, at(10), rule)[0].id);
            (t.id, why)
        };
        // Only normal tickets, or only priority ones: first come.
        let normal = [waiting(1, 0, false), waiting(2, 1, false)];
        assert_eq!(why(&normal, 5), (1, WhyNext::FirstCome));
        let prio = [waiting(3, 0, true)];
        assert_eq!(why(&prio, 5), (3, WhyNext::FirstCome));
        // Priority, below the cap: it says how many in a row went before.
        let both = [waiting(1, 3, false), waiting(2, 5, true)];
        assert_eq!(why(&both, 1), (2, WhyNext::Priority { streak: 1 }));
        // At the cap with the normal ticket waiting 7 minutes, over 6: it goes.
        assert_eq!(
            why(&both, 2),
            (
                1,
                WhyNext::Owed {
                    waited: 7,
                    limit: 6
                }
            )
        );
        // At the cap, but nobody owed (waited 5): priority goes on.
        let fresh = [waiting(1, 5, false), waiting(2, 6, true)];
        assert_eq!(why(&fresh, 2), (2, WhyNext::Priority { streak: 2 }));
        assert_eq!(why_next(&[] as &[Ticket], 0, at(0), rule), None);
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
