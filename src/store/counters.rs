//! Counter pauses: a counter (or a line's desk) paused with a reason and
//! reopened; at most one open pause per counter.

use super::sql::Row;
use super::{from_ts, ts, Db, Result};
use crate::args;
use chrono::{DateTime, NaiveDate, Utc};

/// One pause of a counter; `reopened_at` is `None` while it lasts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pause {
    pub id: i64,
    pub day: NaiveDate,
    pub counter: u32,
    /// A code of the settings' `pause_reasons`.
    pub reason: String,
    /// Who was working the counter when it was paused.
    pub teller: Option<String>,
    pub paused_at: DateTime<Utc>,
    pub paused_by: String,
    pub reopened_at: Option<DateTime<Utc>>,
    pub reopened_by: Option<String>,
}

impl Pause {
    /// Its length in whole seconds, until `now` while it lasts.
    pub fn seconds(&self, now: DateTime<Utc>) -> i64 {
        (self.reopened_at.unwrap_or(now) - self.paused_at)
            .num_seconds()
            .max(0)
    }
}

const COLUMNS: &str =
    "id, day, counter, reason, teller, paused_at, paused_by, reopened_at, reopened_by";

fn pause(r: &Row) -> Result<Pause> {
    let day: String = r.get(1)?;
    Ok(Pause {
        id: r.get(0)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        counter: r.get::<i64>(2)? as u32,
        reason: r.get(3)?,
        teller: r.get(4)?,
        paused_at: from_ts(r.get(5)?),
        paused_by: r.get(6)?,
        reopened_at: r.get::<Option<i64>>(7)?.map(from_ts),
        reopened_by: r.get(8)?,
    })
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A pause to write.
#[derive(Clone, Debug)]
pub struct NewPause<'a> {
    pub day: NaiveDate,
    pub counter: u32,
    pub reason: &'a str,
    pub teller: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub by: &'a str,
}

impl Db<'_> {
    /// Every pause still open, by counter.
    pub fn open_pauses(&self) -> Result<Vec<Pause>> {
        self.all(
            &format!(
                "SELECT {COLUMNS} FROM counter_pauses WHERE reopened_at IS NULL ORDER BY counter"
            ),
            args![],
            pause,
        )
    }

    /// The open pause of one counter, if it is paused.
    pub fn open_pause(&self, counter: u32) -> Result<Option<Pause>> {
        self.opt(
            &format!(
                "SELECT {COLUMNS} FROM counter_pauses
                 WHERE counter = ?1 AND reopened_at IS NULL"
            ),
            args![i64::from(counter)],
            pause,
        )
    }

    /// Write a pause; its id.
    pub fn add_pause(&self, p: &NewPause) -> Result<i64> {
        self.insert(
            "INSERT INTO counter_pauses (day, counter, reason, teller, paused_at, paused_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                day_key(p.day),
                i64::from(p.counter),
                p.reason,
                p.teller,
                ts(p.at),
                p.by
            ],
        )
    }

    /// End an open pause; false when it was not open any more.
    pub fn reopen_pause(&self, id: i64, at: DateTime<Utc>, by: &str) -> Result<bool> {
        let n = self.run(
            "UPDATE counter_pauses SET reopened_at = ?2, reopened_by = ?3
             WHERE id = ?1 AND reopened_at IS NULL",
            args![id, ts(at), by],
        )?;
        Ok(n == 1)
    }

    /// The pauses begun on the business days `from..=to`, in order.
    pub fn pauses_of_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Pause>> {
        self.all(
            &format!(
                "SELECT {COLUMNS} FROM counter_pauses WHERE day BETWEEN ?1 AND ?2
                 ORDER BY counter, paused_at"
            ),
            args![day_key(from), day_key(to)],
            pause,
        )
    }
}
