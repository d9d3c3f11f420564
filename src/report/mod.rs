//! End-of-day figures (日终): computed once from the stored records, drawn by
//! the review screen and printed by `lobbydesk report` as Markdown, CSV or JSON.
//!
//! [`Report::compute`] runs a fixed number of set-based queries
//! (`crate::store::report`) on one read snapshot, whatever the range's length.
//!
//! # Rules
//!
//! - **Range.** Business days `date_from..=date_to` are local dates: tickets
//!   by their `day`; cards, prospects and contacts by their UTC times within
//!   [`date_from` 00:00, `date_to`+1 00:00) local.
//! - **Visits** count the range's tickets by their status now: `served` done,
//!   `waiting` still waiting, `open` called, serving or on hold.
//! - **Waits** (minutes, one decimal): first call − arrival for every ticket that was called
//!   (whatever came after: done, no-show, …). A ticket never called and still waiting on the
//!   business day of the report's `now` has waited until `now`. Tickets never called and
//!   diverted, marked no-show, or left waiting from an earlier day (abandoned: their wait is
//!   unknown) have no wait and are left out of the wait figures (they still count in `visits`
//!   and `hours.arrivals`). `p90_minutes` is the nearest-rank 90th percentile: the ⌈0.9·n⌉-th
//!   smallest wait, read exactly off the waits' histogram in whole seconds. `over_warning` /
//!   `over_alert` count waits strictly longer than the catalog's `wait_warning_minutes` /
//!   `wait_alert_minutes`.
//! - **Service time**: finished − started of done tickets (holds included).
//! - **Referrals** count cards by what happened in the range: `created`
//!   (every card made, re-referrals included), `accepted` (accepted in range),
//!   and by the card's current status with its outcome time in range:
//!   `contracted` (+ `contracted_amount`), `declined` (+ by objection), `intent`.
//!   `by_referrer.created` counts the cards a person made (`referred_by`);
//!   `by_referrer.contracted` the contracted cards crediting them as the
//!   original referrer (`referrer`, kept through re-referrals).
//!   The **funnel** follows the referral chains *begun* in the range (original
//!   cards created in range): how many have, by now, a card accepted, a card
//!   contracted, and the contracted amount.
//! - **Follow-ups**: `contacted` contacts logged in range; `won` / `lost` /
//!   `handed_back` prospects ended in range at that stage. `open`,
//!   `due_tomorrow` (next contact due the day after `date_to`) and `overdue`
//!   (due before `date_to`) are the open prospects as they stand now.
//! - **Staff**: one row per person on the roster who did anything in range:
//!   `referrals` cards made, `converted` contracted cards crediting them as
//!   original referrer, `closed` contracted cards they closed — the person
//!   who did the work: the receiver who recorded the contract, or the owner
//!   of the prospect whose win contracted the card (after a reassignment, the
//!   new owner, not the card's receiver) — `contacts`
//!   logged, `served` done tickets; `points` = referrals × points.referral +
//!   converted × points.converted + closed × points.closed + contacts ×
//!   points.contact (catalog `[points]`).
//! - **Lists**: `waits.by_service`, `referrals.by_line` and
//!   `declined_by_objection` always hold every catalog entry (zeros when
//!   idle), then any code found in the data but no longer in the catalog;
//!   `hours` always holds the 24 local hours 0–23; counters, tellers,
//!   referrers and staff appear only when they did something.
//!
//! # The JSON contract (`lobbydesk report --format json`)
//!
//! Stable: keys are snake_case and are never renamed; new keys may be added.
//! Minutes are numbers with one decimal, amounts are yuan (at most two
//! decimals), counts are integers; labels carry both languages, so the JSON is
//! the same whatever `--lang`. For the hand-made day of `tests/report.rs`
//! (`--date 2026-11-23`, at 11:30 local):
//!
//! ```json
//! {
//!   "date_from": "2026-11-23",
//!   "date_to": "2026-11-23",
//!   "visits": { "arrived": 8, "served": 4, "no_show": 1, "diverted": 1, "waiting": 1, "open": 1 },
//!   "waits": {
//!     "count": 7, "avg_minutes": 10.9, "p90_minutes": 30.0, "max_minutes": 30.0,
//!     "over_warning": 4, "over_alert": 2,
//!     "by_service": [
//!       { "service": "A", "label": { "zh": "个人业务", "en": "Personal banking" },
//!         "count": 5, "avg_minutes": 9.8, "p90_minutes": 30.0, "max_minutes": 30.0,
//!         "over_warning": 2, "over_alert": 1 }
//!     ]
//!   },
//!   "service": {
//!     "count": 4, "avg_minutes": 8.8, "max_minutes": 15.0,
//!     "by_counter": [ { "counter": 1, "count": 2, "avg_minutes": 7.5, "max_minutes": 10.0 } ],
//!     "by_teller": [ { "code": "T01", "name": "王芳", "count": 2, "avg_minutes": 7.5, "max_minutes": 10.0 } ]
//!   },
//!   "referrals": {
//!     "created": 6, "accepted": 5, "contracted": 2, "contracted_amount": 173456.78,
//!     "declined": 1, "declined_by_objection": { "distrust": 0, "no_need": 1, "poor_fit": 0 },
//!     "intent": 1,
//!     "by_line": [
//!       { "line": "wealth", "label": { "zh": "财富", "en": "Wealth" },
//!         "created": 4, "accepted": 3, "contracted": 1, "contracted_amount": 50000.0 }
//!     ],
//!     "by_referrer": [ { "code": "T01", "name": "王芳", "created": 2, "contracted": 2 } ],
//!     "funnel": { "created": 5, "accepted": 3, "contracted": 2, "contracted_amount": 173456.78 }
//!   },
//!   "followups": { "contacted": 3, "won": 1, "lost": 1, "handed_back": 0, "open": 3, "due_tomorrow": 1, "overdue": 1 },
//!   "staff": [
//!     { "code": "T01", "name": "王芳", "referrals": 2, "converted": 2, "closed": 0,
//!       "contacts": 0, "served": 2, "points": 12 }
//!   ],
//!   "hours": [ { "hour": 9, "arrivals": 3, "avg_wait_minutes": 5.0 } ],
//!   "counters": {
//!     "by_counter": [ { "counter": 1, "label": { "zh": "1号窗口", "en": "Counter 1" },
//!       "calls": 3, "walks": 3, "walk_avg_minutes": 2.0, "idle_minutes": 10.0,
//!       "paused_minutes": 30.0, "paused_by_reason": { "cash": 0.0, "lunch": 30.0, "other": 0.0, "training": 0.0 } } ],
//!     "by_teller": [ { "code": "T01", "name": "王芳", "calls": 3, … } ]
//!   },
//!   "service_level": {
//!     "within_minutes": 6, "count": 7, "within": 3, "share_percent": 42.9,
//!     "by_service": [ { "service": "A", "label": { "zh": "个人业务", "en": "Personal banking" },
//!                       "count": 5, "within": 3, "share_percent": 60.0 } ],
//!     "by_hour": [ { "hour": 9, "count": 3, "within": 2, "share_percent": 66.7 } ]
//!   },
//!   "appointments": { "booked": 0, "arrived": 0, "missed": 0, "cancelled": 0 }
//! }
//! ```
//!
//! (Lists shortened here; `hours` and `service_level.by_hour` always have 24 entries. `counters`:
//! walk, idle and paused time, rules in `report::counters`; service level, appointments: [`level`].)

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::config::Catalog;
use crate::i18n::Lang;
use crate::store::report::{Bounds, DoneRow, HourRow, StaffRow, WaitBin};
use crate::store::{Db, Result};

