//! The expected wait on hand-made queues.
use chrono::Duration;

use super::*;
use crate::domain::ticket::tests::{at, ticket};

fn rule(max_wait: i64, cap: usize) -> Fairness {
    Fairness {
        warning: Duration::minutes(max_wait),
        streak_cap: cap,
    }
}

fn waiting(id: i64, service: &str, arrived: i64, priority: bool) -> Ticket {
    let mut t = ticket(id, Status::Waiting);
    t.service = service.into();
    t.arrived_at = at(arrived);
    t.is_priority = priority;
    t
}

/// A usual 5 minutes for A, 2 for V, 10 for B; nothing timed today.
fn times() -> ServiceTimes {
    ServiceTimes::new(BTreeMap::from([
        ("A".to_string(), 5.0),
        ("V".to_string(), 2.0),
        ("B".to_string(), 10.0),
    ]))
}

fn lobby<'a>(waiting: &'a [Ticket], counters: usize, now: i64) -> Lobby<'a> {
    Lobby {
        waiting: waiting.iter().collect(),
        at_counters: Vec::new(),
        counters,
        streak: 0,
        now: at(now),
        rule: rule(6, 3),
    }
}

/// The waits, to the hundredth of a minute.
fn rounded(waits: &[(i64, f64)]) -> Vec<(i64, i64)> {
    waits
        .iter()
        .map(|(id, w)| (*id, (w * 100.0).round() as i64))
        .collect()
}

/// Expected waits, to the hundredth of a minute.
fn want(waits: &[(i64, f64)]) -> Vec<(i64, i64)> {
    rounded(waits)
}

const GAP: f64 = CALL_GAP_MINUTES;

#[test]
fn free_counters_take_the_first_and_the_rest_wait_their_turn() {
    let q = [
        waiting(1, "A", 0, false),
        waiting(2, "A", 1, false),
        waiting(3, "B", 2, false),
        waiting(4, "A", 3, false),
    ];
    let w = expected_waits(&lobby(&q, 2, 3), &times());
    let a = 5.0 + GAP;
    // Two counters: 1 and 2 at once; 3 and 4 when those visits end.
    assert_eq!(rounded(&w), want(&[(1, 0.0), (2, 0.0), (3, a), (4, a)]));
    // One counter: one after another, each its own service's time.
    let w = expected_waits(&lobby(&q, 1, 3), &times());
    let b = 10.0 + GAP;
    assert_eq!(
        rounded(&w),
        want(&[(1, 0.0), (2, a), (3, 2.0 * a), (4, 2.0 * a + b)])
    );
}

#[test]
fn a_visit_at_a_counter_holds_it_for_the_rest_of_its_time() {
    let q = [waiting(1, "A", 0, false)];
    let mut l = lobby(&q, 1, 10);
    l.at_counters = vec![("A", at(8))];
    // 2 of its 5 minutes gone: 3 more.
    assert_eq!(
        rounded(&expected_waits(&l, &times())),
        want(&[(1, 3.0 + GAP)])
    );
    // Already 9 minutes, past its 5: still a quarter of them to go.
    l.at_counters = vec![("A", at(1))];
    assert_eq!(
        rounded(&expected_waits(&l, &times())),
        want(&[(1, 1.25 + GAP)])
    );
    // Two counters, one busy: the free one takes the ticket now.
    l.counters = 2;
    assert_eq!(rounded(&expected_waits(&l, &times())), want(&[(1, 0.0)]));
}

#[test]
fn priority_tickets_go_ahead_of_earlier_normal_ones() {
    let q = [waiting(1, "A", 0, false), waiting(2, "V", 2, true)];
    let w = expected_waits(&lobby(&q, 1, 3), &times());
    assert_eq!(rounded(&w), want(&[(2, 0.0), (1, 2.0 + GAP)]));
}

