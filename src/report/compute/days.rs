//! Closed-day figures: the report's ticket, card and follow-up passes as
//! grouped rows that add up, stored for each day at its close, so that a
//! range report adds up its closed days and reads the records only for the
//! days still open.
//!
//! # Rules
//!
//! - A closed day's rows are computed from the records at its close, in the
//!   same transaction as the close: what the day's frozen report says.
//! - A range's figures are the closed days' rows added up, plus the rows of
//!   the days not closed (runs of consecutive days, from the records; a run
//!   without any record the passes read, such as a Sunday, adds nothing and
//!   is not read). A change made after a day's close counts on the day it
//!   is made (a card accepted, contracted or declined, a contact logged, a
//!   prospect ended: each by its own time), never on the closed day.
//! - Waits are kept as a histogram in whole seconds per service, so a
//!   range's average, maximum, counts over the thresholds and nearest-rank
//!   90th percentile are exactly those of its tickets' waits.
//! - The service level's rows are kept at the limit of the close; a closed
//!   day whose limit is no longer the settings' is read from its records.
//!   Hours of arrival are local hours at each day's own offset.
//! - The counters' times are kept as raw seconds per counter and teller
//!   (calls, walks, walk, idle, paused by reason), which add up: idle time
//!   never runs across a day. A day closed with a pause still open keeps
//!   none (the pause's end is not known yet): its counters are read from its
//!   records, as are those of days kept before they were.
//! - The funnel of the chains begun in the range, as they stand now, is
//!   read off each original card, where triggers keep its chain's state
//!   (migration 022): one aggregate over an index, not a pass per day.
//! - Computed from the records for the whole range, as they stand now: the
//!   open follow-ups, the pairs, the appointments and every other section.
//! - A closed day's rows are parsed with their text borrowed and added
//!   straight into one row per key (`day_rows`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Zone;
use crate::config::Catalog;
use crate::report::counters::{counter_seconds, CounterSeconds};
use crate::store::day_figures::DayFigureRow;
use crate::store::report::{Bounds, DoneRow, FollowupRow, HourRow, LineRow, StaffRow, WaitBin};
use crate::store::service_level::LevelRow;
use crate::store::{Db, Result};

use super::day_rows::{Stored, Sum};
use super::waits::{decode_waits, encode_waits, Histogram};

/// The layout of the stored rows; rows of another layout are read from
/// the records instead.
pub const VERSION: i64 = 1;

/// The grouped rows of the passes that add up over days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Passes {
    pub hours: Vec<HourRow>,
    pub waits: Vec<WaitBin>,
    pub done: Vec<DoneRow>,
    pub lines: Vec<LineRow>,
    pub objections: Vec<(String, i64)>,
    /// `contacted`, `won`, `lost`, `handed_back` in range; the open
    /// prospects' counts (as they stand now) are added by the caller.
    pub followups: FollowupRow,
    pub staff: Vec<StaffRow>,
    pub level: Vec<LevelRow>,
    /// The counters' raw seconds.
    pub counters: CounterSeconds,
    /// Whether a pause of the range was still open (its end unknown).
    pub open_pause: bool,
}

impl Passes {
    /// The passes of `b` from the records.
    pub fn of_records(db: &Db, catalog: &Catalog, b: &Bounds) -> Result<Passes> {
        Passes::of_records_until(db, catalog, b, b.now.min(b.end))
    }

    /// The passes of `b` from the records, a pause still open ending at
    /// `open_until` (the report's now, at most its range's end).
    fn of_records_until(db: &Db, catalog: &Catalog, b: &Bounds, open_until: i64) -> Result<Passes> {
        let calls = db.report_calls(b)?;
        let pauses = db.report_pauses(b)?;
        Ok(Passes {
            counters: counter_seconds(&calls, &pauses, open_until),
            open_pause: pauses.iter().any(|p| p.until.is_none()),
            hours: db.report_hours(b)?,
            waits: db.report_waits(b)?,
            done: db.report_done(b)?,
            lines: db.report_lines(b)?,
            objections: db.report_objections(b)?,
            followups: db.report_followups(b)?,
            staff: db.report_staff(b)?,
            level: db.report_level(b, level_limit(catalog))?,
        })
    }

    /// The stored form of a closed day's passes.
    pub fn to_row(&self, day: NaiveDate, catalog: &Catalog) -> DayFigureRow {
        let f = &self.followups;
        let stored = Stored::<String> {
            hours: self
                .hours
                .iter()
                .map(|h| {
                    (
                        h.hour,
                        h.status.clone(),
                        h.arrivals,
                        h.waits,
                        h.wait_sum_secs,
                    )
                })
                .collect(),
            done: self
                .done
                .iter()
                .map(|d| {
                    let (c, t, n) = (d.counter, d.teller.clone(), d.teller_name.clone());
                    (c, t, n, d.done, d.timed, d.sum_secs, d.max_secs)
                })
                .collect(),
            lines: self
                .lines
                .iter()
                .map(|l| {
                    let line = l.line.clone();
                    let (a, b, c) = (l.created, l.accepted, l.contracted);
                    (line, a, b, c, l.amount_cents, l.declined, l.intent)
                })
                .collect(),
            objections: self.objections.clone(),
            followups: (f.contacted, f.won, f.lost, f.handed_back),
            staff: self
                .staff
                .iter()
                .map(|s| {
                    let (c, n) = (s.code.clone(), s.name.clone());
                    (c, n, s.referrals, s.converted, s.closed, s.contacts)
                })
                .collect(),
            level_limit: level_limit(catalog),
            level: self
                .level
                .iter()
                .map(|l| (l.service.clone(), l.hour, l.count, l.within))
                .collect(),
            counters: (!self.open_pause).then(|| self.counters.clone()),
        };
        DayFigureRow {
            day: day.format("%Y-%m-%d").to_string(),
            version: VERSION,
            rows: serde_json::to_string(&stored).expect("rows always serialize"),
            waits: encode_waits(&self.waits),
        }
    }

