//! History: finished business days, written in bulk.

use chrono::{Datelike, FixedOffset, NaiveDate, Weekday};

use super::events::EventLog;
use super::mix::{add_details, local_time, step_details};
use super::referrals::Referrals;
use super::rng::{mix_seed, Rng};
use super::simulation::{Clients, DayPlan, Simulation};
use super::{put_roster, OPENS_AT_HOUR, VISITS_PER_DAY};
use crate::config::Catalog;
use crate::domain::event::EventKind;
use crate::domain::ticket::Ticket;
use crate::store::tickets::NewTicket;
use crate::store::{Db, Store, StoreError};

/// What [`history`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistorySummary {
    pub days: u32,
    pub tickets: u64,
    pub events: u64,
    /// Referral cards, re-referred ones included.
    pub cards: u64,
    pub prospects: u64,
    pub contacts: u64,
}

/// How much history to write.
#[derive(Clone, Copy, Debug)]
pub struct HistoryOptions {
    /// Business days, ending at the last day.
    pub days: u32,
    pub seed: u64,
    /// Visits on an average business day.
    pub visits_per_day: u32,
}

/// The `days` business days ending at `last_day` (inclusive), oldest first.
/// The demo branch opens Monday to Saturday, like many Chinese branches;
/// Saturday is quieter. Public holidays are not modelled.
pub fn business_days(last_day: NaiveDate, days: u32) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = last_day
        .iter_days()
        .rev()
        .filter(|d| d.weekday() != Weekday::Sun)
        .take(days as usize)
        .collect();
    out.reverse();
    out
}

/// How busy a weekday is against the average business day: Monday and Friday
/// are the busiest, Saturday the quietest.
pub(super) fn weekday_factor(day: NaiveDate) -> f64 {
    match day.weekday() {
        Weekday::Mon => 1.25,
        Weekday::Tue => 1.0,
        Weekday::Wed => 0.95,
        Weekday::Thu => 1.0,
        Weekday::Fri => 1.2,
        Weekday::Sat => 0.6,
        Weekday::Sun => 0.0,
    }
}

/// Referral cards on an average business day of `visits_per_day` visits
/// when nobody asks for a number: about one visit in five (80 at 400).
pub fn default_cards_per_day(visits_per_day: u32) -> u32 {
    (visits_per_day * 11).div_ceil(50)
}

/// [`history_with`] at [`VISITS_PER_DAY`].
pub fn history(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    last_day: NaiveDate,
    days: u32,
    seed: u64,
) -> Result<HistorySummary, StoreError> {
    let options = HistoryOptions {
        days,
        seed,
        visits_per_day: VISITS_PER_DAY,
    };
    history_with(store, catalog, offset, last_day, &options)
}

/// [`history_with_cards`] at [`default_cards_per_day`].
pub fn history_with(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    last_day: NaiveDate,
    options: &HistoryOptions,
) -> Result<HistorySummary, StoreError> {
    let cards = default_cards_per_day(options.visits_per_day);
    history_with_cards(store, catalog, offset, last_day, options, cards)
}

/// Write finished business days ([`business_days`]) ending at `last_day`:
/// arrivals from 09:00 to 17:00 local with a lunchtime peak, more on Monday
/// and Friday; service mix A, then C, V, B, L; about one in ten a priority
/// class; the counters call in the application's call order, so waits grow at
/// the peaks; about 3% no-shows and 5% diverted by the lobby manager; a third
/// of the visits by known clients, who come back. Every ticket ends done,
/// no-show or diverted, with its events. The demo roster is put first if it
/// is missing.
///
/// About `cards_per_day` referral cards a day (in proportion to the day's
/// visits) are flagged on served known clients and worked by the line's
/// manager (`Referrals`); those who do not sign go on the follow-up list and
/// are contacted at the catalog's cadence until won, lost or handed back.
/// Prospects of the last weeks stay open.
///
/// When the visits asked for are more than three counters can serve, service
/// times are shortened so the day still ends near closing time. Each day is
/// one transaction; writing a day twice adds a second set of visits to it.
pub fn history_with_cards(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    last_day: NaiveDate,
    options: &HistoryOptions,
    cards_per_day: u32,
) -> Result<HistorySummary, StoreError> {
    let days = business_days(last_day, options.days);
    let Some(first) = days.first() else {
        return Ok(HistorySummary::default());
    };
    let before_opening = local_time(*first, OPENS_AT_HOUR - 1, offset);
    let roster = store.write(|db| put_roster(db, before_opening))?;

    // A day's cards and follow-ups touch pages all over the tables and
    // indexes: keep them in memory until the day commits, instead of
    // spilling them to the write-ahead log again and again.
    let settings = store.begin_bulk(HISTORY_CACHE_KIB)?;
    let written = write_days(store, catalog, offset, &days, options, cards_per_day);
    store.end_bulk(settings)?;
    let mut summary = written?;
    summary.events += roster;
    Ok(summary)
}

