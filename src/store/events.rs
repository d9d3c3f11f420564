//! The append-only event log: every change writes one row.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{from_ts, ts, Db, Result};
use crate::domain::event::EventKind;

/// The SQL of [`Db::events_of`]: one record's history, by `events_record`.
pub const EVENTS_OF: &str = "SELECT id, at, actor, kind, record, record_id, details FROM events
 WHERE record = ?1 AND record_id = ?2 ORDER BY id";

/// The SQL of [`Db::last_event_id`]: the end of the log, by its primary key.
pub const LAST_EVENT_ID: &str = "SELECT coalesce(max(id), 0) FROM events";

/// The SQL of [`Db::changed_since`]: the records changed after an event, by
/// the primary key's range, at most `?2` events. (Not `DISTINCT`: SQLite would
/// read the whole of `events_record` to find the distinct pairs.)
pub const CHANGED_SINCE: &str =
    "SELECT id, record, record_id FROM events WHERE id > ?1 ORDER BY id LIMIT ?2";

/// What the events after a point in the log changed: [`Db::changed_since`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    /// The newest event read: where the next look starts.
    pub last: i64,
    /// The records (`ticket`, `card`, `prospect`, `client`, …, and their ids)
    /// changed, each once, oldest first.
    pub records: Vec<(String, Option<i64>)>,
    /// More events than asked for: `records` holds the first of them only,
    /// and it is simpler to read everything again.
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub record: String,
    pub record_id: Option<i64>,
    pub details: serde_json::Value,
}

impl Db<'_> {
    pub fn add_event(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        kind: EventKind,
        record_id: Option<i64>,
        details: serde_json::Value,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO events (at, actor, kind, record, record_id, details)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                ts(at),
                actor,
                kind.as_str(),
                kind.record().as_str(),
                record_id,
                details.to_string()
            ])?;
        Ok(())
    }

    /// One record's history, oldest first.
    pub fn events_of(&self, record: &str, record_id: i64) -> Result<Vec<Event>> {
        let mut stmt = self.conn.prepare_cached(EVENTS_OF)?;
        let rows = stmt.query_map(params![record, record_id], |r| {
            let details: String = r.get(6)?;
            Ok(Event {
                id: r.get(0)?,
                at: from_ts(r.get(1)?),
                actor: r.get(2)?,
                kind: r.get(3)?,
                record: r.get(4)?,
                record_id: r.get(5)?,
                details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The id of the newest event: every change writes one, so it moves
    /// whenever anything was saved, by this process or another.
    pub fn last_event_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(LAST_EVENT_ID)?
            .query_row([], |r| r.get(0))?)
    }

    /// The records that the events after `event_id` changed (looking at no
    /// more than `limit` events): what a screen showing them must read again.
    /// Cheap whatever the history: a range of the primary key.
    pub fn changed_since(&self, event_id: i64, limit: usize) -> Result<Changes> {
        let mut stmt = self.conn.prepare_cached(CHANGED_SINCE)?;
        let mut rows = stmt.query(params![event_id, limit as i64 + 1])?;
        let mut changes = Changes {
            last: event_id,
            ..Changes::default()
        };
        let mut seen = std::collections::HashSet::new();
        let mut n = 0;
        while let Some(r) = rows.next()? {
            n += 1;
            if n > limit {
                changes.more = true;
                break;
            }
            changes.last = r.get(0)?;
            let record: (String, Option<i64>) = (r.get(1)?, r.get(2)?);
            if seen.insert(record.clone()) {
                changes.records.push(record);
            }
        }
        Ok(changes)
    }
}
