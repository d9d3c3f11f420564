//! The expected wait of each waiting ticket: the call order (the priority
//! rule included) played out on the counters open, each visit taking its
//! service's recent time at a counter; and the naive estimate it is
//! measured against (place × average time ÷ counters).

pub mod replay;

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Utc};

use super::queue::{choose, Fairness};
use super::ticket::{Status, Ticket};

/// Today's visits of a service that its time at a counter is taken from: the
/// most recent ones.
pub const RECENT_VISITS: usize = 10;
/// How many of today's visits the prior (from earlier days) counts as: with
/// few visits today, a service's time stays near its usual one.
pub const PRIOR_WEIGHT: f64 = 3.0;
/// Minutes at a counter assumed for a service nobody has timed yet.
pub const DEFAULT_MINUTES: f64 = 6.0;
/// Minutes between one visit's end and the next call at the same counter.
pub const CALL_GAP_MINUTES: f64 = 0.4;
/// A visit already longer than its service's time is expected to go on for
/// at least this share of that time.
const OVERRUN_SHARE: f64 = 0.25;

/// A finished visit's time at the counter, from its first call to its end
/// (a no-show's too: the counter waited for them), in minutes.
pub fn counter_minutes(t: &Ticket) -> Option<f64> {
    let (called, finished) = (t.called_at?, t.finished_at?);
    match t.status {
        Status::Done | Status::NoShow => Some((finished - called).num_seconds() as f64 / 60.0),
        _ => None,
    }
}

/// How long each service's visits take at a counter: today's most recent
/// ones, drawn towards the service's usual time from earlier days.
#[derive(Clone, Debug, Default)]
pub struct ServiceTimes {
    /// Today's most recent visits by service, oldest first.
    recent: BTreeMap<String, VecDeque<f64>>,
    /// Today's visits of every service: their count and total minutes.
    today: (usize, f64),
    /// The usual minutes of each service, from earlier days.
    prior: BTreeMap<String, f64>,
}

impl ServiceTimes {
    /// No visit timed today yet; `prior` is each service's usual minutes.
    pub fn new(prior: BTreeMap<String, f64>) -> ServiceTimes {
        ServiceTimes {
            prior,
            ..ServiceTimes::default()
        }
    }

    /// A visit of `service` finished today, taking `minutes` at the counter
    /// (add them in the order they finished).
    pub fn add(&mut self, service: &str, minutes: f64) {
        let list = self.recent.entry(service.to_string()).or_default();
        list.push_back(minutes);
        if list.len() > RECENT_VISITS {
            list.pop_front();
        }
        self.today.0 += 1;
        self.today.1 += minutes;
    }

    /// The usual minutes of a service: its prior, else the priors' average,
    /// else [`DEFAULT_MINUTES`].
    fn usual(&self, service: &str) -> f64 {
        self.prior
            .get(service)
            .copied()
            .unwrap_or_else(|| match self.prior.len() {
                0 => DEFAULT_MINUTES,
                n => self.prior.values().sum::<f64>() / n as f64,
            })
    }

    /// The expected minutes of a visit of `service` at a counter.
    pub fn minutes(&self, service: &str) -> f64 {
        let (n, sum) = self
            .recent
            .get(service)
            .map_or((0, 0.0), |r| (r.len(), r.iter().sum::<f64>()));
        (sum + PRIOR_WEIGHT * self.usual(service)) / (n as f64 + PRIOR_WEIGHT)
    }

    /// The average minutes of today's visits, whatever their service (the
    /// usual ones' average before any): the naive estimate's figure.
    pub fn average(&self) -> f64 {
        match self.today {
            (0, _) => self.usual(""),
            (n, sum) => sum / n as f64,
        }
    }
}

/// The lobby at one moment, as the estimate needs it.
#[derive(Clone, Debug)]
pub struct Lobby<'a> {
    /// The tickets waiting (others are left out).
    pub waiting: Vec<&'a Ticket>,
    /// The visits at the counters now: service and first call.
    pub at_counters: Vec<(&'a str, DateTime<Utc>)>,
    /// Counters open for these tickets' services.
    pub counters: usize,
    /// Priority calls in a row just before now.
    pub streak: usize,
    pub now: DateTime<Utc>,
    pub rule: Fairness,
}

/// The expected wait of every waiting ticket, in minutes from now until its
/// call, in call order: the counters free up as their visits end, each takes
/// the next ticket by the priority rule (at the moment it frees up, so a
/// normal ticket can become owed meanwhile), and each visit takes its
/// service's expected time.
pub fn expected_waits(lobby: &Lobby, times: &ServiceTimes) -> Vec<(i64, f64)> {
    let now = lobby.now;
    let counters = lobby.counters.max(1);
    let mut free: Vec<f64> = lobby
        .at_counters
        .iter()
        .map(|(service, since)| {
            let expected = times.minutes(service);
            let elapsed = (now - *since).num_seconds() as f64 / 60.0;
            (expected - elapsed).max(OVERRUN_SHARE * expected) + CALL_GAP_MINUTES
        })
        .collect();
    free.sort_by(f64::total_cmp);
    free.truncate(counters);
    free.resize(counters, 0.0);

    let mut waiting = lobby.waiting.clone();
    waiting.retain(|t| t.status == Status::Waiting);
    waiting.sort_by_key(|t| (t.arrived_at, t.id));
    let (mut prio, mut normal): (Vec<&Ticket>, Vec<&Ticket>) =
        waiting.into_iter().partition(|t| t.is_priority);
    prio.reverse();
    normal.reverse();

    let mut streak = lobby.streak;
    let mut out = Vec::with_capacity(prio.len() + normal.len());
    loop {
        let (c, at) = free
            .iter()
            .copied()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("at least one counter");
        let moment = now + chrono::Duration::seconds((at * 60.0) as i64);
        let head = (prio.last().copied(), normal.last().copied());
        let Some((take_normal, _)) = choose(head.0, head.1, streak, moment, lobby.rule) else {
            break;
        };
        let t = match take_normal {
            true => normal.pop(),
            false => prio.pop(),
        }
        .expect("the chosen queue has a head");
        streak = if t.is_priority { streak + 1 } else { 0 };
        out.push((t.id, at));
        free[c] = at + times.minutes(&t.service) + CALL_GAP_MINUTES;
    }
    out
}

/// The naive estimate: the people ahead × the average visit ÷ the counters.
pub fn baseline(ahead: usize, times: &ServiceTimes, counters: usize) -> f64 {
    ahead as f64 * times.average() / counters.max(1) as f64
}

/// Minutes as the lobby and the kiosk say them: whole, rounded up (a wait
/// under a minute is said as one, nothing ahead and a counter free as 0).
pub fn shown_minutes(minutes: f64) -> i64 {
    if minutes <= 0.0 {
        0
    } else {
        minutes.ceil() as i64
    }
}

#[cfg(test)]
mod tests;
