//! The demo branch: its roster (`data/demo.toml`), a morning's queue in
//! progress with today's referral cards and the follow-up list, and years of
//! finished business days (visits, cards, prospects and their contacts) for
//! reports and benchmarks.
//!
//! Everything is made up from a seed with a small splitmix64 generator, so the
//! same seed always gives the same branch. The generator plans what happens
//! as timed actions (who does what, when), puts them on an agenda and carries
//! them out in time order, each through the operations layer ([`ops`]) as
//! the roster's person who would have done it, at the simulated moment and
//! on its business day: the same rules, numbering and events as the
//! application, and a trail that reads in time order. Many operations share
//! one transaction (a day of history, or the whole morning); each day of
//! history ends with the lobby manager closing it (日终), its figures frozen.
//! The roster too is put through an operation, which refuses a database
//! with a real roster.
//!
//! [`ops`]: crate::ops

mod agenda;
pub mod backtest;
mod book;
mod cast;
mod complaints;
mod cross_sell;
mod desk;
mod dormant;
mod earlier;
mod followups;
mod history;
mod mix;
mod morning;
mod referrals;
mod rng;
mod script;
mod simulation;
mod today;

pub use book::client_book;
pub use history::{
    business_days, default_cards_per_day, history, history_with, history_with_cards,
    HistoryOptions, HistorySummary,
};
pub use morning::morning;

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::config::Catalog;
use crate::store::staff::Staff;
use crate::store::{Db, Store, StoreError};

const DATA: &str = include_str!("../../data/demo.toml");

/// Visits on an average business day when nobody asks for more.
pub const VISITS_PER_DAY: u32 = 120;

/// Branch hours, local time: doors open at 09:00 and close at 17:00; whoever
/// took a ticket before closing is still served.
const OPENS_AT_HOUR: u32 = 9;
/// The relative number of arrivals in each opening hour, 09:00 to 16:00;
/// the peak is the lunch hour (12:00–13:00), when office workers come.
const HOURLY: [f64; 8] = [0.9, 1.15, 1.3, 1.6, 1.25, 0.95, 0.95, 0.9];

#[derive(Deserialize)]
struct DemoData {
    staff: Vec<DemoStaff>,
    names: Names,
    notes: Notes,
    /// Product code to the (low, high) amount of a contract, in yuan.
    amounts: HashMap<String, (u64, u64)>,
    /// Need code to the product a contract for it is usually in.
    need_products: HashMap<String, String>,
    contact: ContactTexts,
}

/// What people write on cards and when things end.
#[derive(Deserialize)]
struct Notes {
    any: Vec<String>,
    refer_notes: Vec<String>,
    declined_notes: Vec<String>,
    lost_notes: Vec<String>,
    /// By need code.
    #[serde(flatten)]
    by_need: HashMap<String, Vec<String>>,
}

/// The follow-up log's texts.
#[derive(Deserialize)]
struct ContactTexts {
    /// By channel code; `any` for the others.
    summary: HashMap<String, Vec<String>>,
    result: Vec<String>,
    next_step: Vec<String>,
}

#[derive(Deserialize)]
struct DemoStaff {
    code: String,
    name: String,
    roles: Vec<String>,
    counter: Option<u32>,
}

#[derive(Deserialize)]
struct Names {
    surnames: Vec<String>,
    given: Vec<String>,
}

fn data() -> &'static DemoData {
    static DATA_PARSED: OnceLock<DemoData> = OnceLock::new();
    DATA_PARSED.get_or_init(|| toml::from_str(DATA).expect("data/demo.toml is valid"))
}

/// The demo branch's roster, as in `data/demo.toml`.
pub fn roster() -> Vec<Staff> {
    data()
        .staff
        .iter()
        .map(|s| Staff {
            code: s.code.clone(),
            name: s.name.clone(),
            roles: s.roles.clone(),
            counter: s.counter,
            active: true,
        })
        .collect()
}

/// The demo's lobby manager: the identity `--demo` opens with.
pub fn lobby_manager() -> String {
    roster()
        .into_iter()
        .find(|s| s.has_role("lobby"))
        .map_or_else(|| "LOBBY".to_string(), |s| s.code)
}

/// The demo tellers at the catalog's counters: (counter, staff code), by counter.
fn tellers(catalog: &Catalog) -> Vec<(u32, String)> {
    let mut t: Vec<(u32, String)> = roster()
        .into_iter()
        .filter(|s| s.has_role("teller"))
        .filter_map(|s| s.counter.map(|c| (c, s.code)))
        .filter(|(c, _)| catalog.counter(*c).is_some_and(|k| k.line.is_none()))
        .collect();
    t.sort();
    t
}

/// Put the demo roster in the database, with a `staff.add` (or `staff.update`)
/// event for each entry that was missing or different. Running it again
/// changes nothing.
pub fn seed_roster(store: &mut Store, now: DateTime<Utc>) -> Result<(), StoreError> {
    store.write(|db| put_roster(db, now).map(|_| ()))
}

/// The roster writes of [`seed_roster`] inside a transaction, through the
/// operations; returns the number of entries written. A database with a
/// real roster is refused ([`crate::ops::OpError::NotThrowaway`]).
fn put_roster(db: &Db, now: DateTime<Utc>) -> Result<u64, StoreError> {
    match crate::ops::admin::seed_roster(db, now, &roster()) {
        Ok(n) => Ok(n),
        Err(crate::ops::OpError::Store(e)) => Err(e),
        // A real branch's roster: callers check first (`ops::admin::throwaway`).
        Err(_) => Err(StoreError::NotLobbydesk(std::path::PathBuf::from("demo"))),
    }
}
