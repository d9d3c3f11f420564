//! Complaints (投诉) and satisfaction ratings (满意度): recording a complaint
//! about a visit, a client or the branch; its owner resolving it (valid or
//! not, with a feedback contact); telling the lobby and the head of the ones
//! past their promised day; rating a finished visit.

use chrono::NaiveDate;
use serde_json::json;

use super::notices::tell;
use super::{Op, OpError};
use crate::domain::authority::{Act, ComplaintState, Target, DISPLAY, HEAD, KIOSK, LOBBY};
use crate::domain::complaint::{self, Complaint, Kind, Status};
use crate::domain::event::{EventKind, Record};
use crate::domain::followup::FollowRefusal;
use crate::domain::notice::{NoticeKind, To};
use crate::domain::ticket::Ticket;
use crate::domain::validate::{self, NOTE_MAX};
use crate::i18n::Msg;
use crate::store::complaints::{NewComplaint, Resolution};
use crate::store::Db;

/// A complaint as the authority table sees it.
pub fn state(c: &Complaint) -> ComplaintState<'_> {
    ComplaintState {
        owner: &c.owner,
        open: c.status == Status::Open,
    }
}

/// A complaint as recorded: what it is about, what was said, who is
/// responsible (`None`: nobody in particular), who owns the resolution and
/// by when.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub kind: Kind,
    pub said: String,
    /// The visit it is about, if any (its client is taken from it).
    pub ticket: Option<i64>,
    /// The client it is about, if any (and no visit says).
    pub client: Option<i64>,
    pub responsible: Option<String>,
    pub owner: String,
    pub due: NaiveDate,
}

/// A person on the roster who can be named on a complaint: active, and a
/// person rather than a kiosk or a display.
fn named(db: &Db, code: &str, field: Msg) -> Result<(), OpError> {
    let staff = db.staff(code)?.filter(|s| s.active);
    match staff {
        Some(s) if !s.has_role(KIOSK) && !s.has_role(DISPLAY) => Ok(()),
        _ => Err(OpError::Invalid(field, code.to_string())),
    }
}

/// `!`: record a complaint (`complaint.open`). What was said stays on the
/// complaint, out of the trail; the owner is told (unless they recorded it).
pub fn record(db: &Db, op: &Op, r: &Recording) -> Result<Complaint, OpError> {
    op.require(Act::RecordComplaint, Target::Branch)?;
    let said = validate::text(&r.said, NOTE_MAX, true)
        .map_err(|e| OpError::Field(Msg::FieldSaid, e))?
        .unwrap_or_default();
    if let Some(who) = &r.responsible {
        named(db, who, Msg::FieldResponsible)?;
    }
    named(db, &r.owner, Msg::FieldComplaintOwner)?;
    if r.due < op.day {
        return Err(OpError::Follow(FollowRefusal::DueInPast));
    }
    let ticket = match r.ticket {
        Some(id) => Some(db.ticket(id)?.ok_or(OpError::Changed(Record::Ticket))?),
        None => None,
    };
    let client = ticket.as_ref().and_then(|t| t.client_id).or(r.client);
    if let Some(c) = client {
        db.client(c)?.ok_or(OpError::Changed(Record::Client))?;
    }
    let id = db.add_complaint(
        &NewComplaint {
            day: op.day,
            kind: r.kind,
            said,
            ticket_id: r.ticket,
            client_id: client,
            responsible: r.responsible.clone(),
            owner: r.owner.clone(),
            due: r.due,
            opened_by: op.who.code.clone(),
        },
        op.now,
    )?;
    op.event(
        db,
        EventKind::ComplaintOpen,
        Some(id),
        json!({
            "kind": r.kind.as_str(),
            "ticket": r.ticket,
            "client": client,
            "responsible": r.responsible,
            "owner": r.owner,
            "due": r.due.to_string(),
        }),
    )?;
    if r.owner != op.who.code {
        let to = To::Person(r.owner.clone());
        tell(
            db,
            op,
            to,
            NoticeKind::ComplaintOwned,
            Record::Complaint,
            id,
            "",
        )?;
    }
    db.complaint(id)?.ok_or(OpError::Changed(Record::Complaint))
}