/// The page cache while history is written, in KiB.
const HISTORY_CACHE_KIB: i64 = 64 * 1024;

/// The days of [`history_with_cards`], one transaction each: the visits,
/// then the day's cards and follow-ups, then every event in time order.
fn write_days(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    days: &[NaiveDate],
    options: &HistoryOptions,
    cards_per_day: u32,
) -> Result<HistorySummary, StoreError> {
    let mut summary = HistorySummary::default();
    let sim = Simulation::new(catalog, options.visits_per_day);
    let mut clients = Clients::new(options.seed, options.visits_per_day);
    let mut referrals = Referrals::new(catalog, options.visits_per_day, cards_per_day, offset);
    for &day in days {
        let stream = day.num_days_from_ce() as u64;
        let mut rng = Rng::new(mix_seed(options.seed, stream));
        let plan = sim.day(&mut rng, day, offset, &clients);
        let mut rng = Rng::new(mix_seed(options.seed ^ 0x5245_4645, stream));
        let (tickets, events) = store.write(|db| {
            let mut log = EventLog::default();
            let saved = write_day(db, &plan, &sim.actors, &mut clients, &mut log)?;
            referrals.day(db, &mut log, &mut rng, day, &saved)?;
            Ok::<_, StoreError>((saved.len() as u64, log.write(db)?))
        })?;
        summary.days += 1;
        summary.tickets += tickets;
        summary.events += events;
    }
    summary.cards = referrals.cards;
    summary.prospects = referrals.prospects;
    summary.contacts = referrals.contacts;
    Ok(summary)
}

/// Write one simulated day: the tickets in arrival order (so their numbers
/// are the day's sequence), and their events; returns the tickets as saved.
fn write_day(
    db: &Db,
    plan: &DayPlan,
    actors: &[String],
    clients: &mut Clients,
    log: &mut EventLog,
) -> Result<Vec<Ticket>, StoreError> {
    let mut saved: Vec<Ticket> = Vec::with_capacity(plan.tickets.len());
    for (t, client) in plan.tickets.iter().zip(&plan.clients) {
        let client_id = match client {
            Some(k) => Some(clients.id(db, log, *k, t.arrived_at, &actors[0])?),
            None => None,
        };
        let new = NewTicket {
            service: t.service.clone(),
            priority: t.priority.clone(),
            is_priority: t.is_priority,
            client_id,
            note: None,
        };
        let waiting = db.add_ticket(t.day, &new, t.arrived_at)?;
        let done = Ticket {
            id: waiting.id,
            number: waiting.number.clone(),
            seq: waiting.seq,
            client_id,
            client_name: waiting.client_name.clone(),
            client_mobile: waiting.client_mobile.clone(),
            ..t.clone()
        };
        db.update_ticket(&waiting, &done)?;
        saved.push(done);
    }
    for e in &plan.events {
        let t = &saved[e.ticket];
        let (kind, details) = match &e.step {
            None => (EventKind::TicketAdd, add_details(t)),
            Some(s) => (s.kind, step_details(&t.number, s)),
        };
        log.add(e.at, &actors[e.actor], kind, Some(t.id), details);
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn business_days_skip_sundays() {
        // 2026-11-23 is a Monday.
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let days = business_days(monday, 3);
        let names: Vec<Weekday> = days.iter().map(|d| d.weekday()).collect();
        assert_eq!(names, [Weekday::Fri, Weekday::Sat, Weekday::Mon]);
    }

    #[test]
    fn weekdays_average_to_one() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let sum: f64 = business_days(monday + Duration::days(5), 6)
            .into_iter()
            .map(weekday_factor)
            .sum();
        assert!((sum - 6.0).abs() < 1e-9);
    }
}
