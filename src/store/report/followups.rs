//! The report's follow-up figures: contacts logged and prospects ended in a
//! range, and the open prospects as they stand.

use super::Bounds;
use crate::args;
use crate::store::{Db, Result};

/// Contacts and ended prospects of a range; open ones now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowupRow {
    pub contacted: i64,
    pub won: i64,
    pub lost: i64,
    pub handed_back: i64,
    pub open: i64,
    pub due_after: i64,
    pub overdue: i64,
}

/// The SQL of [`Db::report_followups`]: the range's start `?1` and end `?2`.
pub const REPORT_FOLLOWUPS: &str = "SELECT c.n, p.won, p.lost, p.handed_back
 FROM (SELECT count(*) AS n FROM contacts WHERE at >= ?1 AND at < ?2) c,
      (SELECT count(CASE WHEN stage = 'won' THEN 1 END) AS won,
              count(CASE WHEN stage = 'lost' THEN 1 END) AS lost,
              count(CASE WHEN stage = 'handed_back' THEN 1 END) AS handed_back
       FROM prospects WHERE ended_at >= ?1 AND ended_at < ?2) p";

/// The SQL of [`Db::report_open_followups`]: one pass over the open
/// prospects' index entries (`?1` the day after the range, `?2` its last day).
pub const REPORT_OPEN_FOLLOWUPS: &str = "SELECT count(*),
        count(CASE WHEN next_due = ?1 THEN 1 END),
        count(CASE WHEN next_due < ?2 THEN 1 END)
 FROM prospects WHERE stage = 'open'";

impl Db<'_> {
    /// Contacts logged and prospects ended in the range (the open ones are
    /// [`Db::report_open_followups`]'s).
    pub fn report_followups(&self, b: &Bounds) -> Result<FollowupRow> {
        self.one(REPORT_FOLLOWUPS, args![b.start, b.end], |r| {
            Ok(FollowupRow {
                contacted: r.get(0)?,
                won: r.get(1)?,
                lost: r.get(2)?,
                handed_back: r.get(3)?,
                ..FollowupRow::default()
            })
        })
    }

    /// Into `row`: the open prospects (now), those due the day after the
    /// range, and those overdue (due before its last day).
    pub fn report_open_followups(&self, b: &Bounds, row: &mut FollowupRow) -> Result<()> {
        (row.open, row.due_after, row.overdue) =
            self.one(REPORT_OPEN_FOLLOWUPS, args![b.day_after, b.day_to], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        Ok(())
    }
}
