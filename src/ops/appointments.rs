//! Appointments (预约): a manager books one for a client; the lobby checks
//! the client in when they come (a ticket routed to the manager, who is told
//! at once); one nobody checked in within the grace minutes is marked missed
//! by the first process that notices, and the client goes back on the
//! booking manager's follow-ups, due today.

use chrono::{NaiveDate, NaiveTime};
use serde_json::json;

use super::notices::tell;
use super::{Op, OpError};
use crate::clock::Zone;
use crate::domain::appointment::{self, Appointment, Status};
use crate::domain::authority::{Act, AppointmentState, Target};
use crate::domain::event::{EventKind, Record};
use crate::domain::followup::{self, Stage};
use crate::domain::notice::{NoticeKind, To};
use crate::domain::ticket::Ticket;
use crate::i18n::{Lang, Msg};
use crate::store::appointments::NewAppointment;
use crate::store::prospects::NewProspect;
use crate::store::tickets::NewTicket;
use crate::store::Db;

/// An appointment as the authority table sees it.
pub fn state(a: &Appointment) -> AppointmentState<'_> {
    AppointmentState {
        booked_by: &a.booked_by,
        status: a.status,
    }
}

/// Check a booking's day and time as typed (`2026-11-30`, `11-30`, `+1`;
/// `10:30`); on failure, each refused field with its sentence.
pub fn check_when(
    lang: Lang,
    today: NaiveDate,
    day: &str,
    time: &str,
) -> Result<(NaiveDate, NaiveTime), Vec<(Msg, String)>> {
    let mut errors = Vec::new();
    let day = followup::parse_date(day, today);
    if day.is_none() {
        let hint = Msg::DateHint.get(lang);
        errors.push((
            Msg::FieldApptDay,
            Msg::InvalidDate.fill(lang, &[("hint", &hint)]),
        ));
    }
    let time = appointment::parse_time(time);
    if time.is_none() {
        errors.push((Msg::FieldApptTime, Msg::ApptBadTime.get(lang).to_string()));
    }
    match (day, time) {
        (Some(d), Some(t)) => Ok((d, t)),
        _ => Err(errors),
    }
}

/// A booking: whom, when, with whom. `with` is a line's code (any of its
/// managers) or a manager's staff code.
#[derive(Clone, Debug, PartialEq)]
pub struct Booking {
    pub client: i64,
    /// The prospect it is booked from, if any.
    pub prospect: Option<i64>,
    pub day: NaiveDate,
    pub time: NaiveTime,
    pub with: String,
    /// Kept on the appointment, never in the trail.
    pub note: String,
}

/// The line and the person (if one) a booking's `with` names.
fn resolve_with(db: &Db, op: &Op, with: &str) -> Result<(String, Option<String>), OpError> {
    if op.catalog.line(with).is_some() {
        return Ok((with.to_string(), None));
    }
    let staff = db.staff(with)?.filter(|s| s.active);
    let line = staff
        .as_ref()
        .and_then(|s| super::person(s, op.catalog).lines.first().cloned());
    match line {
        Some(line) => Ok((line, Some(with.to_string()))),
        None => Err(OpError::Invalid(Msg::FieldApptWith, with.to_string())),
    }
}

