//! The counters' report statements: every call of the range with its
//! counter, teller and times, and every pause of the range; the report
//! works out walk, idle and paused time from them.

use super::report::Bounds;
use super::{Db, Result};

/// One ticket called to a counter: times in UTC seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallRow {
    pub day: String,
    pub counter: u32,
    pub teller: Option<String>,
    pub teller_name: Option<String>,
    pub called: i64,
    pub started: Option<i64>,
    pub finished: Option<i64>,
}

/// One pause: its counter, teller, reason and span (`until` the reopening,
/// or `None` while it lasts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PauseRow {
    pub day: String,
    pub counter: u32,
    pub teller: Option<String>,
    pub teller_name: Option<String>,
    pub reason: String,
    pub from: i64,
    pub until: Option<i64>,
}

const REPORT_CALLS: &str = "
    SELECT t.day, t.counter, t.teller, s.name, t.called_at, t.started_at, t.finished_at
    FROM tickets t LEFT JOIN staff s ON s.code = t.teller
    WHERE t.day BETWEEN :from AND :to AND t.counter IS NOT NULL AND t.called_at IS NOT NULL
    ORDER BY t.day, t.counter, t.called_at, t.id";

const REPORT_PAUSES: &str = "
    SELECT p.day, p.counter, p.teller, s.name, p.reason, p.paused_at, p.reopened_at
    FROM counter_pauses p LEFT JOIN staff s ON s.code = p.teller
    WHERE p.day BETWEEN :from AND :to
    ORDER BY p.day, p.counter, p.paused_at";

impl Db<'_> {
    /// Every ticket of the range called to a counter, by day, counter and call.
    pub fn report_calls(&self, b: &Bounds) -> Result<Vec<CallRow>> {
        let days: [(&str, &dyn crate::store::sql::Arg); 2] =
            [(":from", &b.day_from), (":to", &b.day_to)];
        self.all_named(REPORT_CALLS, &days, |r| {
            Ok(CallRow {
                day: r.get(0)?,
                counter: r.get::<i64>(1)? as u32,
                teller: r.get(2)?,
                teller_name: r.get(3)?,
                called: r.get(4)?,
                started: r.get(5)?,
                finished: r.get(6)?,
            })
        })
    }

    /// Every pause begun in the range.
    pub fn report_pauses(&self, b: &Bounds) -> Result<Vec<PauseRow>> {
        let days: [(&str, &dyn crate::store::sql::Arg); 2] =
            [(":from", &b.day_from), (":to", &b.day_to)];
        self.all_named(REPORT_PAUSES, &days, |r| {
            Ok(PauseRow {
                day: r.get(0)?,
                counter: r.get::<i64>(1)? as u32,
                teller: r.get(2)?,
                teller_name: r.get(3)?,
                reason: r.get(4)?,
                from: r.get(5)?,
                until: r.get(6)?,
            })
        })
    }
}