pub mod campaigns;
pub mod complaints;
mod compute;
pub mod counters;
pub mod cross_sell;
pub mod csv;
pub mod json;
pub mod level;
pub mod lost;
pub mod md;
pub mod pairs;
mod period;
pub mod points;
pub mod region;
pub mod targets;

pub use period::{Period, PeriodError};

// ---------------------------------------------------------------- the figures

/// A label in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Names {
    pub zh: String,
    pub en: String,
}

impl Names {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    fn same(code: &str) -> Names {
        Names {
            zh: code.to_string(),
            en: code.to_string(),
        }
    }
}

impl From<&crate::config::Label> for Names {
    fn from(l: &crate::config::Label) -> Names {
        Names {
            zh: l.zh.clone(),
            en: l.en.clone(),
        }
    }
}

/// Cents serialized as yuan: `5000000` → `50000.0`.
fn yuan<S: Serializer>(cents: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(*cents as f64 / 100.0)
}

/// Yuan read back as cents (a closed day's frozen figures).
fn cents<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    Ok((f64::deserialize(d)? * 100.0).round() as i64)
}

/// Seconds as minutes with one decimal.
fn minutes(secs: f64) -> f64 {
    (secs / 6.0).round() / 10.0
}

fn avg_minutes(sum_secs: i64, count: i64) -> f64 {
    if count == 0 {
        0.0
    } else {
        minutes(sum_secs as f64 / count as f64)
    }
}

/// Everything the end-of-day review shows, for a range of business days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// First business day, `YYYY-MM-DD`.
    pub date_from: String,
    /// Last business day, `YYYY-MM-DD` (equal to `date_from` for one day).
    pub date_to: String,
    pub visits: Visits,
    pub waits: Waits,
    pub service: ServiceTimes,
    pub referrals: Referrals,
    pub followups: Followups,
    pub staff: Vec<StaffFigures>,
    pub hours: Vec<HourFigures>,
    /// The pairs' figures (see [`pairs`]); none on a day frozen before them.
    #[serde(default)]
    pub pairs: Vec<pairs::PairFigures>,
    /// Walk, idle and paused time per counter and teller (`counters`).
    #[serde(default)]
    pub counters: counters::CounterTimes,
    /// The share called within the warning threshold (see [`level`]).
    #[serde(default)]
    pub service_level: level::ServiceLevel,
    /// The range's appointments (see [`level`]).
    #[serde(default)]
    pub appointments: level::Appointments,
    /// The event trail's hash chain head at the end of the period (or now): a
    /// printed report anchors the history (`lobbydesk doctor --anchor HASH`).
    pub chain_head: String,
    /// A closed day's close (when, by whom): its figures are those frozen then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closed>,
    #[serde(default)]
    pub cross_sell: Vec<cross_sell::TriggerFigures>,
    #[serde(default)]
    pub campaigns: Vec<campaigns::CampaignFigures>,
    #[serde(default)]
    pub satisfaction: complaints::Satisfaction,
    /// Follow-ups lost by reason code (see [`lost`]).
    #[serde(default)]
    pub lost_by_reason: BTreeMap<String, i64>,
}

