//! The closing sweep's keys: which open cards and due prospects a person
//! may settle, as ids in the order the sweep shows them, read off the
//! indexes alone (the rows themselves are read one at a time, when shown).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::{ts, Db, Result};
use crate::domain::sweep::{CardScope, ProspectScope};

/// The SQL of [`Db::sweep_cards`]: a line's open cards created since an
/// instant that the scope admits (`CardScope::admits`), by
/// `cards_line_status`; the receiver is read for those few rows only.
pub const SWEEP_CARDS: &str = "SELECT id, status = 'new', created_at FROM cards
 WHERE line = ?1 AND status IN ('new', 'accepted', 'intent') AND created_at >= ?2
   AND ((?3 AND status IN ('new', 'accepted')) OR receiver = ?4)";

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
        let mut stmt = self.lite()?.prepare_cached(SWEEP_CARDS)?;
        let rows = stmt.query_map(
            params![line, ts(since), scope.move_on, scope.received_by],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        let mut keys: Vec<(i64, bool, i64)> = rows.collect::<Result<_, _>>()?;
        keys.sort_by(|a, b| (!a.1, b.2, b.0).cmp(&(!b.1, a.2, a.0)));
        Ok(keys.into_iter().map(|k| k.0).collect())
    }

    /// The open prospects due on or before `day` that `scope` admits:
    /// overdue first, by id within a day.
    pub fn sweep_prospects(&self, day: NaiveDate, scope: &ProspectScope) -> Result<Vec<i64>> {
        let day = day.format("%Y-%m-%d").to_string();
        let id = |r: &rusqlite::Row| r.get::<_, i64>(0);
        let ids = match scope {
            ProspectScope::Nobody => return Ok(Vec::new()),
            ProspectScope::All => {
                let mut stmt = self.lite()?.prepare_cached(SWEEP_PROSPECTS)?;
                let rows = stmt.query_map(params![day], id)?;
                rows.collect::<Result<_, _>>()?
            }
            ProspectScope::Owner(o) => {
                let mut stmt = self.lite()?.prepare_cached(SWEEP_OWNER_PROSPECTS)?;
                let rows = stmt.query_map(params![day, o], id)?;
                rows.collect::<Result<_, _>>()?
            }
        };
        Ok(ids)
    }
}