/// The complaints `op.who` may resolve now: their own open ones (the
/// head: every open one), the earliest promised first.
pub fn resolvable(db: &Db, op: &Op) -> Result<Vec<Complaint>, OpError> {
    let owner = (!op.who.is_head()).then_some(op.who.code.as_str());
    Ok(db.open_complaints(owner)?)
}

/// Resolve a complaint (`complaint.resolve`): the resolution, the feedback
/// contact with the client (a channel, and what they answered), and whether
/// it was valid — a valid one deducts the settings' points from the person
/// responsible. Only its owner or the head.
pub fn resolve(db: &Db, op: &Op, id: i64, r: &Resolution) -> Result<Complaint, OpError> {
    let c = db
        .complaint(id)?
        .ok_or(OpError::Changed(Record::Complaint))?;
    op.require(Act::ResolveComplaint, Target::Complaint(state(&c)))?;
    let resolution = validate::text(&r.resolution, NOTE_MAX, true)
        .map_err(|e| OpError::Field(Msg::FieldResolution, e))?
        .unwrap_or_default();
    if op.catalog.channels.iter().all(|ch| ch.code != r.feedback) {
        return Err(OpError::Invalid(Msg::FieldFeedback, r.feedback.clone()));
    }
    let note = validate::text(&r.feedback_note, NOTE_MAX, false)
        .map_err(|e| OpError::Field(Msg::FieldFeedbackNote, e))?
        .unwrap_or_default();
    let clean = Resolution {
        resolution,
        feedback: r.feedback.clone(),
        feedback_note: note,
        valid: r.valid,
    };
    if !db.resolve_complaint(id, &clean, &op.who.code, op.now)? {
        return Err(OpError::Changed(Record::Complaint));
    }
    let deducted = match (r.valid, &c.responsible) {
        (true, Some(_)) => op.catalog.complaints.points,
        _ => 0,
    };
    op.event(
        db,
        EventKind::ComplaintResolve,
        Some(id),
        json!({
            "valid": r.valid,
            "feedback": r.feedback,
            "responsible": c.responsible,
            "points": deducted,
            "overdue": c.overdue(op.day),
        }),
    )?;
    db.complaint(id)?.ok_or(OpError::Changed(Record::Complaint))
}

/// Tell the lobby managers and the head, once, of each open complaint past
/// its promised day. Any desk may notice. How many complaints were told of.
pub fn tell_overdue(db: &Db, op: &Op) -> Result<usize, OpError> {
    let mut told = 0;
    for id in db.overdue_complaints(op.day)? {
        let mut any = false;
        for role in [LOBBY, HEAD] {
            let to = To::Role(role.to_string());
            let kind = NoticeKind::ComplaintOverdue;
            any |= tell(db, op, to, kind, Record::Complaint, id, "")?.is_some();
        }
        told += usize::from(any);
    }
    Ok(told)
}

/// What rating a visit did.
#[derive(Clone, Debug, PartialEq)]
pub struct Rated {
    pub ticket: Ticket,
    pub score: u8,
    /// A rating this low offers to record a complaint.
    pub low: bool,
}

/// Rate a finished visit (`rating.add`), once: 1 very dissatisfied … 5
/// very satisfied. The person signed in records it (a teller at the
/// counter that served it, the lobby, a rating keypad's kiosk account).
pub fn rate(db: &Db, op: &Op, ticket: i64, score: u8) -> Result<Rated, OpError> {
    let t = db.ticket(ticket)?.ok_or(OpError::Changed(Record::Ticket))?;
    op.require(Act::RateVisit, Target::Ticket(&t))?;
    if !complaint::SCORES.contains(&score) {
        return Err(OpError::Invalid(Msg::FieldScore, score.to_string()));
    }
    if let Some(s) = db.rating_of(ticket)? {
        return Err(OpError::RatedAlready {
            number: t.number.clone(),
            score: s,
        });
    }
    if db.day_close(t.day)?.is_some() {
        return Err(OpError::DayClosed(t.day));
    }
    let id = db.add_rating(ticket, score, &op.who.code, op.now)?;
    op.event(
        db,
        EventKind::RatingAdd,
        Some(id),
        json!({
            "ticket": ticket,
            "score": score,
            "counter": t.counter,
            "teller": t.teller,
            "service": t.service,
        }),
    )?;
    Ok(Rated {
        low: complaint::low(score),
        ticket: t,
        score,
    })
}
