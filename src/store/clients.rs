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

/// A client's record as the screens need it.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    pub id: i64,
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub tier: String,
    pub consent: bool,
}

impl Db<'_> {
    pub fn client(&self, id: i64) -> Result<Option<Client>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, name, mobile, tier, consent FROM clients WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(Client {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    mobile: r.get(2)?,
                    tier: r.get(3)?,
                    consent: r.get::<_, i64>(4)? != 0,
                })
            })
            .optional()?)
    }

    /// Fill in a client's name and mobile where the record lacks them.
    pub fn complete_client(&self, id: i64, name: &str, mobile: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE clients SET name = coalesce(nullif(name, ''), ?2),
                 mobile = coalesce(mobile, ?3) WHERE id = ?1",
            )?
            .execute(params![id, name, mobile])?;
        Ok(())
    }

    /// Record the client's answer to being contacted: when and by whom.
    pub fn set_consent(&self, id: i64, consent: bool, by: &str, now: DateTime<Utc>) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE clients SET consent = ?2, consent_at = ?3, consent_by = ?4 WHERE id = ?1",
            )?
            .execute(params![id, consent as i64, ts(now), by])?;
        Ok(())
    }
}
