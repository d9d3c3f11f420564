//! The queue's operations: registering a walk-in, each step of a ticket's
//! life cycle (call or recall, start, finish, hold, resume, no-show, divert)
//! putting a no-show who came back in line again and transferring a ticket
//! to another service, each checked against the authority table and written
//! with its event.

use serde_json::json;

use super::{Op, OpError};
use crate::config::Catalog;
use crate::domain::authority::{Act, Denial, Target};
use crate::domain::event::{EventKind, Record};
use crate::domain::queue::{call_order, may_call, next_served, priority_streak};
use crate::domain::ticket::{self, apply, Refusal, Step, Ticket};
use crate::domain::validate;
use crate::i18n::{self, Lang, Msg};
use crate::store::tickets::NewTicket;
use crate::store::Db;

/// A walk-in whose fields have been checked ([`check_walkin`]): the service
/// and priority codes, and the client's name and mobile if given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walkin {
    service: String,
    priority: String,
    name: Option<String>,
    mobile: Option<String>,
}

impl Walkin {
    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn priority(&self) -> &str {
        &self.priority
    }
}

/// Check a walk-in's fields as typed against the catalog and the rules; on
/// failure, each refused field with its sentence (shown beside the field).
pub fn check_walkin(
    catalog: &Catalog,
    lang: Lang,
    service: &str,
    priority: &str,
    name: &str,
    mobile: &str,
) -> Result<Walkin, Vec<(Msg, String)>> {
    let mut errors = Vec::new();
    if let Err(e) = known_service(catalog, lang, service) {
        errors.push((Msg::FieldService, e));
    }
    if let Err(e) = known_priority(catalog, lang, priority) {
        errors.push((Msg::FieldPriority, e));
    }
    let name = validate::name(name, false)
        .map_err(|e| errors.push((Msg::FieldName, i18n::invalid(lang, e))))
        .ok()
        .flatten();
    let mobile = validate::mobile(mobile, false)
        .map_err(|e| errors.push((Msg::FieldMobile, i18n::invalid(lang, e))))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Walkin {
        service: service.to_string(),
        priority: priority.to_string(),
        name,
        mobile,
    })
}

fn known_service(catalog: &Catalog, lang: Lang, service: &str) -> Result<(), String> {
    if catalog.service(service).is_some() {
        return Ok(());
    }
    let list: Vec<&str> = catalog.services.iter().map(|s| s.letter.as_str()).collect();
    let list = list.join(", ");
    Err(Msg::ErrUnknownService.fill(lang, &[("s", &service), ("list", &list)]))
}

fn known_priority(catalog: &Catalog, lang: Lang, priority: &str) -> Result<(), String> {
    if catalog.priority(priority).is_some() {
        return Ok(());
    }
    let list: Vec<&str> = catalog.priorities.iter().map(|p| p.code.as_str()).collect();
    let list = list.join(", ");
    Err(Msg::ErrUnknownPriority.fill(lang, &[("s", &priority), ("list", &list)]))
}

/// Register a walk-in: the client found or added (`client.add`), then the
/// ticket (`ticket.add`, with its number, service and priority only).
pub fn register_walkin(db: &Db, op: &Op, walkin: &Walkin) -> Result<Ticket, OpError> {
    op.require(Act::RegisterWalkin, Target::Branch)?;
    // Checked again against the branch's catalog, which the ticket's
    // priority class comes from: a walk-in checked against another catalog
    // is refused, naming the unknown code.
    let catalog = op.catalog;
    if catalog.service(&walkin.service).is_none() {
        return Err(OpError::Invalid(Msg::FieldService, walkin.service.clone()));
    }
    let prio = catalog
        .priority(&walkin.priority)
        .ok_or_else(|| OpError::Invalid(Msg::FieldPriority, walkin.priority.clone()))?
        .priority;
    let mut ticket = NewTicket {
        service: walkin.service.clone(),
        priority: walkin.priority.clone(),
        is_priority: prio,
        client_id: None,
        note: None,
    };
    let (name, mobile) = (walkin.name.as_deref(), walkin.mobile.as_deref());
    let mut told = None;
    if name.is_some() || mobile.is_some() {
        // A kiosk's login may not read the clients on a server: the server
        // finds or adds the walk-in's client for it.
        let by_server = if op.who.is_kiosk() {
            db.walkin_client(name, mobile, op.now)?
        } else {
            None
        };
        let id = match by_server {
            Some(found) => {
                told = found.manager.clone().map(|m| (m, found.tier.clone()));
                super::clients::found_for_walkin(db, op, &found)?
            }
            None => super::clients::find_or_add(db, op, name, mobile)?.0,
        };
        ticket.client_id = Some(id);
    }
    if db.day_close(op.day)?.is_some() {
        return Err(OpError::DayClosed(op.day));
    }
    let t = db.add_ticket(op.day, &ticket, op.now)?;
    op.event(
        db,
        EventKind::TicketAdd,
        Some(t.id),
        json!({"number": t.number, "service": t.service, "priority": t.priority}),
    )?;
    match told {
        Some((manager, tier)) => super::pairs::tell_manager(db, op, &t, manager, &tier)?,
        None => super::pairs::tell_dedicated(db, op, &t)?,
    }
    Ok(t)
}

