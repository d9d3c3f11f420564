//! Closing the business day (日终): every ticket still open is closed with
//! its reason, and the day's figures are frozen as they stand, so a closed
//! day's figures never change.

use chrono::NaiveDate;
use serde_json::json;

use super::{Op, OpError};
use crate::clock::Zone;
use crate::domain::authority::{Act, Target};
use crate::domain::event::{EventKind, Record};
use crate::domain::{followup, ticket};
use crate::report::targets::done;
use crate::report::{Period, Report};
use crate::store::days::DayClose;
use crate::store::Db;

/// What closing a day did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closed {
    pub day: NaiveDate,
    /// Tickets left unserved (still waiting or called).
    pub unserved: usize,
    /// Tickets served but never finished (at a counter or on hold).
    pub unfinished: usize,
}

/// Close `day` as the person acting (the lobby manager or the head): its
/// open tickets closed (`ticket.close`), its figures frozen, `day.close`
/// written. A day already closed, or one still to come, is refused.
pub fn close_day(db: &Db, op: &Op, day: NaiveDate, zone: impl Zone) -> Result<Closed, OpError> {
    let closed = db.day_close(day)?.is_some();
    op.require(
        Act::CloseDay,
        Target::Day {
            closed,
            future: day > op.day,
        },
    )?;
    close(db, op, day, zone, false)
}

/// Close every earlier day with visits that nobody closed, oldest first, as
/// "closed automatically": the first process of a later day does it, whoever
/// is signed in (the trail names them and says it was automatic).
pub fn close_past_days(db: &Db, op: &Op, zone: impl Zone + Copy) -> Result<Vec<Closed>, OpError> {
    // Left for someone who sees the whole day (the head on a server).
    if !db.sees_every_record()? {
        return Ok(Vec::new());
    }
    keep_day_figures(db, op, zone)?;
    let mut done = Vec::new();
    for day in db.unclosed_days(op.day)? {
        done.push(close(db, op, day, zone, true)?);
    }
    Ok(done)
}

fn close(
    db: &Db,
    op: &Op,
    day: NaiveDate,
    zone: impl Zone,
    automatic: bool,
) -> Result<Closed, OpError> {
    if day > op.day {
        return Err(OpError::DayNotOver(day));
    }
    if !db.sees_every_record()? {
        return Err(OpError::DayNotSeenWhole);
    }
    if db.day_close(day)?.is_some() {
        return Err(OpError::DayClosed(day));
    }
    let mut closed = Closed {
        day,
        unserved: 0,
        unfinished: 0,
    };
    for t in db.open_tickets_of(day)? {
        let Some(new) = ticket::close(&t, op.now) else {
            continue;
        };
        if !db.update_ticket(&t, &new)? {
            return Err(OpError::Changed(Record::Ticket));
        }
        match new.status {
            ticket::Status::Unserved => closed.unserved += 1,
            _ => closed.unfinished += 1,
        }
        op.event(
            db,
            EventKind::TicketClose,
            Some(new.id),
            json!({"number": new.number, "from": t.status.as_str(), "to": new.status.as_str()}),
        )?;
    }
    let figures = Report::live(db, op.catalog, Period::day(day), &zone, op.now)?;
    db.put_day_figures(&Report::day_figures(db, op.catalog, day, &zone, op.now)?)?;
    db.put_day_targets(day, &done::kept(db, day, &zone, op.now)?)?;
    // Once a day, with its close: the Follow-ups search's indexes keep to
    // the prospects and clients on the list.
    db.prune_unlisted(op.now - chrono::Duration::days(followup::ENDED_DAYS))?;
    db.put_day_close(&DayClose {
        day,
        closed_at: op.now,
        closed_by: op.who.code.clone(),
        automatic,
        figures: serde_json::to_string(&figures).expect("a report is always serializable"),
    })?;
    op.event(
        db,
        EventKind::DayClose,
        Some(day_id(day)),
        json!({"day": day.to_string(), "automatic": automatic,
               "unserved": closed.unserved, "unfinished": closed.unfinished}),
    )?;
    Ok(closed)
}

/// Keep the figures and the target rows of the days closed before they
/// were kept (a file from an earlier version), and the target rows of past
/// days the branch did not open (cards or contacts may have been recorded
/// on them; none is kept as none), from their records as they stand, so a
/// range report and the targets add them up: one `day.figures` event for
/// all of them. Run by the first process of a day with
/// [`close_past_days`]; returns how many days were kept.
pub fn keep_day_figures(db: &Db, op: &Op, zone: impl Zone) -> Result<usize, OpError> {
    let figures = db.closed_days_without_figures()?;
    let mut targets = db.closed_days_without_targets()?;
    // A quiet day without any record keeps its empty rows: it is checked once.
    targets.extend(db.quiet_days_without_targets(op.day)?);
    let all: std::collections::BTreeSet<NaiveDate> =
        figures.iter().chain(&targets).copied().collect();
    let (Some(&first), Some(&last)) = (all.first(), all.last()) else {
        return Ok(0);
    };
    for &day in &figures {
        db.put_day_figures(&Report::day_figures(db, op.catalog, day, &zone, op.now)?)?;
    }
    for &day in &targets {
        db.put_day_targets(day, &done::kept(db, day, &zone, op.now)?)?;
    }
    op.event(
        db,
        EventKind::DayFigures,
        Some(day_id(last)),
        json!({"days": all.len(), "from": first.to_string(), "to": last.to_string()}),
    )?;
    Ok(all.len())
}

/// A day as a record id: 2026-11-23 → 20261123.
pub fn day_id(day: NaiveDate) -> i64 {
    day.format("%Y%m%d").to_string().parse().unwrap_or(0)
}
