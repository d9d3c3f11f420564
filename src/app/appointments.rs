//! Appointments on the screens: the booking form (Follow-ups and Clients
//! tabs), the lobby's check-in form, a manager calling the client routed to
//! them, and marking missed the appointments nobody checked in (on the
//! tick, by whoever's desk notices first).

use super::form::{numbered, unanswered, Field, Form, Purpose};
use super::{App, Changes, Cx};
use crate::domain::appointment::{Appointment, AppointmentRefusal, Status};
use crate::domain::authority::{Act, Target};
use crate::domain::privacy::mask_name;
use crate::domain::ticket::{Status as TicketStatus, Step, Ticket};
use crate::domain::validate;
use crate::i18n::{self, Msg};
use crate::ops::appointments::{self, Booking};
use crate::ops::tickets::TicketTarget;
use crate::ops::OpError;

impl App {
    /// Mark missed the appointments past their time and grace, as the
    /// signed-in person (their process noticed first); said on the message
    /// line when there were any.
    pub(super) fn mark_missed(&mut self) {
        let cx = &mut self.cx;
        // Read first: a desk with nothing to mark (or on a read-only copy)
        // writes nothing.
        let grace = chrono::Duration::minutes(cx.catalog.thresholds.appointment_grace_minutes);
        let due = cx.store.db().booked_before(cx.clock.now() - grace);
        if due.map_or(true, |d| d.is_empty()) {
            return;
        }
        let result = cx.act(appointments::mark_missed);
        match result {
            Ok(done) if done.is_empty() => {}
            Ok(done) => {
                cx.after_write();
                cx.say(Msg::ApptMissedNow.fill(cx.lang, &[("n", &done.len())]));
            }
            Err(e) => cx.complain(e.message(&cx.names())),
        }
    }
}

/// Who an appointment can be with: each line (any of its managers), then
/// each active manager of a line, as (code, label).
fn with_choices(cx: &Cx) -> Vec<(String, String)> {
    let lang = cx.lang;
    let mut v: Vec<(String, String)> = cx
        .catalog
        .lines
        .iter()
        .map(|l| {
            let line = l.label.get(lang);
            (
                l.code.clone(),
                Msg::ApptAnyManager.fill(lang, &[("line", &line)]),
            )
        })
        .collect();
    for s in cx.roster.iter().filter(|s| s.active) {
        let p = crate::ops::person(s, &cx.catalog);
        if let Some(line) = p.lines.first() {
            v.push((
                s.code.clone(),
                format!("{} · {}", s.name, cx.line_label(line)),
            ));
        }
    }
    v
}

/// `A`: the booking form for a client (from their prospect, if any),
/// opened only for those who may book. Nothing in it is chosen for them.
pub(in crate::app) fn open_book_form(
    cx: &mut Cx,
    client: i64,
    prospect: Option<i64>,
    name: Option<&str>,
) {
    if !cx.permitted(Act::BookAppointment, Target::Branch) {
        return;
    }
    let with = unanswered(numbered(with_choices(cx)));
    let form = Form::new(
        Purpose::Book { client, prospect },
        Msg::FormBook,
        vec![
            Field::text(Msg::FieldApptDay, false),
            Field::text(Msg::FieldApptTime, false),
            Field::choice(Msg::FieldApptWith, with, 0),
            Field::text(Msg::FieldNote, true),
        ],
    )
    .about(mask_name(name.unwrap_or("")));
    cx.form = Some(form);
}

/// Save the booking form: each field checked, then [`appointments::book`];
/// a time already past is refused beside the time.
pub(in crate::app) fn submit_book(cx: &mut Cx, form: Form, client: i64, prospect: Option<i64>) {
    let lang = cx.lang;
    let today = cx.clock.today();
    let get = |m| form.field(m).get().to_string();
    let mut errors = Vec::new();
    let when = appointments::check_when(
        lang,
        today,
        &get(Msg::FieldApptDay),
        &get(Msg::FieldApptTime),
    )
    .map_err(|e| errors.extend(e))
    .ok();
    let with = get(Msg::FieldApptWith);
    if with.is_empty() {
        let required = i18n::invalid(lang, validate::Invalid::Required);
        errors.push((Msg::FieldApptWith, required));
    }
    let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, false)
        .map_err(|e| errors.push((Msg::FieldNote, i18n::invalid(lang, e))))
        .ok()
        .flatten()
        .unwrap_or_default();
    let (Some((day, time)), true) = (when, errors.is_empty()) else {
        return cx.refuse_form(form, errors);
    };
    let booking = Booking {
        client,
        prospect,
        day,
        time,
        with,
        note,
    };
    let clock = cx.clock.clone();
    let result = cx.act(|db, op| appointments::book(db, op, &clock, &booking));
    cx.after_write();
    match result {
        Ok(a) => {
            cx.form = None;
            let w = with_label(cx, &a);
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("d", &a.day), ("t", &a.time.format("%H:%M")), ("w", &w)];
            cx.say(Msg::ApptBookedDone.fill(lang, &args));
        }
        Err(e @ OpError::Appointment(AppointmentRefusal::InPast)) => {
            let why = e.message(&cx.names());
            cx.refuse_form(form, vec![(Msg::FieldApptTime, why)]);
        }
        Err(e) => cx.form_failed(form, e),
    }
}