    /// Add another range's passes to these (rows appended; see [`Passes::merged`]).
    fn extend(&mut self, o: Passes) {
        self.hours.extend(o.hours);
        self.waits.extend(o.waits);
        self.done.extend(o.done);
        self.lines.extend(o.lines);
        self.objections.extend(o.objections);
        self.followups.contacted += o.followups.contacted;
        self.followups.won += o.followups.won;
        self.followups.lost += o.followups.lost;
        self.followups.handed_back += o.followups.handed_back;
        self.staff.extend(o.staff);
        self.level.extend(o.level);
        self.counters.add(&o.counters);
        self.open_pause |= o.open_pause;
    }

    /// One row per key, as one statement over the whole range returns them
    /// (sums added, the longest kept, the latest name), in its order.
    fn merged(self) -> Passes {
        let mut hours: BTreeMap<(u32, String), HourRow> = BTreeMap::new();
        for h in self.hours {
            let e = hours.entry((h.hour, h.status.clone())).or_insert(HourRow {
                arrivals: 0,
                waits: 0,
                wait_sum_secs: 0,
                ..h.clone()
            });
            e.arrivals += h.arrivals;
            e.waits += h.waits;
            e.wait_sum_secs += h.wait_sum_secs;
        }
        let mut done: BTreeMap<(Option<u32>, Option<String>), DoneRow> = BTreeMap::new();
        for d in self.done {
            let e = done
                .entry((d.counter, d.teller.clone()))
                .or_insert(DoneRow {
                    done: 0,
                    timed: 0,
                    sum_secs: 0,
                    max_secs: 0,
                    ..d.clone()
                });
            e.teller_name = d.teller_name.or(e.teller_name.take());
            e.done += d.done;
            e.timed += d.timed;
            e.sum_secs += d.sum_secs;
            e.max_secs = e.max_secs.max(d.max_secs);
        }
        let mut lines: BTreeMap<String, LineRow> = BTreeMap::new();
        for l in self.lines {
            let e = lines.entry(l.line.clone()).or_insert(LineRow {
                line: l.line.clone(),
                ..LineRow::default()
            });
            e.created += l.created;
            e.accepted += l.accepted;
            e.contracted += l.contracted;
            e.amount_cents += l.amount_cents;
            e.declined += l.declined;
            e.intent += l.intent;
        }
        let mut objections: BTreeMap<String, i64> = BTreeMap::new();
        for (code, n) in self.objections {
            *objections.entry(code).or_default() += n;
        }
        let mut staff: BTreeMap<String, StaffRow> = BTreeMap::new();
        for s in self.staff {
            let e = staff.entry(s.code.clone()).or_insert(StaffRow {
                code: s.code.clone(),
                ..StaffRow::default()
            });
            e.name = s.name;
            e.referrals += s.referrals;
            e.converted += s.converted;
            e.closed += s.closed;
            e.contacts += s.contacts;
        }
        let mut level: BTreeMap<(String, u32), LevelRow> = BTreeMap::new();
        for l in self.level {
            let e = level
                .entry((l.service.clone(), l.hour))
                .or_insert(LevelRow {
                    count: 0,
                    within: 0,
                    ..l.clone()
                });
            e.count += l.count;
            e.within += l.within;
        }
        let mut hist = Histogram::default();
        for w in &self.waits {
            hist.add(&w.service, w.secs, w.count);
        }
        Passes {
            hours: hours.into_values().collect(),
            waits: hist.bins(),
            done: done.into_values().collect(),
            lines: lines.into_values().collect(),
            objections: objections.into_iter().collect(),
            followups: self.followups,
            staff: staff.into_values().collect(),
            level: level.into_values().collect(),
            counters: self.counters,
            open_pause: self.open_pause,
        }
    }
}

