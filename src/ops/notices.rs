//! Telling people: the notice an operation writes for the people it
//! concerns (each also an event of the trail), the notices a person has not
//! seen, and marking them seen.

use serde_json::json;

use super::{Op, OpError};
use crate::domain::authority::{Person, LOBBY};
use crate::domain::event::{EventKind, Record};
use crate::domain::notice::{Notice, NoticeKind, To};
use crate::store::Db;

/// At most this many notices are read at once.
pub const INBOX: usize = 200;

/// Tell `to` that `kind` happened to a record, once: the same notice about
/// the same record to the same people is written only the first time.
/// Returns the notice's id, or `None` when it had been told.
pub fn tell(
    db: &Db,
    op: &Op,
    to: To,
    kind: NoticeKind,
    record: Record,
    record_id: i64,
    detail: &str,
) -> Result<Option<i64>, OpError> {
    let notice = Notice {
        id: 0,
        at: op.now,
        kind,
        to,
        record,
        record_id,
        detail: detail.to_string(),
        by: op.who.code.clone(),
    };
    let Some(id) = db.insert_notice(&notice)? else {
        return Ok(None);
    };
    let (to_key, to_value) = match &notice.to {
        To::Person(code) => ("to", code.as_str()),
        To::Role(role) => ("role", role.as_str()),
    };
    op.event(
        db,
        EventKind::NoticeSend,
        Some(id),
        json!({
            "kind": kind.as_str(),
            to_key: to_value,
            "record": record.as_str(),
            "record_id": record_id,
            "detail": detail,
        }),
    )?;
    Ok(Some(id))
}

/// Tell the lobby managers of each card that has waited unaccepted past
/// the threshold while its client is still in the lobby, so somebody goes
/// to meet them. Any desk may notice; each card is told of once. How many
/// were told.
pub fn tell_waiting_cards(db: &Db, op: &Op) -> Result<usize, OpError> {
    let cutoff = op.now - chrono::Duration::minutes(op.catalog.thresholds.card_wait_minutes);
    let mut told = 0;
    for card in db.cards_waiting(cutoff)? {
        let to = To::Role(LOBBY.to_string());
        if tell(db, op, to, NoticeKind::CardWaiting, Record::Card, card, "")?.is_some() {
            told += 1;
        }
    }
    Ok(told)
}

/// The notices for `who` newer than the newest they saw, oldest first.
pub fn unseen(db: &Db, who: &Person) -> Result<Vec<Notice>, OpError> {
    let seen = db.notice_seen(&who.code)?;
    Ok(db.notices_for(&who.code, &who.roles, seen, INBOX)?)
}

/// The newest notices for `who`, seen or not, oldest first.
pub fn recent(db: &Db, who: &Person, limit: usize) -> Result<Vec<Notice>, OpError> {
    Ok(db.notices_for(&who.code, &who.roles, 0, limit)?)
}

/// `who` has seen every notice up to `last_id`.
pub fn mark_seen(db: &Db, op: &Op, last_id: i64) -> Result<(), OpError> {
    Ok(db.set_notice_seen(&op.who.code, last_id)?)
}