/// Who an appointment is with, as the lists say it.
pub fn with_label(cx: &Cx, a: &Appointment) -> String {
    match &a.person {
        Some(p) => cx.staff_name(p),
        None => {
            let line = cx.line_label(&a.line);
            Msg::ApptAnyManager.fill(cx.lang, &[("line", &line)])
        }
    }
}

/// Today's appointments still to be checked in, in the order listed.
pub fn booked(list: &[Appointment]) -> impl Iterator<Item = &Appointment> {
    list.iter().filter(|a| a.status == Status::Booked)
}

/// `i`: choose which of today's booked appointments came (none chosen for
/// the person), for whoever runs the queue.
pub(in crate::app) fn open_check_in(cx: &mut Cx, today: &[Appointment]) {
    let Some(first) = booked(today).next() else {
        return cx.complain(cx.t(Msg::ApptNoneBooked).to_string());
    };
    let target = Target::Appointment(appointments::state(first));
    if !cx.permitted(Act::CheckInAppointment, target) {
        return;
    }
    let choices = numbered(booked(today).map(|a| {
        let name = mask_name(a.client_name.as_deref().unwrap_or(""));
        let label = format!("{} {name} · {}", a.time.format("%H:%M"), with_label(cx, a));
        (a.id.to_string(), label)
    }));
    cx.form = Some(Form::new(
        Purpose::CheckIn,
        Msg::FormCheckIn,
        vec![Field::choice(Msg::FieldAppointment, unanswered(choices), 0)],
    ));
}

/// Save the check-in form: [`appointments::check_in`]; says the ticket and
/// who was told. The new ticket's id, for the lobby to select.
pub(in crate::app) fn submit_check_in(cx: &mut Cx, form: Form) -> Option<i64> {
    let Ok(id) = form.field(Msg::FieldAppointment).get().parse::<i64>() else {
        let required = i18n::invalid(cx.lang, validate::Invalid::Required);
        cx.refuse_form(form, vec![(Msg::FieldAppointment, required)]);
        return None;
    };
    let result = cx.act(|db, op| appointments::check_in(db, op, id));
    cx.after_write();
    match result {
        Ok(done) => {
            cx.form = None;
            let who = match &done.routed_to {
                Some(p) => cx.staff_name(p),
                None => String::from("—"),
            };
            let args: [(&str, &dyn std::fmt::Display); 2] =
                [("n", &done.ticket.number), ("p", &who)];
            cx.say(Msg::ApptCheckedIn.fill(cx.lang, &args));
            Some(done.ticket.id)
        }
        Err(e) => {
            cx.form_failed(form, e);
            None
        }
    }
}

/// The open tickets routed to the signed-in person, in arrival order.
pub fn routed_to_me(cx: &Cx, changed: &Changes) -> Result<Vec<Ticket>, crate::store::StoreError> {
    let open = changed.open_tickets(&cx.store.db(), cx.clock.today())?;
    Ok(open
        .into_iter()
        .filter(|t| t.routed_to.as_deref() == Some(cx.me.code.as_str()))
        .collect())
}

/// The routed ticket a manager's `c` is about: the one called to them (a
/// recall), else the first waiting.
pub fn to_call(routed: &[Ticket]) -> Option<&Ticket> {
    routed
        .iter()
        .find(|t| t.status == TicketStatus::Called)
        .or_else(|| routed.iter().find(|t| t.status == TicketStatus::Waiting))
}

/// `c` in a line's pane: the manager calls to their desk the client routed
/// to them (called already: a recall), else the next their desk takes.
pub(in crate::app) fn call_routed(cx: &mut Cx, routed: &[Ticket]) {
    let target = match to_call(routed) {
        Some(t) if !cx.permitted(Act::Call, Target::Ticket(t)) => return,
        Some(t) if t.status == TicketStatus::Called => TicketTarget::Ticket(t.id),
        Some(_) => TicketTarget::Next,
        None if !cx.permitted(Act::Call, Target::Branch) => return,
        None => TicketTarget::Next,
    };
    // To the manager's own desk (a line's desk in the settings).
    let Some(counter) = cx.person.counter else {
        return cx.complain(cx.t(Msg::NoDesk).to_string());
    };
    let step = Step::Call {
        counter,
        teller: Some(cx.me.code.clone()),
    };
    let result = cx.act(|db, op| crate::ops::tickets::step(db, op, target, &step));
    cx.after_write();
    match result {
        Ok((old, new)) if old.status == TicketStatus::Called => {
            cx.say(Msg::Recalled.fill(cx.lang, &[("n", &new.number), ("k", &new.calls)]))
        }
        Ok((_, new)) => cx.say(Msg::ApptCalled.fill(cx.lang, &[("n", &new.number)])),
        Err(e) => cx.complain(e.message(&cx.names())),
    }
}
