//! The expected wait measured on finished days: each ticket's wait estimated
//! at its arrival from what was known at that moment (the queue, the visits
//! at the counters, the visits finished so far, the earlier days), beside
//! the naive estimate, against the wait it really had.

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{baseline, counter_minutes, expected_waits, Lobby, ServiceTimes};
use crate::domain::queue::{call_order, priority_streak, Fairness};
use crate::domain::ticket::{Status, Ticket};

/// Calendar days before a day whose visits make each service's usual time.
pub const PRIOR_DAYS: i64 = 28;

/// One ticket replayed: the two estimates made at its arrival and its real
/// wait, in minutes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Replayed {
    pub estimate: f64,
    pub baseline: f64,
    pub real: f64,
}

/// Per service: the visits timed and their minutes in all.
type Sums = BTreeMap<String, (usize, f64)>;

/// Each service's usual minutes at a counter: the average over the visits of
/// the last [`PRIOR_DAYS`] calendar days before the day asked about.
#[derive(Clone, Debug, Default)]
pub struct Prior {
    /// Per day, oldest first: per service, the visits and their minutes.
    days: VecDeque<(NaiveDate, Sums)>,
}

impl Prior {
    /// A finished day's visits (days in order, oldest first).
    pub fn add_day(&mut self, day: NaiveDate, tickets: &[Ticket]) {
        let mut sums = Sums::new();
        for t in tickets {
            if let Some(m) = counter_minutes(t) {
                let e = sums.entry(t.service.clone()).or_default();
                e.0 += 1;
                e.1 += m;
            }
        }
        self.days.push_back((day, sums));
    }

    /// The usual minutes of each service for `day`, from the days before it
    /// within the window.
    pub fn before(&mut self, day: NaiveDate) -> BTreeMap<String, f64> {
        let from = day - Duration::days(PRIOR_DAYS);
        while self.days.front().is_some_and(|(d, _)| *d < from) {
            self.days.pop_front();
        }
        let mut sums = Sums::new();
        for (_, day_sums) in self.days.iter().filter(|(d, _)| *d < day) {
            for (service, (n, m)) in day_sums {
                let e = sums.entry(service.clone()).or_default();
                e.0 += n;
                e.1 += m;
            }
        }
        sums.into_iter()
            .filter(|(_, (n, _))| *n > 0)
            .map(|(s, (n, m))| (s, m / n as f64))
            .collect()
    }
}

/// Replay a finished day: for each ticket that was called, both estimates
/// at its arrival and its real wait. `tickets` are all the day's tickets
/// (final state), `prior` each service's usual minutes.
pub fn replay_day(
    tickets: &[Ticket],
    prior: &BTreeMap<String, f64>,
    counters: usize,
    rule: Fairness,
) -> Vec<Replayed> {
    let mut arrivals: Vec<&Ticket> = tickets.iter().collect();
    arrivals.sort_by_key(|t| (t.arrived_at, t.id));
    let mut calls: Vec<(DateTime<Utc>, bool)> = tickets
        .iter()
        .filter_map(|t| t.called_at.map(|c| (c, t.is_priority)))
        .collect();
    calls.sort_by_key(|c| c.0);
    let mut finished: Vec<(DateTime<Utc>, &str, f64)> = tickets
        .iter()
        .filter_map(|t| Some((t.finished_at?, t.service.as_str(), counter_minutes(t)?)))
        .collect();
    finished.sort_by_key(|f| f.0);

    let mut times = ServiceTimes::new(prior.clone());
    let mut timed = 0;
    let mut out = Vec::new();
    for (i, x) in arrivals.iter().enumerate() {
        let Some(called) = x.called_at else {
            continue;
        };
        let now = x.arrived_at;
        while timed < finished.len() && finished[timed].0 <= now {
            times.add(finished[timed].1, finished[timed].2);
            timed += 1;
        }
        let mut waiting: Vec<&Ticket> = Vec::new();
        let mut at_counters = Vec::new();
        for y in &arrivals[..=i] {
            let ended = y.finished_at.is_some_and(|f| f <= now);
            match y.called_at {
                Some(c) if c <= now && !ended => at_counters.push((y.service.as_str(), c)),
                Some(c) if c <= now => {}
                _ if ended => {}
                _ => waiting.push(y),
            }
        }
        let done = calls.partition_point(|c| c.0 <= now);
        let recent: Vec<bool> = calls[..done].iter().rev().map(|c| c.1).collect();
        let streak = priority_streak(&recent);
        // As the lobby sees them: waiting, whatever became of them later.
        let now_waiting: Vec<Ticket> = waiting
            .iter()
            .map(|t| Ticket {
                status: Status::Waiting,
                ..(*t).clone()
            })
            .collect();
        let lobby = Lobby {
            waiting: now_waiting.iter().collect(),
            at_counters,
            counters,
            streak,
            now,
            rule,
        };
        let estimate = expected_waits(&lobby, &times)
            .into_iter()
            .find(|(id, _)| *id == x.id)
            .map_or(0.0, |(_, w)| w);
        let ahead = call_order(&now_waiting, streak, now, rule)
            .iter()
            .position(|t| t.id == x.id)
            .unwrap_or(0);
        out.push(Replayed {
            estimate,
            baseline: baseline(ahead, &times, counters),
            real: (called - now).num_seconds().max(0) as f64 / 60.0,
        });
    }
    out
}

