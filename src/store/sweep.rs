//! The closing sweep's keys: which open cards and due prospects a person
//! may settle, as ids in the order the sweep shows them, read off the
//! indexes alone (the rows themselves are read one at a time, when shown).

use super::{ts, Db, Result};
use crate::args;
use crate::domain::sweep::{CardScope, ProspectScope};
use chrono::{DateTime, NaiveDate, Utc};

/// The SQL of [`Db::sweep_cards`]: a line's open cards created since an
/// instant that the scope admits (`CardScope::admits`), by
/// `cards_line_status`; the receiver is read for those few rows only.
pub const SWEEP_CARDS: &str =
    "SELECT id, CAST(CASE WHEN status = 'new' THEN 1 ELSE 0 END AS BIGINT), created_at FROM cards
 WHERE line = ?1 AND status IN ('new', 'accepted', 'intent') AND created_at >= ?2
   AND ((CAST(?3 AS BIGINT) = 1 AND status IN ('new', 'accepted')) OR receiver = ?4)";

/// The SQL of [`Db::sweep_prospects`] for the head: every open prospect due
/// by a day, overdue first, by id within a day (`prospects_stage_due`, the
/// index alone).
pub const SWEEP_PROSPECTS: &str = "SELECT id FROM prospects
 WHERE stage = 'open' AND next_due <= ?1 ORDER BY next_due, id";

/// The SQL of [`Db::sweep_prospects`] for anyone else: their own
/// (`prospects_owner_due`, the index alone).
pub const SWEEP_OWNER_PROSPECTS: &str = "SELECT id FROM prospects
 WHERE owner = ?2 AND stage = 'open' AND next_due <= ?1 ORDER BY next_due, id";

impl Db<'_> {
    /// The open cards of `line` created since `since` that `scope` admits,
    /// in the line pane's order (new first, then the others, newest first
    /// within each; see `cards::LINE_PLACES`).
    pub fn sweep_cards(
        &self,
        line: &str,
        since: DateTime<Utc>,
        scope: &CardScope,
    ) -> Result<Vec<i64>> {
        if scope.is_empty() {
            return Ok(Vec::new());
        }
        let mut keys: Vec<(i64, bool, i64)> = self.all(
            SWEEP_CARDS,
            args![line, ts(since), scope.move_on as i64, scope.received_by],
            |r| Ok((r.get(0)?, r.get::<i64>(1)? != 0, r.get(2)?)),
        )?;
        keys.sort_by(|a, b| (!a.1, b.2, b.0).cmp(&(!b.1, a.2, a.0)));
        Ok(keys.into_iter().map(|k| k.0).collect())
    }

    /// The open prospects due on or before `day` that `scope` admits:
    /// overdue first, by id within a day.
    pub fn sweep_prospects(&self, day: NaiveDate, scope: &ProspectScope) -> Result<Vec<i64>> {
        let day = day.format("%Y-%m-%d").to_string();
        let id = |r: &crate::store::sql::Row| r.get::<i64>(0);
        match scope {
            ProspectScope::Nobody => Ok(Vec::new()),
            ProspectScope::All => self.all(SWEEP_PROSPECTS, args![day], id),
            ProspectScope::Owner(o) => self.all(SWEEP_OWNER_PROSPECTS, args![day, o], id),
        }
    }
}
