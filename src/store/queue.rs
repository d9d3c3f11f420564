//! What the expected wait reads (today's timed visits, each service's usual
//! time at a counter over the days before) and a ticket's transfer to
//! another service.

use chrono::{Duration, NaiveDate};

use super::{Db, Result};
use crate::args;
use crate::domain::ticket::Ticket;
use crate::domain::wait::replay::PRIOR_DAYS;

/// The SQL of [`Db::visits_timed`]: by the index of a day's statuses.
pub const VISITS_TIMED: &str = "SELECT coalesce(transferred_to, service),
   CAST(finished_at - called_at AS DOUBLE PRECISION) / 60 FROM tickets
 WHERE day = ?1 AND status IN ('done', 'no_show')
   AND called_at IS NOT NULL AND finished_at IS NOT NULL
 ORDER BY finished_at DESC LIMIT ?2";

/// The SQL of [`Db::usual_minutes`]: the days' few rows of
/// `service_minutes` (kept by triggers as tickets end), not their tickets.
pub const USUAL_MINUTES: &str =
    "SELECT service, CAST(sum(seconds) AS DOUBLE PRECISION) / 60 / sum(visits) FROM service_minutes
 WHERE day >= ?1 AND day < ?2
 GROUP BY service HAVING sum(visits) > 0";

/// The SQL of [`Db::transfer_ticket`]: the service a ticket now waits for
/// (none when it is back at the service that issued its number).
pub const SET_TRANSFER: &str =
    "UPDATE tickets SET transferred_to = CASE WHEN ?2 = service THEN NULL ELSE ?2 END
 WHERE id = ?1";

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Db<'_> {
    /// The most recent visits of `day` that ended (done or no-show), newest
    /// first, at most `limit`: their service and minutes from first call to end.
    pub fn visits_timed(&self, day: NaiveDate, limit: usize) -> Result<Vec<(String, f64)>> {
        self.all(VISITS_TIMED, args![day_key(day), limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
    }

    /// Each service's average minutes from first call to end over the
    /// [`PRIOR_DAYS`] calendar days before `day`.
    pub fn usual_minutes(&self, day: NaiveDate) -> Result<Vec<(String, f64)>> {
        let from = day - Duration::days(PRIOR_DAYS);
        self.all(USUAL_MINUTES, args![day_key(from), day_key(day)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
    }

    /// Save a transfer: `new` (its status and times) replaces `old` only if
    /// nobody changed it meanwhile, and the ticket waits for `new.service`.
    /// Returns false when the ticket had changed.
    pub fn transfer_ticket(&self, old: &Ticket, new: &Ticket) -> Result<bool> {
        if !self.update_ticket(old, new)? {
            return Ok(false);
        }
        self.run(SET_TRANSFER, args![new.id, new.service])?;
        Ok(true)
    }
}