/// The errors of both estimates over the tickets replayed, in minutes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    pub tickets: usize,
    pub median: f64,
    pub p90: f64,
    pub baseline_median: f64,
    pub baseline_p90: f64,
    /// The real waits' median, for scale.
    pub real_median: f64,
}

/// The median and 90th-percentile absolute error of both estimates.
pub fn figures(replayed: &[Replayed]) -> Figures {
    let errors = |f: fn(&Replayed) -> f64| -> Vec<f64> {
        let mut v: Vec<f64> = replayed.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let ours = errors(|r| (r.estimate - r.real).abs());
    let naive = errors(|r| (r.baseline - r.real).abs());
    let real = errors(|r| r.real);
    Figures {
        tickets: replayed.len(),
        median: percentile(&ours, 50),
        p90: percentile(&ours, 90),
        baseline_median: percentile(&naive, 50),
        baseline_p90: percentile(&naive, 90),
        real_median: percentile(&real, 50),
    }
}

/// The nearest-rank percentile of sorted values (0 when there are none).
pub fn percentile(sorted: &[f64], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ticket::tests::{at, ticket};

    fn visit(id: i64, arrived: i64, called: i64, finished: i64) -> Ticket {
        let mut t = ticket(id, Status::Done);
        t.arrived_at = at(arrived);
        (t.called_at, t.started_at, t.finished_at) =
            (Some(at(called)), Some(at(called)), Some(at(finished)));
        t
    }

    fn rule() -> Fairness {
        Fairness {
            warning: Duration::minutes(6),
            streak_cap: 3,
        }
    }

    #[test]
    fn each_ticket_is_estimated_from_what_was_known_at_its_arrival() {
        // One counter; visits of 5 minutes, the next called as one ends.
        let day = [visit(1, 0, 0, 5), visit(2, 1, 5, 10), visit(3, 2, 10, 15)];
        let prior = BTreeMap::from([("A".to_string(), 5.0)]);
        let r = replay_day(&day, &prior, 1, rule());
        let real: Vec<f64> = r.iter().map(|r| r.real).collect();
        assert_eq!(real, [0.0, 4.0, 8.0]);
        // Ticket 2: visit 1 at the counter for 1 of its 5 minutes.
        assert!((r[1].estimate - (4.0 + super::super::CALL_GAP_MINUTES)).abs() < 1e-9);
        assert_eq!(r[1].baseline, 0.0, "nobody ahead in the queue");
        // Ticket 3: ticket 2 ahead of it.
        assert_eq!(r[2].baseline, 5.0);
        let f = figures(&r);
        assert_eq!(f.tickets, 3);
        assert!(f.median.is_finite() && f.p90 >= f.median);
    }

    #[test]
    fn the_prior_is_the_window_s_average_per_service() {
        let mut prior = Prior::default();
        let d = |n| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        prior.add_day(d(1), &[visit(1, 0, 0, 4), visit(2, 0, 0, 8)]);
        prior.add_day(d(2), &[visit(3, 0, 0, 9)]);
        assert_eq!(prior.before(d(2)), BTreeMap::from([("A".to_string(), 6.0)]));
        assert_eq!(prior.before(d(3)), BTreeMap::from([("A".to_string(), 7.0)]));
        assert!(
            prior.before(d(2) + Duration::days(29)).is_empty(),
            "out of the window"
        );
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 50), 5.0);
        assert_eq!(percentile(&v, 90), 9.0);
        assert_eq!(percentile(&[], 90), 0.0);
        assert_eq!(percentile(&[3.0], 90), 3.0);
    }
}
