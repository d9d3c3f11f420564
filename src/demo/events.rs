//! Events, in time order.

use chrono::{DateTime, Utc};

use crate::domain::event::EventKind;
use crate::store::{Db, StoreError};

/// An event waiting to be written.
struct Pending {
    at: DateTime<Utc>,
    actor: String,
    kind: EventKind,
    record_id: Option<i64>,
    details: serde_json::Value,
}

/// The events of one transaction, written at its end in time order (those of
/// the same second in the order they were noted), so the log reads as things
/// happened even when the records were written in another order.
#[derive(Default)]
pub(super) struct EventLog {
    rows: Vec<Pending>,
}

impl EventLog {
    pub(super) fn add(
        &mut self,
        at: DateTime<Utc>,
        actor: &str,
        kind: EventKind,
        record_id: Option<i64>,
        details: serde_json::Value,
    ) {
        self.rows.push(Pending {
            at,
            actor: actor.to_string(),
            kind,
            record_id,
            details,
        });
    }

    /// Write every noted event; returns how many.
    pub(super) fn write(&mut self, db: &Db) -> Result<u64, StoreError> {
        self.rows.sort_by_key(|e| e.at);
        let n = self.rows.len() as u64;
        for e in self.rows.drain(..) {
            db.add_event(e.at, &e.actor, e.kind, e.record_id, e.details)?;
        }
        Ok(n)
    }
}
