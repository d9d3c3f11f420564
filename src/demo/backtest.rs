//! The expected wait measured on stored days: each day replayed in turn
//! (`domain::wait::replay`), every called ticket's wait estimated at its
//! arrival from what was known then, each service's usual time taken from
//! the days before, as the lobby takes it.

use chrono::NaiveDate;

use crate::config::Catalog;
use crate::domain::wait::replay::{figures, replay_day, Figures, Prior, Replayed};
use crate::store::{Db, Result};

/// Replay `days` (oldest first) and measure both estimates' errors.
pub fn backtest(db: &Db, catalog: &Catalog, days: &[NaiveDate]) -> Result<Figures> {
    let mut prior = Prior::default();
    let mut replayed: Vec<Replayed> = Vec::new();
    // The demo's counters take every walk-in service.
    let counters = catalog.counters.iter().filter(|c| c.line.is_none()).count();
    for &day in days {
        let tickets = db.tickets_of(day)?;
        let usual = prior.before(day);
        replayed.extend(replay_day(&tickets, &usual, counters, catalog.fairness()));
        prior.add_day(day, &tickets);
    }
    Ok(figures(&replayed))
}

/// The backtest on a demo branch made for it: `options.days` business days
/// of history ending at `last_day` written into a new database at `path`
/// (the demo generator, through the operations), then replayed.
pub fn demo_backtest(
    path: &std::path::Path,
    catalog: &Catalog,
    last_day: NaiveDate,
    options: &super::HistoryOptions,
) -> Result<Figures> {
    let mut store = crate::store::Store::open(path)?;
    let offset = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    super::history_with(&mut store, catalog, offset, last_day, options)?;
    let days = super::business_days(last_day, options.days);
    let figures = backtest(&store.db(), catalog, &days)?;
    Ok(figures)
}
