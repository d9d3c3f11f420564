//! History: finished business days, many operations to a transaction.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};

use super::agenda::Agenda;
use super::cast::{done, Cast};
use super::followups::FollowStep;
use super::mix::local_time;
use super::referrals::{Referrals, Work};
use super::rng::{mix_seed, Rng};
use super::simulation::{Clients, DayPlan, Simulation};
use super::{put_roster, OPENS_AT_HOUR, VISITS_PER_DAY};
use crate::config::Catalog;
use crate::i18n::Lang;
use crate::ops::tickets::{self, check_walkin, TicketTarget};
use crate::ops::Op;
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
    /// The clients who come (the pool visits are drawn from): by default
    /// fifty times the visits of a day.
    pub clients: Option<u64>,
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
        clients: None,
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
/// one transaction, whose operations run in time order as the people who do
/// them; writing a day twice adds a second set of visits to it.
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

/// What the history does on a business day, each at its moment.
pub(super) enum Doing {
    /// The day plan's event: an arrival, or a step of a ticket.
    Visit(usize),
    Card(Box<Work>),
    Follow(FollowStep),
}

/// The days of [`history_with_cards`], one transaction each: the day's
/// visits, cards and follow-ups put on one agenda and carried out in time
/// order, each through the operations as the person who does it.
fn write_days(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    days: &[NaiveDate],
    options: &HistoryOptions,
    cards_per_day: u32,
) -> Result<HistorySummary, StoreError> {
    let mut summary = HistorySummary::default();
    let cast = Cast::new(catalog);
    let sim = Simulation::new(catalog, options.visits_per_day);
    let clients = Clients::new(options.seed, options.visits_per_day, options.clients);
    let mut referrals = Referrals::new(catalog, options.visits_per_day, cards_per_day, offset);
    let lobby = super::lobby_manager();
    for &day in days {
        let stream = day.num_days_from_ce() as u64;
        let mut rng = Rng::new(mix_seed(options.seed, stream));
        let plan = sim.day(&mut rng, day, offset, &clients);
        let mut rng = Rng::new(mix_seed(options.seed ^ 0x5245_4645, stream));
        let mut agenda = Agenda::default();
        for (i, e) in plan.events.iter().enumerate() {
            agenda.push(e.at, Doing::Visit(i));
        }
        referrals.plan_day(&mut agenda, &mut rng, day, &plan);
        let (tickets, events) = store.write(|db| {
            let first = db.last_event_id()?;
            let mut saved: Vec<Option<i64>> = vec![None; plan.tickets.len()];
            let mut last = day_close_at(day, offset);
            while let Some((at, doing)) = agenda.pop() {
                last = last.max(at);
                let Doing::Visit(i) = doing else {
                    let now = Ctx {
                        db,
                        cast: &cast,
                        day,
                        at,
                        saved: &saved,
                    };
                    referrals.run(&now, &mut agenda, &mut rng, doing)?;
                    continue;
                };
                visit(db, &cast, &sim, &clients, &plan, i, day, &mut saved)?;
            }
            // The lobby manager closes the day when all is done.
            let close = cast.op(&lobby, last, day);
            let closed = crate::ops::day::close_day(db, &close, day, offset);
            if let Err(crate::ops::OpError::Store(e)) = closed {
                return Err(e);
            }
            let tickets = saved.iter().flatten().count() as u64;
            Ok::<_, StoreError>((tickets, (db.last_event_id()? - first) as u64))
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

/// When the lobby manager closes a day of history: 18:00 local time (or
/// after the day's last action, if later).
pub(super) fn day_close_at(day: NaiveDate, offset: FixedOffset) -> DateTime<Utc> {
    let six = day.and_hms_opt(18, 0, 0).unwrap_or_default();
    DateTime::<Utc>::from_naive_utc_and_offset(six, Utc)
        - chrono::Duration::seconds(offset.local_minus_utc().into())
}

/// The moment the history is at, inside a day's transaction.
pub(super) struct Ctx<'c, 'd> {
    pub(super) db: &'c Db<'d>,
    pub(super) cast: &'c Cast<'c>,
    pub(super) day: NaiveDate,
    pub(super) at: DateTime<Utc>,
    /// The id of each ticket of the day plan, once registered.
    pub(super) saved: &'c [Option<i64>],
}

impl Ctx<'_, '_> {
    /// `code` acting now.
    pub(super) fn op(&self, code: &str) -> Op<'_> {
        self.cast.op(code, self.at, self.day)
    }
}

/// One event of the day plan through the queue's operations: the lobby
/// manager registers the walk-in (with the client's name and mobile when
/// they are known), or the planned person takes the step.
#[allow(clippy::too_many_arguments)]
fn visit(
    db: &Db,
    cast: &Cast,
    sim: &Simulation,
    clients: &Clients,
    plan: &DayPlan,
    i: usize,
    day: NaiveDate,
    saved: &mut [Option<i64>],
) -> Result<(), StoreError> {
    let e = &plan.events[i];
    let op = cast.op(&sim.actors[e.actor], e.at, day);
    match &e.step {
        None => {
            let t = &plan.tickets[e.ticket];
            let (name, mobile) = plan.clients[e.ticket]
                .map(|k| clients.details(k))
                .unwrap_or_default();
            let walkin = check_walkin(
                cast.catalog,
                Lang::En,
                &t.service,
                &t.priority,
                &name,
                &mobile,
            );
            if let Ok(w) = walkin {
                saved[e.ticket] = done(tickets::register_walkin(db, &op, &w))?.map(|t| t.id);
            }
        }
        Some(step) => {
            if let Some(id) = saved[e.ticket] {
                done(tickets::step(db, &op, TicketTarget::Ticket(id), step))?;
            }
        }
    }
    Ok(())
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
