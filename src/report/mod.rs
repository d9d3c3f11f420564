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
//! - **Waits** (minutes, one decimal): first call − arrival for every ticket
//!   that was called (whatever came after: done, no-show, …). A ticket never
//!   called and still waiting has waited until the report's `now`, but no later
//!   than the end of its own business day (a ticket left waiting on a past day
//!   stops counting at that day's midnight). Tickets never called and diverted
//!   or marked no-show have no wait and are left out. `p90_minutes` is the
//!   nearest-rank 90th percentile: the ⌈0.9·n⌉-th smallest wait.
//!   `over_warning` / `over_alert` count waits strictly longer than the
//!   catalog's `wait_warning_minutes` / `wait_alert_minutes`.
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
//!   original referrer, `closed` contracted cards they received, `contacts`
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
//! Minutes are numbers with one decimal, amounts are yuan (two decimals at
//! most), counts are integers. For a day (`--date 2026-11-23`):
//!
//! ```json
//! {
//!   "date_from": "2026-11-23",
//!   "date_to": "2026-11-23",
//!   "visits": { "arrived": 6, "served": 3, "no_show": 1, "diverted": 1, "waiting": 1, "open": 0 },
//!   "waits": {
//!     "count": 5, "avg_minutes": 9.2, "p90_minutes": 20.0, "max_minutes": 20.0,
//!     "over_warning": 3, "over_alert": 1,
//!     "by_service": [
//!       { "service": "A", "label": { "zh": "个人业务", "en": "Personal banking" },
//!         "count": 3, "avg_minutes": 5.0, "p90_minutes": 8.0, "max_minutes": 8.0,
//!         "over_warning": 1, "over_alert": 0 }
//!     ]
//!   },
//!   "service": {
//!     "count": 3, "avg_minutes": 10.0, "max_minutes": 15.0,
//!     "by_counter": [ { "counter": 1, "count": 2, "avg_minutes": 7.5, "max_minutes": 10.0 } ],
//!     "by_teller": [ { "code": "T01", "name": "王芳", "count": 2, "avg_minutes": 7.5, "max_minutes": 10.0 } ]
//!   },
//!   "referrals": {
//!     "created": 3, "accepted": 2, "contracted": 1, "contracted_amount": 50000.0,
//!     "declined": 1, "declined_by_objection": { "distrust": 0, "no_need": 1, "poor_fit": 0 },
//!     "intent": 0,
//!     "by_line": [
//!       { "line": "wealth", "label": { "zh": "财富", "en": "Wealth" },
//!         "created": 2, "accepted": 1, "contracted": 0, "contracted_amount": 0.0 }
//!     ],
//!     "by_referrer": [ { "code": "T01", "name": "王芳", "created": 2, "contracted": 1 } ],
//!     "funnel": { "created": 2, "accepted": 2, "contracted": 1, "contracted_amount": 50000.0 }
//!   },
//!   "followups": { "contacted": 2, "won": 1, "lost": 0, "handed_back": 0, "open": 2, "due_tomorrow": 1, "overdue": 1 },
//!   "staff": [
//!     { "code": "T01", "name": "王芳", "referrals": 2, "converted": 1, "closed": 0,
//!       "contacts": 0, "served": 2, "points": 7 }
//!   ],
//!   "hours": [ { "hour": 0, "arrivals": 0, "avg_wait_minutes": 0.0 } ]
//! }
//! ```
//!
//! (Lists shortened here; `hours` always has 24 entries.)

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Serialize, Serializer};

use crate::cli::{Context, BAD_INPUT, FAILED};
use crate::config::Catalog;
use crate::i18n::{Lang, Msg};
use crate::store::report::{Bounds, ServiceRow};
use crate::store::{Db, Result, Store};

pub mod csv;
pub mod json;
pub mod md;

// ---------------------------------------------------------------- the period

/// A range of local business days, `from..=to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a period given on the command line was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeriodError {
    BadDate(String),
    Reversed { from: NaiveDate, to: NaiveDate },
}

impl PeriodError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PeriodError::BadDate(d) => Msg::ErrReportDate.fill(lang, &[("d", d)]),
            PeriodError::Reversed { from, to } => {
                Msg::ErrReportOrder.fill(lang, &[("from", from), ("to", to)])
            }
        }
    }
}

