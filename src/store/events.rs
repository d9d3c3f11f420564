//! The append-only, hash-chained event log: every change writes one row,
//! whose hash covers its content and the previous row's hash.

use chrono::{DateTime, Utc};
use rusqlite::params;
use sha2::{Digest, Sha256};

use super::sql::Q;
use super::{from_ts, ts, Db, Result};
use crate::args;
use crate::domain::event::EventKind;

/// The SQL of [`Db::events_of`]: one record's history, by `events_record`.
pub const EVENTS_OF: &str = "SELECT id, at, actor, kind, record, record_id, details FROM events
 WHERE record = ?1 AND record_id = ?2 ORDER BY id";

/// The SQL of [`Db::last_event_id`]: the end of the log, by its primary key.
pub const LAST_EVENT_ID: &str = "SELECT coalesce(max(id), 0) FROM events";

/// The same on a server: the branch's whole trail, not the part this login
/// may read.
const LAST_EVENT_ID_PG: &str = "SELECT lobbydesk_last_event()";

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

/// The schema version whose migration chains the events.
pub const CHAINED_SINCE_SCHEMA: i64 = 3;

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The triggers that keep the log append-only.
pub const TRIGGERS: [&str; 3] = ["events_no_update", "events_no_delete", "events_no_replace"];