/// A kiosk's request id, checked ([`check_request`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Check a kiosk's request id: 1 to 64 ASCII letters, digits, `-`, `_`, `.`
/// or `:` (a UUID fits); otherwise the sentence shown beside the field.
pub fn check_request(lang: Lang, id: &str) -> Result<RequestId, String> {
    let ok = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if ok {
        Ok(RequestId(id.to_string()))
    } else {
        Err(Msg::ErrRequestId.get(lang).to_string())
    }
}

/// A walk-in registered for a kiosk's request.
#[derive(Clone, Debug, PartialEq)]
pub struct Registered {
    pub ticket: Ticket,
    /// False when the request had already made this ticket today (a retry):
    /// nothing was written this time.
    pub new: bool,
}

/// Register a walk-in once per request id and business day: a kiosk that
/// retries a request (its first answer lost) gets the ticket the first try
/// made and nothing is written; otherwise as [`register_walkin`], with the
/// request id saved in the same transaction as the ticket.
pub fn register_walkin_once(
    db: &Db,
    op: &Op,
    walkin: &Walkin,
    request: &RequestId,
) -> Result<Registered, OpError> {
    op.require(Act::RegisterWalkin, Target::Branch)?;
    if let Some(ticket) = db.requested_ticket(op.day, request.as_str())? {
        return Ok(Registered { ticket, new: false });
    }
    let ticket = register_walkin(db, op, walkin)?;
    db.insert_request(op.day, request.as_str(), ticket.id, op.now)?;
    Ok(Registered { ticket, new: true })
}

/// Which ticket a step is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketTarget {
    Ticket(i64),
    /// The first waiting ticket in call order (priority first, within the
    /// fairness cap).
    Next,
}

/// The act a step asks the authority table for.
pub fn act(step: &Step) -> Act {
    match step {
        Step::Call { .. } => Act::Call,
        Step::Start => Act::Start,
        Step::Finish => Act::Finish,
        Step::Hold => Act::Hold,
        Step::Resume { .. } => Act::Resume,
        Step::NoShow => Act::NoShow,
        Step::Divert { .. } => Act::Divert,
    }
}

/// Apply one life-cycle step to the ticket as it is now (read inside the
/// transaction), written with its event (`ticket.call`, `ticket.start`, …).
/// Returns the ticket before and after.
pub fn step(
    db: &Db,
    op: &Op,
    target: TicketTarget,
    step: &Step,
) -> Result<(Ticket, Ticket), OpError> {
    // A teller calls to (and resumes at) their own counter; nobody to a
    // paused one.
    if let Step::Call { counter, .. } | Step::Resume { counter, .. } = step {
        super::counters::require_callable(db, op, *counter)?;
    }
    let ticket = match target {
        TicketTarget::Ticket(id) => db.ticket(id)?.ok_or(OpError::Changed(Record::Ticket))?,
        TicketTarget::Next => next_for(db, op, step)?,
    };
    require(op, step, &ticket)?;
    // Only a call or a resume needs the counter free (read by itself: the
    // demo's history takes hundreds of thousands of steps).
    let occupant = match step {
        Step::Call { counter, .. } | Step::Resume { counter, .. } => {
            db.at_counter(op.day, *counter)?
        }
        _ => None,
    };
    let new = apply(&ticket, step, op.now, occupant.as_ref())
        .map_err(|r| OpError::Ticket(r, ticket.number.clone()))?;
    if !db.update_ticket(&ticket, &new)? {
        return Err(OpError::Changed(Record::Ticket));
    }
    op.event(
        db,
        step.event(),
        Some(new.id),
        json!({
            "number": new.number,
            "from": ticket.status.as_str(),
            "to": new.status.as_str(),
            "counter": new.counter,
            "calls": new.calls,
            "divert_target": new.divert_target,
        }),
    )?;
    super::cross_sell::show(db, op, &new)?;
    Ok((ticket, new))
}

