//! What the calling board (叫号屏) reads: the day's calls, the waiting per
//! service and the calls written to the trail since a point in it. Nothing
//! here reads a client's name or mobile.

use super::{from_ts, ts, Db, Result};
use crate::args;
use chrono::{DateTime, NaiveDate, Utc};

/// The SQL of [`Db::board_calls`]: the day's first calls, newest first, by
/// the index of the day's call order.
pub const BOARD_CALLS: &str = "SELECT id, number, service, counter, called_at, calls FROM tickets
 WHERE day = ?1 AND call_seq IS NOT NULL AND counter IS NOT NULL
 ORDER BY call_seq DESC LIMIT ?2";

/// The SQL of [`Db::board_queue`]: per service, the tickets waiting and the
/// average service time of those served, by the index of the day's statuses.
pub const BOARD_QUEUE: &str =
    "SELECT service, coalesce(sum(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0),
   avg(CASE WHEN status = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL
       THEN CAST(finished_at - started_at AS DOUBLE PRECISION) END)
 FROM tickets WHERE day = ?1 GROUP BY service";

/// The SQL of [`Db::calls_since`]: the calls (and recalls) written after one
/// event and up to another, at `?3` or later, by the primary key's range.
pub const CALLS_SINCE: &str = "SELECT at, record_id, details FROM events
 WHERE id > ?1 AND id <= ?2 AND kind = 'ticket.call' AND at >= ?3 AND record_id IS NOT NULL
 ORDER BY id LIMIT ?4";

/// One call of a ticket to a counter, as the board shows and says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardCall {
    pub ticket_id: i64,
    pub number: String,
    pub counter: u32,
    /// When it was called (first called, for a ticket read from the day's calls).
    pub at: DateTime<Utc>,
    /// 1 for the first call, 2 for the first recall, …
    pub calls: u32,
}

/// One service's queue: how many wait, and how long serving one took today.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceQueue {
    pub service: String,
    pub waiting: u32,
    /// Average minutes from start to finish of the day's served tickets.
    pub avg_service_minutes: Option<f64>,
}

impl Db<'_> {
    /// The day's last `limit` tickets called to a counter, by their first
    /// call, newest first.
    pub fn board_calls(&self, day: NaiveDate, limit: usize) -> Result<Vec<BoardCall>> {
        let key = day.format("%Y-%m-%d").to_string();
        self.all(BOARD_CALLS, args![key, limit as i64], |r| {
            Ok(BoardCall {
                ticket_id: r.get(0)?,
                number: r.get(1)?,
                counter: r.get::<i64>(3)? as u32,
                at: from_ts(r.get::<Option<i64>>(4)?.unwrap_or_default()),
                calls: r.get::<i64>(5)? as u32,
            })
        })
    }

    /// Per service with a ticket today: the waiting and the average service time.
    pub fn board_queue(&self, day: NaiveDate) -> Result<Vec<ServiceQueue>> {
        let key = day.format("%Y-%m-%d").to_string();
        self.all(BOARD_QUEUE, args![key], |r| {
            Ok(ServiceQueue {
                service: r.get(0)?,
                waiting: r.get::<i64>(1)? as u32,
                avg_service_minutes: r.get::<Option<f64>>(2)?.map(|s| s / 60.0),
            })
        })
    }

    /// The calls and recalls written after event `after` up to event `upto`
    /// (at most `limit`), made at `since` or later, oldest first.
    pub fn calls_since(
        &self,
        after: i64,
        upto: i64,
        since: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<BoardCall>> {
        let rows = self.all(
            CALLS_SINCE,
            args![after, upto, ts(since), limit as i64],
            |r| {
                let details: String = r.get(2)?;
                Ok((from_ts(r.get(0)?), r.get::<i64>(1)?, details))
            },
        )?;
        let mut calls = Vec::new();
        for (at, ticket_id, details) in rows {
            let d: serde_json::Value = serde_json::from_str(&details).unwrap_or_default();
            let number = d.get("number").and_then(|v| v.as_str());
            let counter = d.get("counter").and_then(|v| v.as_u64());
            let calls_made = d.get("calls").and_then(|v| v.as_u64()).unwrap_or(1);
            if let (Some(number), Some(counter)) = (number, counter) {
                calls.push(BoardCall {
                    ticket_id,
                    number: number.to_string(),
                    counter: u32::try_from(counter).unwrap_or(0),
                    at,
                    calls: u32::try_from(calls_made).unwrap_or(1),
                });
            }
        }
        Ok(calls)
    }
}