impl Period {
    pub fn day(day: NaiveDate) -> Period {
        Period { from: day, to: day }
    }

    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError::Reversed { from, to });
        }
        Ok(Period { from, to })
    }

    /// `--date D`, or `--from D --to D`, or `today`.
    pub fn from_args(
        date: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        today: NaiveDate,
    ) -> Result<Period, PeriodError> {
        let parse = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| PeriodError::BadDate(s.to_string()))
        };
        match (date, from, to) {
            (Some(d), _, _) => Ok(Period::day(parse(d)?)),
            (None, Some(f), Some(t)) => Period::new(parse(f)?, parse(t)?),
            (None, Some(d), None) | (None, None, Some(d)) => Ok(Period::day(parse(d)?)),
            (None, None, None) => Ok(Period::day(today)),
        }
    }
}

// ---------------------------------------------------------------- the figures

/// A label in both languages.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Visits {
    pub arrived: i64,
    pub served: i64,
    pub no_show: i64,
    pub diverted: i64,
    /// Still waiting (never called).
    pub waiting: i64,
    /// Called, serving or on hold.
    pub open: i64,
}

/// Wait statistics of a set of tickets.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WaitFigures {
    /// Tickets with a wait (see the module's rules).
    pub count: i64,
    pub avg_minutes: f64,
    pub p90_minutes: f64,
    pub max_minutes: f64,
    pub over_warning: i64,
    pub over_alert: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Waits {
    #[serde(flatten)]
    pub all: WaitFigures,
    pub by_service: Vec<ServiceWaits>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceWaits {
    /// The service letter.
    pub service: String,
    pub label: Names,
    #[serde(flatten)]
    pub figures: WaitFigures,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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

    fn from_row(r: &ServiceRow) -> ServiceFigures {
        ServiceFigures::of(r.count, r.sum_secs, r.max_secs)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceTimes {
    #[serde(flatten)]
    pub all: ServiceFigures,
    pub by_counter: Vec<CounterService>,
    pub by_teller: Vec<TellerService>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CounterService {
    pub counter: u32,
    #[serde(flatten)]
    pub figures: ServiceFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TellerService {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: ServiceFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Referrals {
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    /// In cents here; yuan in JSON.
    #[serde(rename = "contracted_amount", serialize_with = "yuan")]
    pub contracted_cents: i64,
    pub declined: i64,
    /// Objection code → cards declined in range.
    pub declined_by_objection: BTreeMap<String, i64>,
    pub intent: i64,
    pub by_line: Vec<LineReferrals>,
    pub by_referrer: Vec<ReferrerFigures>,
    pub funnel: Funnel,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineReferrals {
    pub line: String,
    pub label: Names,
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    #[serde(rename = "contracted_amount", serialize_with = "yuan")]
    pub contracted_cents: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReferrerFigures {
    pub code: String,
    pub name: String,
    pub created: i64,
    pub contracted: i64,
}

/// Referral chains begun in the range, and how far they have come by now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Funnel {
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    #[serde(rename = "contracted_amount", serialize_with = "yuan")]
    pub contracted_cents: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HourFigures {
    /// Local hour of arrival, 0–23.
    pub hour: u32,
    pub arrivals: i64,
    pub avg_wait_minutes: f64,
}

impl Report {
    /// The figures of `period` from the stored records. `offset` is the local
    /// time's (see [`crate::clock::Clock::offset`]); `now` is when tickets still
    /// waiting stop counting.
    pub fn compute(
        db: &Db,
        catalog: &Catalog,
        period: Period,
        offset: FixedOffset,
        now: DateTime<Utc>,
    ) -> Result<Report> {
        let b = Bounds::new(period.from, period.to, offset, now);
        let th = &catalog.thresholds;
        db.report_snapshot(|db| {
            let __t = std::time::Instant::now(); let statuses = db.report_statuses(&b)?; eprintln!("report_statuses(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let waits = db.report_waits(
                &b,
                th.wait_warning_minutes * 60,
                th.wait_alert_minutes * 60,
            )?; eprintln!("report_waits( {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let hours = db.report_hours(&b)?; eprintln!("report_hours(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let counters = db.report_service_by_counter(&b)?; eprintln!("report_service_by_counter(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let tellers = db.report_service_by_teller(&b)?; eprintln!("report_service_by_teller(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let lines = db.report_lines(&b)?; eprintln!("report_lines(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let objections = db.report_objections(&b)?; eprintln!("report_objections(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let funnel = db.report_funnel(&b)?; eprintln!("report_funnel(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let followups = db.report_followups(&b)?; eprintln!("report_followups(&b) {:?}", __t.elapsed());
            let __t = std::time::Instant::now(); let staff = db.report_staff(&b)?; eprintln!("report_staff(&b) {:?}", __t.elapsed());

            let visits = Visits {
                arrived: statuses.arrived,
                served: statuses.done,
                no_show: statuses.no_show,
                diverted: statuses.diverted,
                waiting: statuses.waiting,
                open: statuses.called + statuses.serving + statuses.on_hold,
            };

            let wait_figures = |count: i64, sum: i64, p90: i64, max: i64, w: i64, a: i64| {
                WaitFigures {
                    count,
                    avg_minutes: avg_minutes(sum, count),
                    p90_minutes: minutes(p90 as f64),
                    max_minutes: minutes(max as f64),
                    over_warning: w,
                    over_alert: a,
                }
            };
            let all = wait_figures(
                waits.iter().map(|w| w.count).sum(),
                waits.iter().map(|w| w.sum_secs).sum(),
                waits.iter().find_map(|w| w.p90_all_secs).unwrap_or(0),
                waits.iter().map(|w| w.max_secs).max().unwrap_or(0),
                waits.iter().map(|w| w.over_warning).sum(),
                waits.iter().map(|w| w.over_alert).sum(),
            );
            let mut letters: Vec<(String, Names)> = catalog
                .services
                .iter()
                .map(|s| (s.letter.clone(), Names::from(&s.label)))
                .collect();
            for w in &waits {
                if !letters.iter().any(|(l, _)| *l == w.service) {
                    letters.push((w.service.clone(), Names::same(&w.service)));
                }
            }
            let by_service = letters
                .into_iter()
                .map(|(service, label)| {
                    let figures = waits
                        .iter()
                        .find(|w| w.service == service)
                        .map(|w| {
                            wait_figures(
                                w.count,
                                w.sum_secs,
                                w.p90_secs,
                                w.max_secs,
                                w.over_warning,
                                w.over_alert,
                            )
                        })
                        .unwrap_or_default();
                    ServiceWaits {
                        service,
                        label,
                        figures,
                    }
                })
                .collect();

            let service = ServiceTimes {
                // Every done ticket is in one counter row (None: no counter).
                all: ServiceFigures::of(
                    counters.iter().map(|r| r.count).sum(),
                    counters.iter().map(|r| r.sum_secs).sum(),
                    counters.iter().map(|r| r.max_secs).max().unwrap_or(0),
                ),
                by_counter: counters
                    .iter()
                    .filter_map(|r| {
                        Some(CounterService {
                            counter: r.key.as_deref()?.parse().ok()?,
                            figures: ServiceFigures::from_row(r),
                        })
                    })
                    .collect(),
                by_teller: tellers
                    .iter()
                    .filter_map(|r| {
                        Some(TellerService {
                            code: r.key.clone()?,
                            name: r.name.clone(),
                            figures: ServiceFigures::from_row(r),
                        })
                    })
                    .collect(),
            };

            let mut line_codes: Vec<(String, Names)> = catalog
                .lines
                .iter()
                .map(|l| (l.code.clone(), Names::from(&l.label)))
                .collect();
            for l in &lines {
                if !line_codes.iter().any(|(c, _)| *c == l.line) {
                    line_codes.push((l.line.clone(), Names::same(&l.line)));
                }
            }
            let by_line: Vec<LineReferrals> = line_codes
                .into_iter()
                .map(|(line, label)| {
                    let r = lines.iter().find(|r| r.line == line).cloned();
                    let r = r.unwrap_or_default();
                    LineReferrals {
                        line,
                        label,
                        created: r.created,
                        accepted: r.accepted,
                        contracted: r.contracted,
                        contracted_cents: r.amount_cents,
                    }
                })
                .collect();
            let mut declined_by_objection: BTreeMap<String, i64> = catalog
                .objections
                .iter()
                .map(|o| (o.code.clone(), 0))
                .collect();
            for (code, n) in objections {
                *declined_by_objection.entry(code).or_default() += n;
            }

            let p = &catalog.points;
            let staff: Vec<StaffFigures> = staff
                .into_iter()
                .map(|s| StaffFigures {
                    points: s.referrals * p.referral
                        + s.converted * p.converted
                        + s.closed * p.closed
                        + s.contacts * p.contact,
                    code: s.code,
                    name: s.name,
                    referrals: s.referrals,
                    converted: s.converted,
                    closed: s.closed,
                    contacts: s.contacts,
                    served: s.served,
                })
                .collect();
            let by_referrer = staff
                .iter()
                .filter(|s| s.referrals > 0 || s.converted > 0)
                .map(|s| ReferrerFigures {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    created: s.referrals,
                    contracted: s.converted,
                })
                .collect();

            let referrals = Referrals {
                created: lines.iter().map(|l| l.created).sum(),
                accepted: lines.iter().map(|l| l.accepted).sum(),
                contracted: lines.iter().map(|l| l.contracted).sum(),
                contracted_cents: lines.iter().map(|l| l.amount_cents).sum(),
                declined: lines.iter().map(|l| l.declined).sum(),
                declined_by_objection,
                intent: lines.iter().map(|l| l.intent).sum(),
                by_line,
                by_referrer,
                funnel: Funnel {
                    created: funnel.created,
                    accepted: funnel.accepted,
                    contracted: funnel.contracted,
                    contracted_cents: funnel.amount_cents,
                },
            };

            let followups = Followups {
                contacted: followups.contacted,
                won: followups.won,
                lost: followups.lost,
                handed_back: followups.handed_back,
                open: followups.open,
                due_tomorrow: followups.due_after,
                overdue: followups.overdue,
            };

            let hours = (0..24)
                .map(|hour| {
                    let h = hours.iter().find(|h| h.hour == hour);
                    HourFigures {
                        hour,
                        arrivals: h.map_or(0, |h| h.arrivals),
                        avg_wait_minutes: h.map_or(0.0, |h| avg_minutes(h.wait_sum_secs, h.waits)),
                    }
                })
                .collect();

            Ok(Report {
                date_from: b.day_from.clone(),
                date_to: b.day_to.clone(),
                visits,
                waits: Waits {
                    all,
                    by_service,
                },
                service,
                referrals,
                followups,
                staff,
                hours,
            })
        })
    }
}

// ---------------------------------------------------------------- the command

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

/// `lobbydesk report [--date D | --from D --to D] [--format md|csv|json]`.
#[derive(clap::Args, Debug, Clone)]
pub struct ReportArgs {
    /// One business day, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "D", conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    /// First business day of a range, YYYY-MM-DD (with --to).
    #[arg(long, value_name = "D", requires = "to")]
    pub from: Option<String>,
    /// Last business day of a range, YYYY-MM-DD (with --from).
    #[arg(long, value_name = "D", requires = "from")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
}

/// Render a report in a format: the bytes `lobbydesk report` prints.
pub fn render(report: &Report, catalog: &Catalog, lang: Lang, format: Format) -> String {
    match format {
        Format::Md => md::render(report, catalog, lang),
        Format::Csv => csv::render(report, catalog, lang),
        Format::Json => json::render(report),
    }
}

fn fail(code: u8, text: &str) -> ExitCode {
    eprintln!("lobbydesk: {text}");
    ExitCode::from(code)
}

/// `lobbydesk report`: print the period's figures to stdout. Exit 2 for a bad
/// date or a reversed range, 1 when the database cannot be read.
pub fn run(ctx: &Context, db: Option<&Path>, args: &ReportArgs) -> ExitCode {
    let lang = ctx.lang;
    let period = match Period::from_args(
        args.date.as_deref(),
        args.from.as_deref(),
        args.to.as_deref(),
        ctx.clock.today(),
    ) {
        Ok(p) => p,
        Err(e) => return fail(BAD_INPUT, &e.message(lang)),
    };
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => match crate::cli::default_db() {
            Some(p) => p,
            None => return fail(FAILED, Msg::ErrNoDataDir.get(lang)),
        },
    };
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let report = match Report::compute(
        &store.db(),
        &ctx.catalog,
        period,
        ctx.clock.offset(),
        ctx.clock.now(),
    ) {
        Ok(r) => r,
        Err(e) => return fail(FAILED, &e.message(lang)),
    };
    let text = render(&report, &ctx.catalog, lang, args.format);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(FAILED, &e.to_string()),
    }
}