/// The next ticket in call order that the caller may call: one routed to a
/// person (a client with an appointment) only by them or the lobby; to a
/// counter or desk, only what it takes (the lobby manager and the head call
/// the next in line to any counter).
fn next_for(db: &Db, op: &Op, step: &Step) -> Result<Ticket, OpError> {
    let open = db.open_tickets(op.day)?;
    let cap = op.catalog.thresholds.priority_streak_cap;
    let streak = priority_streak(&db.recent_calls(op.day, cap + 1)?);
    let who = op.who;
    let order: Vec<&Ticket> = call_order(&open, streak, op.now, op.catalog.fairness())
        .into_iter()
        .filter(|t| {
            may_call(
                t,
                &who.code,
                who.runs_queue(),
                who.serves() || who.at_desk(),
            )
        })
        .collect();
    if order.is_empty() {
        // Nobody for them: said as the table says it to one who may not call.
        op.require(Act::Call, Target::Branch)?;
        return Err(OpError::NobodyWaiting);
    }
    match super::counters::routed(op, step) {
        Some((counter, services)) => {
            next_served(&order, services)
                .cloned()
                .ok_or_else(|| OpError::NobodyForCounter {
                    counter,
                    services: services.join(", "),
                })
        }
        None => Ok(order[0].clone()),
    }
}

/// Refuse what the authority table refuses; a ticket in the wrong state is
/// said as the step that cannot be done to it.
fn require(op: &Op, step: &Step, t: &Ticket) -> Result<(), OpError> {
    match op.require(act(step), Target::Ticket(t)) {
        Err(OpError::Denied(Denial::Ticket(status))) => Err(OpError::Ticket(
            Refusal::Impossible {
                step: step.name(),
                status,
            },
            t.number.clone(),
        )),
        other => other,
    }
}

/// A no-show who came back within the recall window
/// ([`ticket::RECALL_WINDOW_MINUTES`], the same business day) is put back in
/// the queue with the same number, at their original place (`ticket.reinstate`);
/// whoever may mark a no-show may do it. Later, they take a new ticket.
pub fn reinstate(db: &Db, op: &Op, id: i64) -> Result<Ticket, OpError> {
    let t = db.ticket(id)?.ok_or(OpError::Changed(Record::Ticket))?;
    match op.require(Act::Reinstate, Target::Ticket(&t)) {
        Err(OpError::Denied(Denial::Ticket(status))) => {
            let step = "reinstate";
            return Err(OpError::Ticket(
                Refusal::Impossible { step, status },
                t.number,
            ));
        }
        other => other?,
    }
    if db.day_close(op.day)?.is_some() {
        return Err(OpError::DayClosed(op.day));
    }
    let new =
        ticket::reinstate(&t, op.now, op.day).map_err(|r| OpError::Ticket(r, t.number.clone()))?;
    if !db.update_ticket(&t, &new)? {
        return Err(OpError::Changed(Record::Ticket));
    }
    op.event(
        db,
        EventKind::TicketReinstate,
        Some(new.id),
        json!({"number": new.number, "from": t.status.as_str(), "to": new.status.as_str()}),
    )?;
    Ok(new)
}

/// Transfer a ticket to another service (a personal client who needs the
/// wealth desk; `ticket.transfer` with the services from and to): it keeps
/// its number and arrival time, so it waits in the new service's queue at
/// its arrival-time place; one called, at a counter or on hold waits again.
/// Numbering is unchanged: the number stays the issuing service's, and the
/// later tickets of both services are numbered as before. The lobby manager
/// and the head transfer any open ticket, a teller the one at their counter.
pub fn transfer(db: &Db, op: &Op, id: i64, service: &str) -> Result<Ticket, OpError> {
    let t = db.ticket(id)?.ok_or(OpError::Changed(Record::Ticket))?;
    match op.require(Act::Transfer, Target::Ticket(&t)) {
        Err(OpError::Denied(Denial::Ticket(status))) => {
            let step = "transfer";
            return Err(OpError::Ticket(
                Refusal::Impossible { step, status },
                t.number,
            ));
        }
        other => other?,
    }
    if op.catalog.service(service).is_none() || service == t.service {
        return Err(OpError::Invalid(Msg::FieldToService, service.to_string()));
    }
    if db.day_close(op.day)?.is_some() {
        return Err(OpError::DayClosed(op.day));
    }
    let new = crate::domain::transfer::transfer(&t, service)
        .map_err(|r| OpError::Ticket(r, t.number.clone()))?;
    if !db.transfer_ticket(&t, &new)? {
        return Err(OpError::Changed(Record::Ticket));
    }
    op.event(
        db,
        EventKind::TicketTransfer,
        Some(new.id),
        json!({
            "number": new.number,
            "from": t.service,
            "to": new.service,
            "status": t.status.as_str(),
        }),
    )?;
    Ok(new)
}
