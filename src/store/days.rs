//! Business days closed (日终): when, by whom, and their figures as they
//! stood at the close.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};

use super::{from_ts, ts, Db, Result};

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
        Ok(self
            .lite()?
            .prepare_cached(
                "SELECT closed_at, closed_by, automatic, figures FROM day_closes WHERE day = ?1",
            )?
            .query_row([key(day)], |r| {
                Ok(DayClose {
                    day,
                    closed_at: from_ts(r.get(0)?),
                    closed_by: r.get(1)?,
                    automatic: r.get::<_, i64>(2)? != 0,
                    figures: r.get(3)?,
                })
            })
            .optional()?)
    }

    pub fn put_day_close(&self, c: &DayClose) -> Result<()> {
        self.lite()?
            .prepare_cached(
                "INSERT INTO day_closes (day, closed_at, closed_by, automatic, figures)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                key(c.day),
                ts(c.closed_at),
                c.closed_by,
                c.automatic as i64,
                c.figures
            ])?;
        Ok(())
    }

    /// The days before `today` with visits that nobody closed, oldest first:
    /// only those after the last day closed (by the day index of tickets).
    pub fn unclosed_days(&self, today: NaiveDate) -> Result<Vec<NaiveDate>> {
        let last: Option<String> = self
            .lite()?
            .prepare_cached("SELECT max(day) FROM day_closes")?
            .query_row([], |r| r.get(0))?;
        let mut stmt = self.lite()?.prepare_cached(
            "SELECT DISTINCT day FROM tickets WHERE day > ?1 AND day < ?2 ORDER BY day",
        )?;
        let rows = stmt.query_map(params![last.unwrap_or_default(), key(today)], |r| r.get(0))?;
        days(rows)
    }
}

/// The days a statement lists as the tables keep them, in its order; a text
/// that is not a day is left out.
pub(super) fn days(rows: impl Iterator<Item = rusqlite::Result<String>>) -> Result<Vec<NaiveDate>> {
    let mut out = Vec::new();
    for d in rows {
        if let Ok(d) = NaiveDate::parse_from_str(&d?, "%Y-%m-%d") {
            out.push(d);
        }
    }
    Ok(out)
}
