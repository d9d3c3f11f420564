//! Prospects: clients kept on the follow-up list.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};

use super::{ts, Db, Result};

/// What a new prospect needs.
#[derive(Clone, Debug)]
pub struct NewProspect {
    pub client_id: i64,
    pub owner: String,
    pub source_card: Option<i64>,
    pub line: Option<String>,
    pub next_due: NaiveDate,
}

impl Db<'_> {
    /// The client's open prospect on a line, if any.
    pub fn open_prospect(&self, client_id: i64, line: Option<&str>) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM prospects WHERE client_id = ?1 AND line IS ?2 AND stage = 'open'",
            )?
            .query_row(params![client_id, line], |r| r.get(0))
            .optional()?)
    }

    pub fn add_prospect(&self, p: &NewProspect, now: DateTime<Utc>) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO prospects (client_id, owner, source_card, line, next_due, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                p.client_id,
                p.owner,
                p.source_card,
                p.line,
                p.next_due.format("%Y-%m-%d").to_string(),
                ts(now)
            ])?;
        Ok(self.conn.last_insert_rowid())
    }
}
