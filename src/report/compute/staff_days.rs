//! The staff rows (who referred, was credited, closed, contacted) of a range
//! of days as [`super::days::passes`] has them: the closed days' kept rows
//! added up, only the open days read from the records, without the other
//! passes. Points, the Mine tab and the Review read them from here.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Zone;
use crate::config::Catalog;
use crate::store::day_figures::DayFigureRow;
use crate::store::report::{Bounds, StaffRow};
use crate::store::{Db, Result};

use super::days::{level_limit, open_runs, VERSION};

/// A kept day's staff rows (code, name, referrals, converted, closed,
/// contacts), when the day's rows read back as `passes` reads them (the same
/// layout, the same service-level limit); `None` for a day read from its
/// records. Its waits are not read: a closed day's staff rows are what was
/// kept at its close, whatever became of the rest of its figures.
fn kept_staff(row: &DayFigureRow, limit: i64) -> Option<Vec<(String, String, [i64; 4])>> {
    if row.version != VERSION {
        return None;
    }
    // Checked as a whole when the day is read for a report (`days::passes`):
    // here only its staff rows and limit are taken, the rest skipped.
    match serde_json::from_str::<StaffPart<&str>>(&row.rows) {
        Ok(s) => (s.level_limit == limit).then(|| rows_of(&s.staff)),
        // A text with escapes cannot be borrowed.
        Err(_) => {
            let s = serde_json::from_str::<StaffPart<String>>(&row.rows).ok()?;
            (s.level_limit == limit).then(|| rows_of(&s.staff))
        }
    }
}

/// The part of a kept day's rows (`day_rows::Stored`) the staff rows need.
#[derive(serde::Deserialize)]
struct StaffPart<S> {
    staff: Vec<(S, S, i64, i64, i64, i64)>,
    level_limit: i64,
}

/// The kept staff rows, owned.
#[allow(clippy::type_complexity)]
fn rows_of<S: AsRef<str>>(s: &[(S, S, i64, i64, i64, i64)]) -> Vec<(String, String, [i64; 4])> {
    s.iter()
        .map(|(c, n, r, v, k, t)| {
            let (c, n) = (c.as_ref().to_string(), n.as_ref().to_string());
            (c, n, [*r, *v, *k, *t])
        })
        .collect()
}

/// The staff rows of `from..=to`, one per code, by code: exactly the `staff`
/// of [`super::days::passes`] over the same range (the closed days' kept
/// rows, then the runs of open days from the records; the latest name kept).
pub fn staff(
    db: &Db,
    catalog: &Catalog,
    from: NaiveDate,
    to: NaiveDate,
    zone: &dyn Zone,
    now: DateTime<Utc>,
) -> Result<Vec<StaffRow>> {
    let limit = level_limit(catalog);
    let mut sum: BTreeMap<String, StaffRow> = BTreeMap::new();
    let mut add = |code: String, name: String, n: [i64; 4]| {
        let e = sum.entry(code.clone()).or_insert(StaffRow {
            code,
            ..StaffRow::default()
        });
        e.name = name;
        e.referrals += n[0];
        e.converted += n[1];
        e.closed += n[2];
        e.contacts += n[3];
    };
    let mut closed = std::collections::BTreeSet::new();
    for row in &db.day_rows_between(from, to)? {
        let Ok(day) = NaiveDate::parse_from_str(&row.day, "%Y-%m-%d") else {
            continue;
        };
        if let Some(rows) = kept_staff(row, limit) {
            closed.insert(day);
            for (c, n, counts) in rows {
                add(c, n, counts);
            }
        }
    }
    for (start, last) in open_runs(from, to, &closed) {
        let b = Bounds::new(start, last, |d| zone.offset_on(d), now);
        if db.any_report_records(&b)? {
            for s in db.report_staff(&b)? {
                add(
                    s.code,
                    s.name,
                    [s.referrals, s.converted, s.closed, s.contacts],
                );
            }
        }
    }
    Ok(sum.into_values().collect())
}
