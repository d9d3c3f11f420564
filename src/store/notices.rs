//! The notices inbox: written once per notice, read per person (their own
//! and their roles'), and each person's mark of the newest one they saw.

use super::sql::{Row, Q};
use super::{from_ts, ts, Db, Result};
use crate::args;
use crate::domain::event::Record;
use crate::domain::notice::{Notice, NoticeKind, To};

/// The SQL of [`Db::cards_waiting`]: the new cards by `cards_status_line`
/// (few: the closing sweep empties the lines every night).
pub const CARDS_WAITING: &str = "SELECT c.id FROM cards c JOIN tickets t ON t.id = c.ticket_id
 WHERE c.status = 'new' AND c.created_at <= ?1
   AND (t.status IN ('waiting', 'called', 'serving', 'on_hold') OR t.finished_at >= ?1)
   AND NOT EXISTS (SELECT 1 FROM notices n
       WHERE n.kind = 'card.waiting' AND n.record = 'card' AND n.record_id = c.id)
 ORDER BY c.id";

/// The SQL of [`Db::set_notice_seen`].
const SET_SEEN: &str = "INSERT INTO notice_seen (staff, last_id) VALUES (?1, ?2)
 ON CONFLICT(staff) DO UPDATE SET last_id = max(last_id, excluded.last_id)";

/// [`SET_SEEN`] as the server reads it: `greatest` for SQLite's scalar `max`.
const SET_SEEN_PG: &str = "INSERT INTO notice_seen (staff, last_id) VALUES ($1, $2)
 ON CONFLICT (branch, staff)
 DO UPDATE SET last_id = greatest(notice_seen.last_id, excluded.last_id)";

const COLUMNS: &str = "id, at, kind, to_staff, to_role, record, record_id, detail, by_staff";

fn notice(r: &Row) -> Result<Option<Notice>> {
    let kind: String = r.get(2)?;
    let record: String = r.get(5)?;
    let to = match (r.get::<Option<String>>(3)?, r.get::<Option<String>>(4)?) {
        (Some(code), _) => To::Person(code),
        (None, Some(role)) => To::Role(role),
        (None, None) => return Ok(None),
    };
    let (Some(kind), Some(record)) = (NoticeKind::parse(&kind), Record::parse(&record)) else {
        // A kind from a newer lobbydesk: not for this one to say.
        return Ok(None);
    };
    Ok(Some(Notice {
        id: r.get(0)?,
        at: from_ts(r.get(1)?),
        kind,
        to,
        record,
        record_id: r.get(6)?,
        detail: r.get(7)?,
        by: r.get(8)?,
    }))
}

impl Db<'_> {
    /// Write a notice unless the same one was written already: its id, or
    /// `None` when it had been told.
    pub fn insert_notice(&self, n: &Notice) -> Result<Option<i64>> {
        let (staff, role) = match &n.to {
            To::Person(c) => (Some(c.as_str()), None),
            To::Role(r) => (None, Some(r.as_str())),
        };
        self.opt(
            "INSERT OR IGNORE INTO notices
             (at, kind, to_staff, to_role, record, record_id, detail, by_staff)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            args![
                ts(n.at),
                n.kind.as_str(),
                staff,
                role,
                n.record.as_str(),
                n.record_id,
                n.detail,
                n.by
            ],
            |r| r.get(0),
        )
    }

    /// The notices for a person (to them, or to one of their roles) newer
    /// than `after`, oldest first, at most `limit`.
    pub fn notices_for(
        &self,
        code: &str,
        roles: &[String],
        after: i64,
        limit: usize,
    ) -> Result<Vec<Notice>> {
        let mut out = Vec::new();
        let to_staff = format!(
            "SELECT {COLUMNS} FROM notices WHERE to_staff = ?1 AND id > ?2
             ORDER BY id DESC LIMIT ?3"
        );
        self.each(&to_staff, args![code, after, limit as i64], |r| {
            out.extend(notice(r)?);
            Ok(())
        })?;
        let to_role = format!(
            "SELECT {COLUMNS} FROM notices WHERE to_role = ?1 AND id > ?2
             ORDER BY id DESC LIMIT ?3"
        );
        for role in roles {
            self.each(&to_role, args![role, after, limit as i64], |r| {
                out.extend(notice(r)?);
                Ok(())
            })?;
        }
        out.sort_by_key(|n| std::cmp::Reverse(n.id));
        out.truncate(limit);
        out.reverse();
        Ok(out)
    }

    /// Whether a notice of this kind about this record was written already
    /// (to anyone).
    pub fn notice_told(&self, kind: NoticeKind, record: Record, record_id: i64) -> Result<bool> {
        Ok(self
            .opt(
                "SELECT 1 FROM notices WHERE kind = ?1 AND record = ?2 AND record_id = ?3 LIMIT 1",
                args![kind.as_str(), record.as_str(), record_id],
                |_| Ok(()),
            )?
            .is_some())
    }

    /// The cards made before `cutoff` and still not accepted whose client is
    /// still in the lobby (their ticket open, or finished after `cutoff`),
    /// that nobody was told of yet.
    pub fn cards_waiting(&self, cutoff: chrono::DateTime<chrono::Utc>) -> Result<Vec<i64>> {
        self.all(CARDS_WAITING, args![ts(cutoff)], |r| r.get(0))
    }

    /// The newest notice this person has seen (0 for none).
    pub fn notice_seen(&self, code: &str) -> Result<i64> {
        Ok(self
            .opt(
                "SELECT last_id FROM notice_seen WHERE staff = ?1",
                args![code],
                |r| r.get(0),
            )?
            .unwrap_or(0))
    }

    /// Move a person's mark forward (never back).
    pub fn set_notice_seen(&self, code: &str, last_id: i64) -> Result<()> {
        self.run(Q::per_engine(SET_SEEN, SET_SEEN_PG), args![code, last_id])?;
        Ok(())
    }
}
