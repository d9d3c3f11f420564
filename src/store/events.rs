//! The append-only event log: every change writes one row.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{from_ts, ts, Db, Result};

/// The SQL of [`Db::events_of`]: one record's history, by `events_record`.
pub const EVENTS_OF: &str = "SELECT id, at, actor, kind, record, record_id, details FROM events
 WHERE record = ?1 AND record_id = ?2 ORDER BY id";

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
}
