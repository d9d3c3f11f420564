//! Care of the file: online backup, health checks, and purging old clients'
//! personal data (data minimisation).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, MAIN_DB};

use super::events::ChainCheck;
use super::{ts, Db, Result, Store, StoreError, APPLICATION_ID, SCHEMA_VERSION};
use crate::args;

/// What `doctor` found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// `ok`, or SQLite's list of problems.
    pub integrity: Vec<String>,
    pub schema_version: i64,
    pub application_id: i64,
    /// Rows whose foreign key points nowhere: (table, rowid, parent table).
    pub foreign_keys: Vec<(String, i64, String)>,
    /// The event trail's hash chain and its append-only triggers.
    pub chain: ChainCheck,
}

impl Health {
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"]
            && self.schema_version == SCHEMA_VERSION
            && self.application_id == APPLICATION_ID
            && self.foreign_keys.is_empty()
            && self.chain.intact()
    }
}

/// Create `path` (empty, if it is not there yet) readable by its owner only
/// from its first moment: a process killed right after creating it leaves no
/// file others can read.
pub fn create_owner_only(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

impl Store {
    /// A consistent copy at `to` with SQLite's online backup, while others
    /// keep working; readable by its owner only.
    pub fn backup(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::Exists(to.to_path_buf()));
        }
        if let Some(dir) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !dir.is_dir() {
                return Err(StoreError::MissingFolder(dir.to_path_buf()));
            }
        }
        // Create the file first, owner-only, so the copy is never readable by others.
        create_owner_only(to).map_err(|_| StoreError::ReadOnly(to.to_path_buf()))?;
        let result = self
            .conn()?
            .backup(MAIN_DB, to, None::<fn(rusqlite::backup::Progress)>);
        if let Err(e) = result {
            let _ = std::fs::remove_file(to);
            return Err(e.into());
        }
        // The copy is a whole database on its own: no WAL beside it.
        let copy = Connection::open(to)?;
        copy.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        Ok(())
    }

    /// Integrity, schema version and foreign keys.
    pub fn health(&self) -> Result<Health> {
        let c = self.conn()?;
        let mut stmt = c.prepare("PRAGMA integrity_check")?;
        let integrity = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut fk = c.prepare("PRAGMA foreign_key_check")?;
        let foreign_keys = fk
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Health {
            integrity,
            schema_version: c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            application_id: c.query_row("PRAGMA application_id", [], |r| r.get(0))?,
            foreign_keys,
            chain: self.db().verify_chain()?,
        })
    }

    /// After an erasure: wipe every old copy of what was erased from the
    /// file. With `secure_delete` the freed cells are already zeroed; this
    /// copies the log into the file and empties it, rebuilds the file
    /// without free pages, and empties the log again.
    pub fn scrub(&mut self) -> Result<()> {
        let truncate = |c: &rusqlite::Connection| -> Result<()> {
            let busy: i64 = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            match busy {
                0 => Ok(()),
                _ => Err(StoreError::Locked),
            }
        };
        truncate(self.conn()?)?;
        self.conn()?.execute_batch("VACUUM")?;
        truncate(self.conn()?)
    }
}

impl Db<'_> {
    /// The clients, still named, whose records all ended before `before`:
    /// created before it, no ticket, card or prospect open or ended since.
    pub fn purgeable_clients(&self, before: DateTime<Utc>) -> Result<Vec<i64>> {
        self.all(
            "SELECT c.id FROM clients c
             WHERE (c.name IS NOT NULL OR c.mobile IS NOT NULL)
               AND c.created_at < ?1
               AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.client_id = c.id
                     AND (t.status IN ('waiting', 'called', 'serving', 'on_hold')
                          OR coalesce(t.finished_at, t.arrived_at) >= ?1))
               AND NOT EXISTS (SELECT 1 FROM cards k WHERE k.client_id = c.id
                     AND (k.status IN ('new', 'accepted', 'intent')
                          OR coalesce(k.outcome_at, k.created_at) >= ?1))
               AND NOT EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = c.id
                     AND (p.stage = 'open' OR coalesce(p.ended_at, p.created_at) >= ?1))
               AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = c.id
                     AND (a.status = 'booked' OR coalesce(a.ended_at, a.at) >= ?1))
               AND NOT EXISTS (SELECT 1 FROM complaints k WHERE (k.client_id = c.id
                         OR k.ticket_id IN (SELECT id FROM tickets WHERE client_id = c.id))
                     AND (k.status = 'open' OR coalesce(k.resolved_at, k.opened_at) >= ?1))
             ORDER BY c.id",
            args![ts(before)],
            |r| r.get(0),
        )
    }

    /// Anonymise one client: name, mobile, notes and tags, and the free text
    /// about them on cards, prospects, contacts and complaints. Counts, times and amounts
    /// stay, so the figures do not change.
    pub fn anonymise_client(&self, id: i64) -> Result<()> {
        for sql in [
            "UPDATE clients SET name = NULL, mobile = NULL, notes = '', tags = '',
             consent = 0 WHERE id = ?1",
            "UPDATE cards SET note = '', outcome_note = NULL WHERE client_id = ?1",
            "UPDATE contacts SET summary = '', result = '', next_step = ''
             WHERE prospect_id IN (SELECT id FROM prospects WHERE client_id = ?1)",
            "UPDATE prospects SET note = '' WHERE client_id = ?1",
            "UPDATE appointments SET note = '' WHERE client_id = ?1",
            // What the client said in a complaint, and what they were answered.
            "UPDATE complaints SET said = '',
                 resolution = CASE WHEN resolution IS NULL THEN NULL ELSE '' END,
                 feedback_note = CASE WHEN feedback_note IS NULL THEN NULL ELSE '' END
             WHERE client_id = ?1
                OR ticket_id IN (SELECT id FROM tickets WHERE client_id = ?1)",
        ] {
            self.run(sql, args![id])?;
        }
        Ok(())
    }
}
