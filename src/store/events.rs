//! The append-only event log: every change writes one row.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{from_ts, ts, Db, Result};

/// The SQL of [`Db::events_of`]: one record's history, by `events_record`.
pub const EVENTS_OF: &str = "SELECT id, at, actor, kind, record, record_id, details FROM events
 WHERE record = ?1 AND record_id = ?2 ORDER BY id";

/// The SQL of [`Db::last_event_id`]: the end of the log, by its primary key.
pub const LAST_EVENT_ID: &str = "SELECT coalesce(max(id), 0) FROM events";

/// The SQL of [`Db::changed_since`]: the records changed after an event, by
/// the primary key's range. (Not `DISTINCT`: SQLite would read the whole of
/// `events_record` to find the distinct pairs.)
pub const CHANGED_SINCE: &str = "SELECT record, record_id FROM events WHERE id > ?1";

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
        kind: &str,
        record: &str,
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
                kind,
                record,
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

    /// The records (`ticket`, `card`, `prospect`, `client`, …, and their ids)
    /// that events after `event_id` changed, each once, oldest first: what a
    /// screen showing them must read again. Cheap whatever the history: a
    /// range of the primary key.
    pub fn changed_since(&self, event_id: i64) -> Result<Vec<(String, Option<i64>)>> {
        let mut stmt = self.conn.prepare_cached(CHANGED_SINCE)?;
        let rows = stmt.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut changed: Vec<(String, Option<i64>)> = Vec::new();
        for row in rows {
            let row = row?;
            if !changed.contains(&row) {
                changed.push(row);
            }
        }
        Ok(changed)
    }
}
