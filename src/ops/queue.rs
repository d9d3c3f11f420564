//! The queue as the lobby and a kiosk read it: the call order, each waiting
//! ticket's place and expected wait, and why the next ticket is next.
//! Nothing is written and no client detail is shown here.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Catalog;
use crate::domain::queue::{call_order, priority_streak, why_next, WhyNext};
use crate::domain::ticket::Ticket;
use crate::domain::wait::{expected_waits, Lobby, ServiceTimes, RECENT_VISITS};
use crate::store::counters::Pause;
use crate::store::{Db, StoreError};

/// The counters (and lines' desks) open for a service's tickets: those
/// taking the service that are not paused (at least one: a ticket is
/// served somewhere).
pub fn counters_open(catalog: &Catalog, paused: &[u32], service: &str) -> usize {
    catalog
        .counters
        .iter()
        .filter(|c| !paused.contains(&c.number) && c.services.iter().any(|s| s == service))
        .count()
        .max(1)
}

/// Whether some counter takes both services: their tickets wait in one line.
fn share_counters(catalog: &Catalog, a: &str, b: &str) -> bool {
    a == b
        || catalog
            .counters
            .iter()
            .any(|c| c.services.iter().any(|s| s == a) && c.services.iter().any(|s| s == b))
}

/// Each service's usual minutes at a counter, from the days before `day`:
/// read once a day.
pub fn usual_minutes(db: &Db, day: NaiveDate) -> Result<BTreeMap<String, f64>, StoreError> {
    Ok(db.usual_minutes(day)?.into_iter().collect())
}

/// A waiting ticket in the queue.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub ticket: Ticket,
    /// 1 for the next to be called.
    pub place: usize,
    /// The people before it in its own line: the waiting tickets called
    /// before it that the same counters take.
    pub ahead: usize,
    /// Minutes from now until its call, expected.
    pub expected_minutes: f64,
}

/// The waiting tickets in call order, and why the first is next.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueueView {
    pub waiting: Vec<Place>,
    pub why_next: Option<WhyNext>,
}

impl QueueView {
    pub fn of(&self, id: i64) -> Option<&Place> {
        self.waiting.iter().find(|p| p.ticket.id == id)
    }
}

/// What the queue's order and waits come from besides its open tickets,
/// read once for every play of it: the counters paused, the priority
/// streak of the last calls, and the day's recent service times.
pub struct Inputs {
    /// The open pauses, as [`Db::open_pauses`] reads them.
    pub pauses: Vec<Pause>,
    streak: usize,
    timed: Vec<(String, f64)>,
}

impl Inputs {
    pub fn read(db: &Db, catalog: &Catalog, day: NaiveDate) -> Result<Inputs, StoreError> {
        let cap = catalog.thresholds.priority_streak_cap;
        let services = catalog.services.len().max(1);
        Ok(Inputs {
            pauses: db.open_pauses()?,
            streak: priority_streak(&db.recent_calls(day, cap + 1)?),
            timed: db.visits_timed(day, RECENT_VISITS * services * 2)?,
        })
    }
}

/// The queue at `now` from its open tickets (as [`Db::open_tickets`] reads
/// them), the rest of its `inputs` and each service's `usual` minutes.
pub fn view(
    catalog: &Catalog,
    open: &[Ticket],
    inputs: &Inputs,
    now: DateTime<Utc>,
    usual: &BTreeMap<String, f64>,
) -> QueueView {
    let rule = catalog.fairness();
    let paused: Vec<u32> = inputs.pauses.iter().map(|p| p.counter).collect();
    let streak = inputs.streak;
    let order = call_order(open, streak, now, rule);
    let why = why_next(open, streak, now, rule).map(|(_, why)| why);

    let mut times = ServiceTimes::new(usual.clone());
    for (service, minutes) in inputs.timed.iter().rev() {
        times.add(service, *minutes);
    }
    let at_counters: Vec<(&str, DateTime<Utc>)> = open
        .iter()
        .filter(|t| t.status.holds_counter())
        .map(|t| (t.service.as_str(), t.called_at.unwrap_or(now)))
        .collect();
    // One play of the queue for each service: the tickets the same counters
    // take (those sharing a counter with it) on the counters open for it.
    let mut played: BTreeMap<&str, Vec<(i64, f64)>> = BTreeMap::new();
    let mut waiting = Vec::with_capacity(order.len());
    for (i, t) in order.iter().enumerate() {
        let service = t.service.as_str();
        let waits = played.entry(service).or_insert_with(|| {
            let lobby = Lobby {
                waiting: order
                    .iter()
                    .copied()
                    .filter(|o| share_counters(catalog, &o.service, service))
                    .collect(),
                at_counters: at_counters
                    .iter()
                    .copied()
                    .filter(|(s, _)| share_counters(catalog, s, service))
                    .collect(),
                counters: counters_open(catalog, &paused, service),
                streak,
                now,
                rule,
            };
            expected_waits(&lobby, &times)
        });
        let expected = waits.iter().find(|w| w.0 == t.id).map_or(0.0, |w| w.1);
        let ahead = order[..i]
            .iter()
            .filter(|o| share_counters(catalog, &o.service, service))
            .count();
        waiting.push(Place {
            ticket: (*t).clone(),
            place: i + 1,
            ahead,
            expected_minutes: expected,
        });
    }
    QueueView {
        waiting,
        why_next: why,
    }
}

/// Minutes a newcomer to each service would wait if they took a normal
/// ticket now: what a kiosk would print for them, as the calling board
/// shows it. The queue of `day` from its open tickets, each play of it
/// from the same [`Inputs`].
pub fn newcomer_waits(
    db: &Db,
    catalog: &Catalog,
    open: &[Ticket],
    day: NaiveDate,
    now: DateTime<Utc>,
    usual: &BTreeMap<String, f64>,
) -> Result<Vec<(String, f64)>, StoreError> {
    let normal = catalog
        .priorities
        .iter()
        .find(|p| !p.priority)
        .map_or(String::new(), |p| p.code.clone());
    let inputs = Inputs::read(db, catalog, day)?;
    let mut waits = Vec::with_capacity(catalog.services.len());
    for s in &catalog.services {
        let mut with = open.to_vec();
        // An id no stored ticket has.
        let newcomer = Ticket::planned(-1, day, s.letter.clone(), normal.clone(), false, now);
        with.push(newcomer);
        let queue = view(catalog, &with, &inputs, now, usual);
        let minutes = queue.of(-1).map_or(0.0, |p| p.expected_minutes);
        waits.push((s.letter.clone(), minutes));
    }
    Ok(waits)
}
