//! Targets against what was done (`lobbydesk report --targets`, the review's
//! targets section): for each target of a month or quarter, done / target,
//! the percent and the pace against the share of the period gone by, then
//! the branch's totals; as Markdown, CSV or JSON with the same numbers.
//!
//! # Rules
//!
//! - **Done** counts the period's days up to the day the figures are *as
//!   of* (today by default; the whole period once it is over), by the
//!   report's own definitions (`store::report`: a card made, a card
//!   contracted by its outcome time, a contract's closer, a contact logged):
//!   - a person: `referrals` the cards they made; `contracts` the contracted
//!     cards crediting them — as original referrer (the report's
//!     `converted`) or as the one who closed it (`closed`), a card once —
//!     and `amount` those cards' contracted amount; `contacts` the contacts
//!     they logged;
//!   - a line: the cards made on it, contracted on it and their amount
//!     (the report's `by_line`), the contacts logged on its prospects.
//!   - A scope `need:X` or `product:Y` counts only cards of that need
//!     category or contracted for that product (a contact: its prospect's
//!     source card).
//! - A person who has left (taken off duty) still reports, marked so.
//! - **Percent** = done ÷ target, one decimal; **pace** per
//!   [`crate::domain::target`]: ahead / on track / behind against the share
//!   of calendar days elapsed.
//! - **Branch** totals: for each kind (people, lines) and measure, the sum of
//!   the targets and of their done figures, with their percent and pace.
//!
//! The JSON (`--format json`) is stable: snake_case keys, amounts in yuan,
//! counts as integers, labels in both languages.

use chrono::{DateTime, NaiveDate, Utc};

use super::Names;
use crate::clock::Zone;
use crate::config::Catalog;
use crate::domain::target::{self, Measure, Pace, Period, Scope, Whom};
use crate::store::report::Bounds;
use crate::store::{Db, Result};

pub mod done;
mod render;

pub use render::{
    measure_label, pace_label, period_line, render, render_json, scope_label, value_text, whom_text,
};

/// One target with its figures.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetFigures {
    pub whom: Whom,
    /// The person's name or the line's label.
    pub name: Names,
    /// A person taken off duty since.
    pub left: bool,
    pub measure: Measure,
    pub scope: Scope,
    /// A count, or cents for an amount.
    pub target: i64,
    pub done: i64,
    pub percent: f64,
    pub pace: Pace,
}

/// The sum of one kind's targets of one measure.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchFigures {
    /// `person` or `line`.
    pub kind: &'static str,
    pub measure: Measure,
    pub targets: usize,
    pub target: i64,
    pub done: i64,
    pub percent: f64,
    pub pace: Pace,
}

/// The targets of a period, as of a day.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetReport {
    pub period: Period,
    /// The day the figures are as of.
    pub as_of: NaiveDate,
    pub days: i64,
    pub days_elapsed: i64,
    /// The share of the period gone by, percent with one decimal.
    pub elapsed_percent: f64,
    pub targets: Vec<TargetFigures>,
    pub branch: Vec<BranchFigures>,
}

impl TargetReport {
    /// The targets of `period` and what was done from its first day to
    /// `as_of` (or its last day), on one read snapshot.
    pub fn compute(
        db: &Db,
        catalog: &Catalog,
        period: Period,
        as_of: NaiveDate,
        zone: impl Zone,
        now: DateTime<Utc>,
    ) -> Result<TargetReport> {
        let (stored, roster, rows, records) = db.report_snapshot(|db| {
            let stored = db.targets(Some(period))?;
            let roster = db.roster()?;
            let (first, last) = (period.first(), period.last().min(as_of));
            let (mut rows, mut records) = (Vec::new(), Vec::new());
            if last >= first && !stored.is_empty() {
                rows = done::rows(db, first, last, &zone, now)?;
                if stored.iter().any(|s| done::by_product_now(&s.target)) {
                    let b = Bounds::new(first, last, |d| zone.offset_on(d), now);
                    records = db.target_rows(&b)?;
                }
            }
            Ok((stored, roster, rows, records))
        })?;
        let elapsed_percent = (period.elapsed(as_of) * 1000.0).round() / 10.0;
        let targets: Vec<TargetFigures> = stored
            .into_iter()
            .map(|s| {
                let t = s.target;
                let of = if done::by_product_now(&t) {
                    &records
                } else {
                    &rows
                };
                let done = done::done(of, &t.whom, t.measure, &t.scope);
                let (name, left) = match &t.whom {
                    Whom::Person(c) => match roster.iter().find(|p| &p.code == c) {
                        Some(p) => (Names::same(&p.name), !p.active),
                        None => (Names::same(c), true),
                    },
                    Whom::Line(c) => match catalog.lines.iter().find(|l| &l.code == c) {
                        Some(l) => (Names::from(&l.label), false),
                        None => (Names::same(c), false),
                    },
                };
                let percent = target::percent(done, t.value);
                TargetFigures {
                    name,
                    left,
                    measure: t.measure,
                    scope: t.scope,
                    target: t.value,
                    done,
                    percent,
                    pace: target::pace(percent, elapsed_percent),
                    whom: t.whom,
                }
            })
            .collect();
        let branch = branch(&targets, elapsed_percent);
        Ok(TargetReport {
            period,
            as_of,
            days: period.days(),
            days_elapsed: period.days_elapsed(as_of),
            elapsed_percent,
            targets,
            branch,
        })
    }
}

/// For each kind and measure with a target, the sums.
fn branch(targets: &[TargetFigures], elapsed_percent: f64) -> Vec<BranchFigures> {
    let mut out = Vec::new();
    for kind in ["person", "line"] {
        for measure in Measure::ALL {
            let of: Vec<&TargetFigures> = targets
                .iter()
                .filter(|t| t.whom.kind() == kind && t.measure == measure)
                .collect();
            if of.is_empty() {
                continue;
            }
            let target: i64 = of.iter().map(|t| t.target).sum();
            let done: i64 = of.iter().map(|t| t.done).sum();
            let percent = target::percent(done, target);
            out.push(BranchFigures {
                kind,
                measure,
                targets: of.len(),
                target,
                done,
                percent,
                pace: target::pace(percent, elapsed_percent),
            });
        }
    }
    out
}