/// `A`: book an appointment for a client (from their prospect, or from the
/// Clients tab) on a day at a time still to come (`appointment.book`).
pub fn book(db: &Db, op: &Op, zone: impl Zone, b: &Booking) -> Result<Appointment, OpError> {
    op.require(Act::BookAppointment, Target::Branch)?;
    db.client(b.client)?
        .ok_or(OpError::Changed(Record::Client))?;
    if let Some(p) = b.prospect {
        let p = db.prospect(p)?.ok_or(OpError::Changed(Record::Prospect))?;
        if p.client_id != b.client {
            return Err(OpError::Changed(Record::Prospect));
        }
    }
    let (line, person) = resolve_with(db, op, &b.with)?;
    let offset = zone.offset_on(b.day);
    let at = b
        .day
        .and_time(b.time)
        .and_local_timezone(offset)
        .single()
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or(OpError::Appointment(
            appointment::AppointmentRefusal::InPast,
        ))?;
    appointment::check_when(at, op.now)?;
    if db.day_close(b.day)?.is_some() {
        return Err(OpError::DayClosed(b.day));
    }
    let id = db.add_appointment(
        &NewAppointment {
            client_id: b.client,
            prospect_id: b.prospect,
            day: b.day,
            time: b.time,
            at,
            line: line.clone(),
            person: person.clone(),
            note: b.note.clone(),
            booked_by: op.who.code.clone(),
        },
        op.now,
    )?;
    op.event(
        db,
        EventKind::AppointmentBook,
        Some(id),
        json!({
            "client": b.client,
            "prospect": b.prospect,
            "day": b.day.to_string(),
            "time": b.time.format("%H:%M").to_string(),
            "line": line,
            "person": person,
        }),
    )?;
    db.appointment(id)?
        .ok_or(OpError::Changed(Record::Appointment))
}

/// The appointment as saved now, if `op.who` may do `act` to it.
fn load(db: &Db, op: &Op, id: i64, act: Act) -> Result<Appointment, OpError> {
    let a = db
        .appointment(id)?
        .ok_or(OpError::Changed(Record::Appointment))?;
    op.require(act, Target::Appointment(state(&a)))?;
    Ok(a)
}

/// What checking a client in did.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedIn {
    pub ticket: Ticket,
    /// The manager the ticket is routed to and who was told; `None`: the
    /// line's managers were told, and the counters may call it.
    pub routed_to: Option<String>,
}

/// `i`: the client with a booked appointment came. A ticket for the line's
/// service ([`appointment::service_for_line`]) is made for them
/// (`ticket.add`), routed to the manager they came to see (or, for an
/// appointment with a line, its booker if they work that line), who is told
/// at once (a notice); the appointment is arrived (`appointment.checkin`).
pub fn check_in(db: &Db, op: &Op, id: i64) -> Result<CheckedIn, OpError> {
    let a = load(db, op, id, Act::CheckInAppointment)?;
    appointment::check_in(&a, op.day)?;
    if db.day_close(op.day)?.is_some() {
        return Err(OpError::DayClosed(op.day));
    }
    let catalog = op.catalog;
    let letters: Vec<&str> = catalog.services.iter().map(|s| s.letter.as_str()).collect();
    let service = appointment::service_for_line(&a.line, &letters)
        .ok_or_else(|| OpError::Invalid(Msg::FieldService, a.line.clone()))?;
    let normal = catalog
        .priorities
        .iter()
        .find(|p| !p.priority)
        .or(catalog.priorities.first())
        .ok_or_else(|| OpError::Invalid(Msg::FieldPriority, String::new()))?;
    let mut ticket = db.add_ticket(
        op.day,
        &NewTicket {
            service: service.to_string(),
            priority: normal.code.clone(),
            is_priority: normal.priority,
            client_id: Some(a.client_id),
            note: None,
        },
        op.now,
    )?;
    op.event(
        db,
        EventKind::TicketAdd,
        Some(ticket.id),
        json!({"number": ticket.number, "service": ticket.service,
               "priority": ticket.priority, "appointment": a.id}),
    )?;
    let booker_works_line = match db.staff(&a.booked_by)? {
        Some(s) => super::person(&s, catalog).lines.contains(&a.line),
        None => false,
    };
    let routed_to = a
        .person
        .clone()
        .or_else(|| booker_works_line.then(|| a.booked_by.clone()));
    if let Some(p) = &routed_to {
        db.route_ticket(ticket.id, p)?;
        ticket.routed_to = Some(p.clone());
    }
    if !db.end_appointment(a.id, Status::Arrived, Some(ticket.id), op.now)? {
        return Err(OpError::Changed(Record::Appointment));
    }
    op.event(
        db,
        EventKind::AppointmentCheckIn,
        Some(a.id),
        json!({"ticket": ticket.id, "number": ticket.number, "routed_to": routed_to}),
    )?;
    let to = match &routed_to {
        Some(p) => To::Person(p.clone()),
        None => match catalog.line(&a.line).and_then(|l| l.role.clone()) {
            Some(role) => To::Role(role),
            None => To::Person(a.booked_by.clone()),
        },
    };
    let kind = NoticeKind::AppointmentArrived;
    tell(db, op, to, kind, Record::Appointment, a.id, &ticket.number)?;
    // The client's dedicated manager, when it is someone else, is told too.
    let dedicated = match ticket.client_id {
        Some(c) => db.client_manager(c)?,
        None => None,
    };
    if dedicated.is_some() && dedicated != routed_to {
        super::pairs::tell_dedicated(db, op, &ticket)?;
    }
    Ok(CheckedIn { ticket, routed_to })
}