#[test]
fn a_normal_ticket_that_becomes_owed_meanwhile_is_called_at_that_moment() {
    // At 5 minutes' wait, ticket 1 is not owed yet (limit 6); three priority
    // tickets of 2 minutes each; at most one priority call in a row.
    let q = [
        waiting(1, "A", 0, false),
        waiting(2, "V", 4, true),
        waiting(3, "V", 4, true),
        waiting(4, "V", 4, true),
    ];
    let mut l = lobby(&q, 1, 5);
    l.rule = rule(6, 1);
    let v = 2.0 + GAP;
    // After the first priority visit it has waited 7.4 minutes: owed, and called.
    let w = expected_waits(&l, &times());
    assert_eq!(
        rounded(&w),
        want(&[
            (2, 0.0),
            (1, v),
            (3, v + 5.0 + GAP),
            (4, 2.0 * v + 5.0 + GAP)
        ])
    );
    // With a longer limit it waits for all three.
    l.rule = rule(12, 1);
    let w = expected_waits(&l, &times());
    assert_eq!(w.last().map(|w| w.0), Some(1));
    assert!((w[3].1 - 3.0 * v).abs() < 0.01);
}

#[test]
fn only_waiting_tickets_are_estimated_and_counters_never_zero() {
    let mut called = waiting(1, "A", 0, false);
    called.status = Status::Called;
    let q = [called, waiting(2, "A", 1, false)];
    let mut l = lobby(&q, 0, 2);
    l.at_counters = vec![("A", at(2)), ("B", at(2))];
    // No counter open is taken as one; of the visits held, the earliest to end.
    assert_eq!(
        rounded(&expected_waits(&l, &times())),
        want(&[(2, 5.0 + GAP)])
    );
}

#[test]
fn service_times_follow_today_and_lean_on_the_usual_while_few() {
    let mut t = times();
    assert_eq!(t.minutes("A"), 5.0);
    assert_eq!(
        t.minutes("Z"),
        17.0 / 3.0,
        "an unknown service: the usual ones' average"
    );
    assert_eq!(ServiceTimes::default().minutes("A"), DEFAULT_MINUTES);
    t.add("A", 9.0);
    assert_eq!(t.minutes("A"), (9.0 + 3.0 * 5.0) / 4.0);
    for _ in 0..RECENT_VISITS {
        t.add("A", 8.0);
    }
    // Only the most recent visits count; the usual time still weighs in.
    let n = RECENT_VISITS as f64;
    assert_eq!(t.minutes("A"), (8.0 * n + 3.0 * 5.0) / (n + 3.0));
    assert_eq!(t.minutes("B"), 10.0, "another service is not moved");
}

#[test]
fn the_baseline_is_place_times_the_average_visit_over_the_counters() {
    let mut t = times();
    assert_eq!(baseline(4, &t, 2), 2.0 * 17.0 / 3.0);
    t.add("A", 3.0);
    t.add("B", 9.0);
    assert_eq!(baseline(4, &t, 2), 12.0);
    assert_eq!(baseline(0, &t, 2), 0.0);
    assert_eq!(baseline(3, &t, 0), 18.0);
}

#[test]
fn minutes_are_said_whole_rounded_up() {
    assert_eq!(shown_minutes(0.0), 0);
    assert_eq!(shown_minutes(0.2), 1);
    assert_eq!(shown_minutes(12.0), 12);
    assert_eq!(shown_minutes(12.01), 13);
}

#[test]
fn a_finished_visit_s_time_at_the_counter_runs_from_its_first_call() {
    let mut t = ticket(1, Status::Done);
    (t.called_at, t.started_at, t.finished_at) = (Some(at(3)), Some(at(4)), Some(at(10)));
    assert_eq!(counter_minutes(&t), Some(7.0));
    t.status = Status::NoShow;
    assert_eq!(counter_minutes(&t), Some(7.0));
    t.status = Status::Diverted;
    assert_eq!(counter_minutes(&t), None);
}
