//! The service level's query: of a range's tickets with a wait, how many
//! were called within a limit, by service and by local hour of arrival (one
//! set-based statement, by the index on `day`).

use super::report::Bounds;
use super::{Db, Result};

/// Tickets of one service and one local hour of arrival with a wait, and
/// how many of them waited no longer than the limit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LevelRow {
    pub service: String,
    pub hour: u32,
    pub count: i64,
    pub within: i64,
}

/// The SQL of [`Db::report_level`]: the wait as the report counts it (first
/// call − arrival; a ticket still waiting today until now; none otherwise).
pub const REPORT_LEVEL: &str = "SELECT service, h, count(wait), coalesce(sum(wait <= :limit), 0)
 FROM (SELECT service, ((arrived_at + :off) % 86400) / 3600 AS h,
        CASE
          WHEN called_at IS NOT NULL THEN max(0, called_at - arrived_at)
          WHEN status = 'waiting' AND day = :today THEN max(0, :now - arrived_at)
        END AS wait
       FROM tickets WHERE day BETWEEN :from AND :to) AS t
 WHERE wait IS NOT NULL
 GROUP BY service, h ORDER BY service, h";

impl Db<'_> {
    /// Of the range's tickets with a wait, by service and hour: how many,
    /// and how many waited `limit_secs` or less.
    pub fn report_level(&self, b: &Bounds, limit_secs: i64) -> Result<Vec<LevelRow>> {
        self.all_named(
            REPORT_LEVEL,
            &[
                (":from", &b.day_from),
                (":to", &b.day_to),
                (":off", &b.offset_secs),
                (":now", &b.now),
                (":today", &b.today),
                (":limit", &limit_secs),
            ],
            |r| {
                Ok(LevelRow {
                    service: r.get(0)?,
                    hour: r.get::<i64>(1)? as u32,
                    count: r.get(2)?,
                    within: r.get(3)?,
                })
            },
        )
    }
}
