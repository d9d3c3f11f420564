//! The branch's settings: anyone signed in may read them; only the branch
//! head changes them, a whole checked file at a time, written as one
//! `settings.import` event naming what changed.

use serde_json::json;

use super::{Op, OpError};
use crate::config::{self, Catalog};
use crate::domain::authority::{Act, Target};
use crate::domain::event::EventKind;
use crate::store::Db;

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The settings' version now (unchanged when nothing changed).
    pub version: i64,
    /// The settings (`thresholds.max_calls`) and list entries
    /// (`services.C`) that changed; empty: nothing was written.
    pub changed: Vec<String>,
}

/// The branch's settings as a TOML file, for anyone signed in.
pub fn export(db: &Db, _op: &Op) -> Result<String, OpError> {
    Ok(db.settings()?.text)
}

/// The settings a command or a screen works under.
pub fn catalog(db: &Db) -> Result<Catalog, OpError> {
    Catalog::from_settings(&db.settings()?.text).map_err(OpError::Settings)
}

/// Replace the branch's settings with `text`, checked as a whole: the
/// branch head only. A file that means the same as the current settings
/// writes nothing; otherwise the settings and one `settings.import` event
/// naming what changed.
pub fn import(db: &Db, op: &Op, text: &str) -> Result<Imported, OpError> {
    op.require(Act::EditSettings, Target::Branch)?;
    Catalog::from_settings(text).map_err(OpError::Settings)?;
    let current = db.settings()?;
    let changed = config::changes(&current.text, text);
    if changed.is_empty() {
        return Ok(Imported {
            version: current.version,
            changed,
        });
    }
    let version = current.version + 1;
    db.put_settings(version, text, op.now, &op.who.code)?;
    op.event(
        db,
        EventKind::SettingsImport,
        None,
        json!({"from": current.version, "version": version, "changed": changed}),
    )?;
    Ok(Imported { version, changed })
}
