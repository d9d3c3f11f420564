//! Clients: found by mobile, created on first visit.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{ts, Db, Result};

impl Db<'_> {
    /// The client with this mobile, or a new client; a name given now fills a
    /// missing one. Returns the client's id and whether it was created.
    pub fn find_or_add_client(
        &self,
        name: Option<&str>,
        mobile: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(i64, bool)> {
        if let Some(m) = mobile {
            let found: Option<i64> = self
                .conn
                .prepare_cached("SELECT id FROM clients WHERE mobile = ?1")?
                .query_row([m], |r| r.get(0))
                .optional()?;
            if let Some(id) = found {
                if let Some(n) = name {
                    self.conn
                        .prepare_cached(
                            "UPDATE clients SET name = ?2 WHERE id = ?1 AND (name IS NULL OR name = '')",
                        )?
                        .execute(params![id, n])?;
                }
                return Ok((id, false));
            }
        }
        self.conn
            .prepare_cached("INSERT INTO clients (name, mobile, created_at) VALUES (?1, ?2, ?3)")?
            .execute(params![name, mobile, ts(now)])?;
        Ok((self.conn.last_insert_rowid(), true))
    }
}
