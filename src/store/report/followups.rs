//! The report's follow-up figures: contacts logged and prospects ended in a
//! range, and the open prospects as they stand.

use rusqlite::named_params;

use super::Bounds;
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

/// The SQL of [`Db::report_followups`].
pub const REPORT_FOLLOWUPS: &str = "SELECT c.n, p.won, p.lost, p.handed_back
 FROM (SELECT count(*) AS n FROM contacts WHERE at >= :s AND at < :e) c,
      (SELECT count(CASE WHEN stage = 'won' THEN 1 END) AS won,
              count(CASE WHEN stage = 'lost' THEN 1 END) AS lost,
              count(CASE WHEN stage = 'handed_back' THEN 1 END) AS handed_back
       FROM prospects WHERE ended_at >= :s AND ended_at < :e) p";

/// The SQL of [`Db::report_open_followups`]: one pass over the open
/// prospects' index entries.
pub const REPORT_OPEN_FOLLOWUPS: &str = "SELECT count(*),
        count(CASE WHEN next_due = :after THEN 1 END),
        count(CASE WHEN next_due < :last THEN 1 END)
 FROM prospects WHERE stage = 'open'";

impl Db<'_> {
    /// Contacts logged and prospects ended in the range (the open ones are
    /// [`Db::report_open_followups`]'s).
    pub fn report_followups(&self, b: &Bounds) -> Result<FollowupRow> {
        let mut stmt = self.lite()?.prepare_cached(REPORT_FOLLOWUPS)?;
        Ok(
            stmt.query_row(named_params! {":s": b.start, ":e": b.end}, |r| {
                Ok(FollowupRow {
                    contacted: r.get(0)?,
                    won: r.get(1)?,
                    lost: r.get(2)?,
                    handed_back: r.get(3)?,
                    ..FollowupRow::default()
                })
            })?,
        )
    }

    /// Into `row`: the open prospects (now), those due the day after the
    /// range, and those overdue (due before its last day).
    pub fn report_open_followups(&self, b: &Bounds, row: &mut FollowupRow) -> Result<()> {
        let mut stmt = self.lite()?.prepare_cached(REPORT_OPEN_FOLLOWUPS)?;
        let params = named_params! {":after": b.day_after, ":last": b.day_to};
        (row.open, row.due_after, row.overdue) =
            stmt.query_row(params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(())
    }
}
