//! The branch's settings: one row with the checked TOML text and its
//! version. Only `ops::settings` writes it; a new (or upgraded) file starts
//! with the shipped settings.

use super::{ts, Db, Result};
use crate::args;
use chrono::{DateTime, Utc};

/// The settings as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSettings {
    /// 1 for the shipped settings, one more for each change.
    pub version: i64,
    /// The TOML text, as checked when it was written.
    pub text: String,
}

impl Db<'_> {
    /// The branch's settings.
    pub fn settings(&self) -> Result<StoredSettings> {
        let found = self.opt(
            "SELECT version, body FROM settings WHERE id = 1",
            args![],
            |r| {
                Ok(StoredSettings {
                    version: r.get(0)?,
                    text: r.get(1)?,
                })
            },
        )?;
        Ok(found.unwrap_or_else(|| StoredSettings {
            version: 1,
            text: crate::config::SHIPPED.to_string(),
        }))
    }

    /// Store checked settings as `version`, changed at `at` by `by`.
    pub fn put_settings(
        &self,
        version: i64,
        text: &str,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<()> {
        self.run(
            "INSERT INTO settings (id, version, body, changed_at, changed_by)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version,
                 body = excluded.body, changed_at = excluded.changed_at,
                 changed_by = excluded.changed_by",
            args![version, text, ts(at), by],
        )?;
        Ok(())
    }

    /// The shipped settings, where the file has none yet (on migrating).
    pub(super) fn seed_settings(&self) -> Result<()> {
        self.run(
            "INSERT OR IGNORE INTO settings (id, version, body) VALUES (1, 1, ?1)",
            args![crate::config::SHIPPED],
        )?;
        Ok(())
    }
}