/// Add a stored day's rows to `sum` and its waits to `hist`: `None` (and
/// nothing added) when they do not read back (another layout, damaged) or
/// were kept at another service-level limit than `limit`: such a day is read
/// from its records. `Some(true)` when the row kept the counters' seconds.
fn add_row(row: &DayFigureRow, limit: i64, sum: &mut Sum, hist: &mut Histogram) -> Option<bool> {
    if row.version != VERSION {
        return None;
    }
    let bins = decode_waits(&row.waits)?;
    let counters = match serde_json::from_str::<Stored<&str>>(&row.rows) {
        Ok(s) if s.level_limit == limit => sum.add_stored(&s),
        Ok(_) => return None,
        // A text with escapes cannot be borrowed.
        Err(_) => {
            let s = serde_json::from_str::<Stored<String>>(&row.rows).ok()?;
            if s.level_limit != limit {
                return None;
            }
            sum.add_stored(&s)
        }
    };
    for (service, secs, count) in bins {
        hist.add(service, secs, count);
    }
    Some(counters)
}

/// The service level's limit in seconds.
pub(super) fn level_limit(catalog: &Catalog) -> i64 {
    catalog.thresholds.wait_warning_minutes * 60
}

/// The passes of `from..=to`: the closed days' stored rows added up, the
/// other days (in runs of consecutive days) from the records. `now` as for
/// the report; each run's bounds at its own days' offsets.
pub fn passes(
    db: &Db,
    catalog: &Catalog,
    from: NaiveDate,
    to: NaiveDate,
    zone: &dyn Zone,
    now: DateTime<Utc>,
) -> Result<Passes> {
    let stored = db.day_figures_between(from, to)?;
    let limit = level_limit(catalog);
    let mut sum = Sum::default();
    let mut hist = Histogram::default();
    let range = Bounds::new(from, to, |d| zone.offset_on(d), now);
    let open_until = range.now.min(range.end);
    let mut closed = BTreeSet::new();
    for row in &stored {
        // A day not in the form of a day is read from its records.
        let Ok(day) = NaiveDate::parse_from_str(&row.day, "%Y-%m-%d") else {
            continue;
        };
        let Some(counters) = add_row(row, limit, &mut sum, &mut hist) else {
            continue;
        };
        closed.insert(day);
        if !counters {
            // Its counters from its records.
            let b = Bounds::new(day, day, |d| zone.offset_on(d), now);
            let calls = db.report_calls(&b)?;
            let pauses = db.report_pauses(&b)?;
            sum.add_counters(&counter_seconds(&calls, &pauses, open_until));
        }
    }
    let mut total = sum.into_passes();
    for (start, last) in open_runs(from, to, &closed) {
        let b = Bounds::new(start, last, |d| zone.offset_on(d), now);
        // Days the branch did not open add nothing: not read.
        if db.any_report_records(&b)? {
            let mut p = Passes::of_records_until(db, catalog, &b, open_until)?;
            for w in p.waits.drain(..) {
                hist.add(&w.service, w.secs, w.count);
            }
            total.extend(p);
        }
    }
    let mut merged = total.merged();
    merged.waits = hist.bins();
    Ok(merged)
}

/// The runs of consecutive days of `from..=to` not in `closed`, each as
/// its first and last day: the days a range reads from its records.
pub(crate) fn open_runs(
    from: NaiveDate,
    to: NaiveDate,
    closed: &BTreeSet<NaiveDate>,
) -> Vec<(NaiveDate, NaiveDate)> {
    let mut runs = Vec::new();
    let mut run: Option<(NaiveDate, NaiveDate)> = None;
    for day in from.iter_days().take_while(|d| *d <= to) {
        if closed.contains(&day) {
            runs.extend(run.take());
        } else {
            run = Some(run.map_or((day, day), |(start, _)| (start, day)));
        }
    }
    runs.extend(run);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_runs_are_the_days_between_closed_ones() {
        let d = |n: u32| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        let closed: BTreeSet<_> = [d(2), d(3), d(6)].into();
        assert_eq!(
            open_runs(d(1), d(7), &closed),
            vec![(d(1), d(1)), (d(4), d(5)), (d(7), d(7))]
        );
        assert_eq!(open_runs(d(2), d(3), &closed), vec![]);
        assert_eq!(open_runs(d(5), d(4), &closed), vec![]);
    }

    /// A kept row whose text has escapes (it cannot be borrowed) is still
    /// read, and added as the borrowed one would be.
    #[test]
    fn a_kept_row_with_escapes_reads_back() {
        let catalog = Catalog::shipped();
        let staff = |name: &str| StaffRow {
            code: "T01".into(),
            name: name.into(),
            referrals: 2,
            ..StaffRow::default()
        };
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut sum = Sum::default();
        let mut hist = Histogram::default();
        for name in ["王芳", "王\"芳\\"] {
            let p = Passes {
                staff: vec![staff(name)],
                ..Passes::default()
            };
            let row = p.to_row(day, &catalog);
            assert_eq!(
                serde_json::from_str::<Stored<&str>>(&row.rows).is_ok(),
                !name.contains('"')
            );
            let kept = add_row(&row, level_limit(&catalog), &mut sum, &mut hist);
            assert_eq!(kept, Some(true));
            assert_eq!(add_row(&row, 1, &mut sum, &mut hist), None, "another limit");
        }
        let p = sum.into_passes();
        assert_eq!(p.staff.len(), 1);
        assert_eq!(
            (p.staff[0].name.as_str(), p.staff[0].referrals),
            ("王\"芳\\", 4)
        );
    }
}
