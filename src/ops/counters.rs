//! Counters: pausing one with a reason and reopening it (each an event, the
//! reopening with the pause's length), and the routing of call-next: a
//! teller's or a desk's `c` takes only the services their counter takes.

use serde_json::json;

use super::{Op, OpError};
use crate::domain::authority::{Act, CounterState, Target};
use crate::domain::event::EventKind;
use crate::domain::ticket::Step;
use crate::store::counters::{NewPause, Pause};
use crate::store::Db;

/// A counter as authority sees it now; a number the settings do not name
/// is refused in words.
pub fn state(db: &Db, op: &Op, counter: u32) -> Result<CounterState, OpError> {
    if op.catalog.counter(counter).is_none() {
        return Err(OpError::NoCounter(counter));
    }
    Ok(CounterState {
        number: counter,
        paused: db.open_pause(counter)?.is_some(),
        busy: db.at_counter(op.day, counter)?.is_some(),
    })
}

/// Refuse a call or resume to a counter that is not the person's own (the
/// lobby manager and the head call to any) or that is paused.
pub(super) fn require_callable(db: &Db, op: &Op, counter: u32) -> Result<(), OpError> {
    use crate::domain::authority::Denial;
    if !op.who.runs_queue() && op.who.counter != Some(counter) {
        return Err(OpError::Denied(Denial::OtherCounter(counter)));
    }
    match db.open_pause(counter)? {
        Some(_) => Err(OpError::Denied(Denial::CounterPaused(counter))),
        None => Ok(()),
    }
}

/// The services a call-next is limited to: a teller's (or a manager's)
/// call to their own counter takes only what that counter takes; the lobby
/// manager and the head call the next in line to any counter (`None`).
pub(super) fn routed<'c>(op: &Op<'c>, step: &Step) -> Option<(u32, &'c [String])> {
    let Step::Call { counter, .. } = step else {
        return None;
    };
    if op.who.runs_queue() {
        return None;
    }
    op.catalog
        .counter(*counter)
        .map(|c| (*counter, c.services.as_slice()))
}

/// Who works a counter now: the person pausing it if it is theirs, else the
/// teller of the ticket there, else the roster's teller at it, else the
/// first of the settings' staff for it.
fn working(db: &Db, op: &Op, counter: u32) -> Result<Option<String>, OpError> {
    if op.who.counter == Some(counter) {
        return Ok(Some(op.who.code.clone()));
    }
    if let Some(t) = db.at_counter(op.day, counter)?.and_then(|t| t.teller) {
        return Ok(Some(t));
    }
    let roster = db.roster()?;
    if let Some(s) = roster
        .iter()
        .find(|s| s.active && s.counter == Some(counter))
    {
        return Ok(Some(s.code.clone()));
    }
    Ok(op
        .catalog
        .counter(counter)
        .and_then(|c| c.staff.first().cloned()))
}

/// Pause a counter with a reason from the settings' `pause_reasons`
/// (`counter.pause`): the teller at that counter, the lobby manager or the
/// head. Nobody calls to it until it is reopened.
pub fn pause_counter(db: &Db, op: &Op, counter: u32, reason: &str) -> Result<Pause, OpError> {
    let now = state(db, op, counter)?;
    op.require(Act::PauseCounter, Target::Counter(now))?;
    if op.catalog.pause_reason(reason).is_none() {
        return Err(OpError::NoPauseReason(reason.to_string()));
    }
    if db.day_close(op.day)?.is_some() {
        return Err(OpError::DayClosed(op.day));
    }
    let teller = working(db, op, counter)?;
    let id = db.add_pause(&NewPause {
        day: op.day,
        counter,
        reason,
        teller: teller.as_deref(),
        at: op.now,
        by: &op.who.code,
    })?;
    op.event(
        db,
        EventKind::CounterPause,
        Some(i64::from(counter)),
        json!({"counter": counter, "reason": reason, "pause": id}),
    )?;
    db.open_pause(counter)?
        .ok_or(OpError::Changed(crate::domain::event::Record::Counter))
}

/// Reopen a paused counter (`counter.reopen`, with the pause's reason and
/// its length in seconds): whoever may pause it.
pub fn reopen_counter(db: &Db, op: &Op, counter: u32) -> Result<Pause, OpError> {
    let now = state(db, op, counter)?;
    op.require(Act::ReopenCounter, Target::Counter(now))?;
    let open = db
        .open_pause(counter)?
        .ok_or(OpError::Changed(crate::domain::event::Record::Counter))?;
    if !db.reopen_pause(open.id, op.now, &op.who.code)? {
        return Err(OpError::Changed(crate::domain::event::Record::Counter));
    }
    let pause = Pause {
        reopened_at: Some(op.now),
        reopened_by: Some(op.who.code.clone()),
        ..open
    };
    op.event(
        db,
        EventKind::CounterReopen,
        Some(i64::from(counter)),
        json!({
            "counter": counter,
            "reason": pause.reason,
            "pause": pause.id,
            "seconds": pause.seconds(op.now),
        }),
    )?;
    Ok(pause)
}
