//! Follow-ups ended lost, by their reason (流失原因): counted for the report
//! and listed on a client's history.

use super::{from_ts, Db, Result};
use crate::args;
use chrono::{DateTime, Utc};

/// The SQL of [`Db::lost_by_reason`]: off the index of the lost ones alone,
/// counted in memory (a few reasons: no sort of years of entries).
pub const LOST_BY_REASON: &str = "SELECT end_reason FROM prospects INDEXED BY prospects_lost
 WHERE stage = 'lost' AND ended_at >= ?1 AND ended_at < ?2";

impl Db<'_> {
    /// Follow-ups ended lost in `[start, end)` (UTC seconds), by reason code
    /// (`no_reason` when none was kept), by code.
    pub fn lost_by_reason(&self, start: i64, end: i64) -> Result<Vec<(String, i64)>> {
        let mut counts: Vec<(String, i64)> = Vec::new();
        self.each(LOST_BY_REASON, args![start, end], |r| {
            let reason: Option<String> = r.get(0)?;
            let code = match reason.as_deref() {
                None | Some("") => "no_reason",
                Some(c) => c,
            };
            match counts.iter_mut().find(|(c, _)| c == code) {
                Some((_, n)) => *n += 1,
                None => counts.push((code.to_string(), 1)),
            }
            Ok(())
        })?;
        counts.sort();
        Ok(counts)
    }

    /// A client's follow-ups ended lost, newest first: when, whose, and the
    /// reason code.
    pub fn client_lost(
        &self,
        client: i64,
        limit: usize,
    ) -> Result<Vec<(DateTime<Utc>, String, String)>> {
        self.all(
            "SELECT ended_at, owner, coalesce(nullif(end_reason, ''), 'no_reason') FROM prospects
             WHERE client_id = ?1 AND stage = 'lost' AND ended_at IS NOT NULL
             ORDER BY ended_at DESC LIMIT ?2",
            args![client, limit as i64],
            |r| Ok((from_ts(r.get(0)?), r.get(1)?, r.get(2)?)),
        )
    }
}