/// Cancel a booked appointment: its booker or the head (`appointment.cancel`).
pub fn cancel(db: &Db, op: &Op, id: i64) -> Result<(), OpError> {
    let a = load(db, op, id, Act::CancelAppointment)?;
    appointment::must_be_booked(&a)?;
    if !db.end_appointment(a.id, Status::Cancelled, None, op.now)? {
        return Err(OpError::Changed(Record::Appointment));
    }
    op.event(
        db,
        EventKind::AppointmentCancel,
        Some(a.id),
        json!({"day": a.day.to_string()}),
    )?;
    Ok(())
}

/// Mark missed every booked appointment past its time and the grace
/// minutes (`thresholds.appointment_grace_minutes`), and put each client
/// back on the booking manager's follow-ups, due today: run by the first
/// process that notices, whoever is signed in (the trail names them). The
/// appointments marked, oldest first.
pub fn mark_missed(db: &Db, op: &Op) -> Result<Vec<Appointment>, OpError> {
    let grace = op.catalog.thresholds.appointment_grace_minutes;
    let before = op.now - chrono::Duration::minutes(grace);
    let mut done = Vec::new();
    for a in db.booked_before(before)? {
        if !appointment::is_missed(&a, op.now, grace) {
            continue;
        }
        if !db.end_appointment(a.id, Status::Missed, None, op.now)? {
            continue;
        }
        op.event(
            db,
            EventKind::AppointmentMissed,
            Some(a.id),
            json!({"day": a.day.to_string(), "time": a.time.format("%H:%M").to_string(),
                   "booked_by": a.booked_by, "grace_minutes": grace}),
        )?;
        back_to_followups(db, op, &a)?;
        done.push(a);
    }
    Ok(done)
}

/// The missed client back on the booker's follow-ups, due today: their
/// open prospect rescheduled, or a new one on the appointment's line. A
/// client on another person's list for that line stays there.
fn back_to_followups(db: &Db, op: &Op, a: &Appointment) -> Result<(), OpError> {
    let today = op.day;
    let open = db
        .client_prospects(a.client_id)?
        .into_iter()
        .filter(|p| p.stage == Stage::Open && p.owner == a.booked_by)
        .min_by_key(|p| {
            (
                Some(p.id) != a.prospect_id,
                p.line.as_deref() != Some(&a.line),
            )
        });
    if let Some(p) = open {
        db.set_due(p.id, today)?;
        op.event(
            db,
            EventKind::ProspectReschedule,
            Some(p.id),
            json!({"from": p.next_due.map(|d| d.to_string()), "to": today.to_string(),
                   "appointment": a.id}),
        )?;
        return Ok(());
    }
    if db.open_prospect(a.client_id, Some(&a.line))?.is_some() {
        return Ok(());
    }
    if super::clients::check_marketers(db, a.client_id, None, None, &[a.booked_by.as_str()])
        .is_err()
    {
        return Ok(());
    }
    let prospect = NewProspect {
        client_id: a.client_id,
        owner: a.booked_by.clone(),
        source_card: None,
        line: Some(a.line.clone()),
        next_due: today,
    };
    let details = json!({"appointment": a.id, "owner": a.booked_by, "line": a.line,
                         "next_due": today.to_string()});
    super::prospects::put(db, op, &prospect, details)?;
    Ok(())
}