/// An event's hash: its content and the previous event's hash.
#[allow(clippy::too_many_arguments)]
pub fn event_hash(
    prev: &str,
    id: i64,
    at: i64,
    actor: &str,
    kind: &str,
    record: &str,
    record_id: Option<i64>,
    details: &str,
) -> String {
    let mut h = Sha256::new();
    let id_text = record_id.map_or(String::new(), |r| r.to_string());
    for part in [
        prev,
        &id.to_string(),
        &at.to_string(),
        actor,
        kind,
        record,
        &id_text,
        details,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    // In hex, without a string per byte: every write hashes one event.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// The hash of an event read as `id, at, actor, kind, record, record_id,
/// details` (the first seven columns), after `prev`.
fn row_hash(prev: &str, r: &rusqlite::Row) -> rusqlite::Result<String> {
    Ok(event_hash(
        prev,
        r.get(0)?,
        r.get(1)?,
        &r.get::<_, String>(2)?,
        &r.get::<_, String>(3)?,
        &r.get::<_, String>(4)?,
        r.get(5)?,
        &r.get::<_, String>(6)?,
    ))
}

/// What [`Db::verify_chain`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChainCheck {
    /// Events checked.
    pub events: u64,
    /// The newest event's hash (the chain's head).
    pub head: String,
    /// The first event whose hash does not follow from its content and the
    /// event before it: history was changed, deleted or reordered there.
    pub first_bad: Option<i64>,
    /// The append-only triggers that are missing.
    pub missing_triggers: Vec<&'static str>,
}

impl ChainCheck {
    pub fn intact(&self) -> bool {
        self.first_bad.is_none() && self.missing_triggers.is_empty()
    }

    /// The next event in id order, with its stored hash and the hash its
    /// content gives after the head so far: the first out of place or
    /// changed is kept.
    pub(crate) fn follow(&mut self, id: i64, stored: Option<String>, hash: String) {
        let expected_id = self.events as i64 + 1;
        self.events += 1;
        if self.first_bad.is_none() && (id != expected_id || stored.as_deref() != Some(&hash)) {
            self.first_bad = Some(id);
        }
        self.head = stored.unwrap_or(hash);
    }
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
        let (last, prev) = self.chain_head()?;
        let id = last + 1;
        let details = details.to_string();
        let (kind, record) = (kind.as_str(), kind.record().as_str());
        let hash = event_hash(&prev, id, ts(at), actor, kind, record, record_id, &details);
        self.run(
            "INSERT INTO events (id, at, actor, kind, record, record_id, details, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![id, ts(at), actor, kind, record, record_id, details, hash],
        )?;
        self.set_write_head(id, hash);
        Ok(())
    }

    /// The newest event's id and hash (0 and the genesis hash when none).
    fn chain_head(&self) -> Result<(i64, String)> {
        if let Some(head) = self.write_head() {
            return Ok(head);
        }
        // On a server the head is read past row-level security, which hides
        // from most logins some of their branch's events.
        let row = self.opt(
            Q::per_engine(
                "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
                "SELECT id, hash FROM lobbydesk_chain_head()",
            ),
            args![],
            |r| Ok((r.get(0)?, r.get::<Option<String>>(1)?)),
        )?;
        Ok(match row {
            Some((id, hash)) => (id, hash.unwrap_or_else(|| GENESIS.to_string())),
            None => (0, GENESIS.to_string()),
        })
    }

    /// Chain the events written before the log was chained (the migration
    /// that adds the hashes runs this once, inside its transaction).
    pub(super) fn chain_existing(&self) -> Result<()> {
        self.lite()?
            .execute_batch("DROP TRIGGER IF EXISTS events_no_update")?;
        let mut prev = GENESIS.to_string();
        {
            let mut read = self.lite()?.prepare(
                "SELECT id, at, actor, kind, record, record_id, details FROM events ORDER BY id",
            )?;
            let mut write = self
                .lite()?
                .prepare("UPDATE events SET hash = ?2 WHERE id = ?1")?;
            let mut rows = read.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let hash = row_hash(&prev, r)?;
                write.execute(params![id, hash])?;
                prev = hash;
            }
        }
        self.lite()?.execute_batch(
            "CREATE TRIGGER events_no_update BEFORE UPDATE ON events
             BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
        )?;
        Ok(())
    }

    /// Recompute the whole chain and look for the append-only triggers.
    pub fn verify_chain(&self) -> Result<ChainCheck> {
        let present: Vec<String> = self
            .lite()?
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let missing_triggers = TRIGGERS
            .into_iter()
            .filter(|t| !present.iter().any(|p| p == t))
            .collect();
        let mut check = ChainCheck {
            events: 0,
            head: GENESIS.to_string(),
            first_bad: None,
            missing_triggers,
        };
        let mut read = self.lite()?.prepare(
            "SELECT id, at, actor, kind, record, record_id, details, hash FROM events ORDER BY id",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let hash = row_hash(&check.head, r)?;
            check.follow(r.get(0)?, r.get(7)?, hash);
        }
        Ok(check)
    }

    /// The chain's head as it stood at `until` (UTC seconds): the hash of
    /// the last event written before it, the genesis hash when none was.
    /// Events are written in time order, so a binary search on the primary
    /// key finds it without reading the log.
    pub fn chain_head_at(&self, until: i64) -> Result<String> {
        if self.on_server() {
            // The same search, on the server, over the branch's whole trail.
            return self.one("SELECT lobbydesk_chain_head_at(?1)", args![until], |r| {
                r.get(0)
            });
        }
        let at = |id: i64| {
            self.opt(
                "SELECT at, hash FROM events WHERE id = ?1",
                args![id],
                |r| Ok((r.get::<i64>(0)?, r.get::<Option<String>>(1)?)),
            )
        };
        let (mut lo, mut hi) = (0, self.last_event_id()?);
        // Invariant: events up to `lo` were before `until`, after `hi` not.
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2;
            match at(mid)? {
                Some((t, _)) if t >= until => hi = mid - 1,
                _ => lo = mid,
            }
        }
        let hash = at(lo)?.and_then(|(_, h)| h);
        Ok(hash.unwrap_or_else(|| GENESIS.to_string()))
    }

    /// Whether some event's hash is `hash`: an anchor printed earlier (by a
    /// day's report) is still part of the history.
    pub fn has_hash(&self, hash: &str) -> Result<bool> {
        Ok(self
            .opt("SELECT 1 FROM events WHERE hash = ?1", args![hash], |_| {
                Ok(())
            })?
            .is_some())
    }

    /// One record's history, oldest first.
    pub fn events_of(&self, record: &str, record_id: i64) -> Result<Vec<Event>> {
        self.all(EVENTS_OF, args![record, record_id], |r| {
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
        })
    }

    /// The id of the newest event: every change writes one, so it moves
    /// whenever anything was saved, by this process or another.
    pub fn last_event_id(&self) -> Result<i64> {
        let q = Q::per_engine(LAST_EVENT_ID, LAST_EVENT_ID_PG);
        self.one(q, args![], |r| r.get(0))
    }

    /// The records that the events after `event_id` changed (looking at no
    /// more than `limit` events): what a screen showing them must read again.
    /// Cheap whatever the history: a range of the primary key.
    pub fn changed_since(&self, event_id: i64, limit: usize) -> Result<Changes> {
        let mut changes = Changes {
            last: event_id,
            ..Changes::default()
        };
        let mut seen = std::collections::HashSet::new();
        let rows = self.all(CHANGED_SINCE, args![event_id, limit as i64 + 1], |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<Option<i64>>(2)?,
            ))
        })?;
        changes.more = rows.len() > limit;
        for (id, record, record_id) in rows.into_iter().take(limit) {
            changes.last = id;
            if seen.insert((record.clone(), record_id)) {
                changes.records.push((record, record_id));
            }
        }
        Ok(changes)
    }
}
