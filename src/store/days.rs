//! Business days closed (日终): when, by whom, and their figures as they
//! stood at the close.

use super::{from_ts, ts, Db, Result};
use crate::args;
use chrono::{DateTime, NaiveDate, Utc};

/// A closed day.
#[derive(Clone, Debug, PartialEq)]
pub struct DayClose {
    pub day: NaiveDate,
    pub closed_at: DateTime<Utc>,
    pub closed_by: String,
    /// Closed by the first process of a later day, not by a person's key.
    pub automatic: bool,
    /// The day's report, as JSON, as it stood at the close.
    pub figures: String,
}

/// A day as the tables keep it: `YYYY-MM-DD`.
pub(super) fn key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Db<'_> {
    pub fn day_close(&self, day: NaiveDate) -> Result<Option<DayClose>> {
        self.opt(
            "SELECT closed_at, closed_by, automatic, figures FROM day_closes WHERE day = ?1",
            args![key(day)],
            |r| {
                Ok(DayClose {
                    day,
                    closed_at: from_ts(r.get(0)?),
                    closed_by: r.get(1)?,
                    automatic: r.get::<i64>(2)? != 0,
                    figures: r.get(3)?,
                })
            },
        )
    }

    pub fn put_day_close(&self, c: &DayClose) -> Result<()> {
        self.run(
            "INSERT INTO day_closes (day, closed_at, closed_by, automatic, figures)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            args![
                key(c.day),
                ts(c.closed_at),
                c.closed_by,
                c.automatic as i64,
                c.figures
            ],
        )?;
        Ok(())
    }

    /// The days before `today` with visits that nobody closed, oldest first:
    /// only those after the last day closed (by the day index of tickets).
    pub fn unclosed_days(&self, today: NaiveDate) -> Result<Vec<NaiveDate>> {
        let last: Option<String> =
            self.one("SELECT max(day) FROM day_closes", args![], |r| r.get(0))?;
        let rows = self.all(
            "SELECT DISTINCT day FROM tickets WHERE day > ?1 AND day < ?2 ORDER BY day",
            args![last.unwrap_or_default(), key(today)],
            |r| r.get(0),
        )?;
        Ok(days(rows))
    }
}

/// The days a statement lists as the tables keep them, in its order; a text
/// that is not a day is left out.
pub(super) fn days(rows: impl IntoIterator<Item = String>) -> Vec<NaiveDate> {
    rows.into_iter()
        .filter_map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .collect()
}