/// When and by whom a day was closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    /// Local time, RFC 3339.
    pub at: String,
    pub by: String,
    /// Closed by the first process of a later day.
    pub automatic: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visits {
    pub arrived: i64,
    pub served: i64,
    pub no_show: i64,
    pub diverted: i64,
    /// Still waiting (never called).
    pub waiting: i64,
    /// Called, serving or on hold.
    pub open: i64,
    /// Closed with the day while still waiting or called: left unserved.
    #[serde(default)]
    pub unserved: i64,
    /// Closed with the day while at a counter or on hold: not finished.
    #[serde(default)]
    pub unfinished: i64,
}

/// Wait statistics of a set of tickets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WaitFigures {
    /// Tickets with a wait (see the module's rules).
    pub count: i64,
    pub avg_minutes: f64,
    pub p90_minutes: f64,
    pub max_minutes: f64,
    pub over_warning: i64,
    pub over_alert: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Waits {
    #[serde(flatten)]
    pub all: WaitFigures,
    pub by_service: Vec<ServiceWaits>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceWaits {
    /// The service letter.
    pub service: String,
    pub label: Names,
    #[serde(flatten)]
    pub figures: WaitFigures,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceFigures {
    pub count: i64,
    pub avg_minutes: f64,
    pub max_minutes: f64,
}

impl ServiceFigures {
    fn of(count: i64, sum_secs: i64, max_secs: i64) -> ServiceFigures {
        ServiceFigures {
            count,
            avg_minutes: avg_minutes(sum_secs, count),
            max_minutes: minutes(max_secs as f64),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceTimes {
    #[serde(flatten)]
    pub all: ServiceFigures,
    pub by_counter: Vec<CounterService>,
    pub by_teller: Vec<TellerService>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounterService {
    pub counter: u32,
    #[serde(flatten)]
    pub figures: ServiceFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TellerService {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: ServiceFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Referrals {
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    /// In cents here; yuan in JSON.
    #[serde(
        rename = "contracted_amount",
        serialize_with = "yuan",
        deserialize_with = "cents"
    )]
    pub contracted_cents: i64,
    pub declined: i64,
    /// Objection code → cards declined in range.
    pub declined_by_objection: BTreeMap<String, i64>,
    pub intent: i64,
    pub by_line: Vec<LineReferrals>,
    pub by_referrer: Vec<ReferrerFigures>,
    pub funnel: Funnel,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineReferrals {
    pub line: String,
    pub label: Names,
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    #[serde(
        rename = "contracted_amount",
        serialize_with = "yuan",
        deserialize_with = "cents"
    )]
    pub contracted_cents: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferrerFigures {
    pub code: String,
    pub name: String,
    pub created: i64,
    pub contracted: i64,
}

/// Referral chains begun in the range, and how far they have come by now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    #[serde(
        rename = "contracted_amount",
        serialize_with = "yuan",
        deserialize_with = "cents"
    )]
    pub contracted_cents: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Followups {
    pub contacted: i64,
    pub won: i64,
    pub lost: i64,
    pub handed_back: i64,
    /// Open prospects now.
    pub open: i64,
    /// Open prospects due the day after `date_to`.
    pub due_tomorrow: i64,
    /// Open prospects due before `date_to`.
    pub overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffFigures {
    pub code: String,
    pub name: String,
    pub referrals: i64,
    pub converted: i64,
    pub closed: i64,
    pub contacts: i64,
    pub served: i64,
    pub points: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HourFigures {
    /// Local hour of arrival, 0–23.
    pub hour: u32,
    pub arrivals: i64,
    pub avg_wait_minutes: f64,
}

// ---------------------------------------------------------------- the formats

/// Output formats of `lobbydesk report`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown tables, readable and printable (labels in --lang).
    Md,
    /// UTF-8 CSV with a byte-order mark for Excel: section,item,name,field,value.
    Csv,
    /// Pretty JSON: the stable contract.
    Json,
}

/// Render a report in a format: the bytes `lobbydesk report` prints.
pub fn render(report: &Report, catalog: &Catalog, lang: Lang, format: Format) -> String {
    match format {
        Format::Md => md::render(report, catalog, lang),
        Format::Csv => csv::render(report, catalog, lang),
        Format::Json => json::render(report),
    }
}
