//! Complaints (投诉) and ratings (满意度) on the screens: `!` on any tab
//! records a complaint about the selected visit or client (or the branch);
//! `o` on the Mine tab resolves one of mine (the head: any); `*` on the
//! lobby rates the last visit finished at my counter, and a low rating
//! offers the complaint form. Open complaints past their promised day are
//! told to the lobby and the head by whichever desk notices first.

use chrono::{Duration, NaiveDate};

use super::form::{keyed, numbered, unanswered, Choice, Field, Form, Purpose};
use super::{App, Cx};
use crate::domain::authority::{Act, Target, DISPLAY, KIOSK};
use crate::domain::complaint::{self, Kind};
use crate::domain::event::Record;
use crate::domain::followup;
use crate::domain::privacy::mask_name;
use crate::domain::validate::Invalid;
use crate::i18n::{self, Msg};
use crate::ops::complaints::{self as ops, Recording};
use crate::report::complaints::{kind_label, said as rating_said};
use crate::store::complaints::Resolution;

/// The staff who can be named on a complaint, as numbered choices.
fn people(cx: &Cx) -> Vec<(String, String)> {
    cx.roster
        .iter()
        .filter(|s| s.active && !s.has_role(KIOSK) && !s.has_role(DISPLAY))
        .map(|s| (s.code.clone(), format!("{} {}", s.name, s.code)))
        .collect()
}

/// The complaint form about a visit and/or a client; nothing chosen for
/// the kind, the person responsible or the owner; the promised day the
/// settings' default.
pub fn open_form(cx: &mut Cx, ticket: Option<i64>, client: Option<i64>, about: String) {
    let lang = cx.lang;
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| (k.as_str().to_string(), kind_label(k).get(lang)));
    let mut responsible = vec![("-".to_string(), cx.t(Msg::CpNobody).to_string())];
    responsible.extend(people(cx));
    let due = cx.clock.today() + Duration::days(cx.catalog.complaints.promise_days);
    let fields = vec![
        Field::choice(Msg::FieldComplaintKind, unanswered(numbered(kinds)), 0),
        Field::text(Msg::FieldSaid, false),
        Field::choice(Msg::FieldResponsible, unanswered(numbered(responsible)), 0),
        Field::choice(
            Msg::FieldComplaintOwner,
            unanswered(numbered(people(cx))),
            0,
        ),
        Field::text(Msg::FieldComplaintDue, false).with_text(&due.format("%Y-%m-%d").to_string()),
    ];
    let form = Form::new(
        Purpose::Complaint { ticket, client },
        Msg::FormComplaint,
        fields,
    );
    cx.form = Some(form.about(about));
}

/// Each required choice left unanswered, beside its field.
fn unanswered_fields(cx: &Cx, form: &Form, labels: &[Msg]) -> Vec<(Msg, String)> {
    labels
        .iter()
        .filter(|m| form.field(**m).get().is_empty())
        .map(|m| (*m, i18n::invalid(cx.lang, Invalid::Required)))
        .collect()
}

/// Save the complaint form through [`ops::record`].
fn save_complaint(cx: &mut Cx, form: Form, ticket: Option<i64>, client: Option<i64>) {
    let lang = cx.lang;
    let labels = [
        Msg::FieldComplaintKind,
        Msg::FieldResponsible,
        Msg::FieldComplaintOwner,
    ];
    let mut errors = unanswered_fields(cx, &form, &labels);
    let today = cx.clock.today();
    let due = followup::parse_date(form.field(Msg::FieldComplaintDue).get(), today);
    match due {
        None => {
            let hint = Msg::DateHint.get(lang);
            let text = Msg::InvalidDate.fill(lang, &[("hint", &hint)]);
            errors.push((Msg::FieldComplaintDue, text));
        }
        Some(d) if d < today => {
            errors.push((Msg::FieldComplaintDue, cx.t(Msg::DueInPast).to_string()));
        }
        Some(_) => {}
    }
    let kind = Kind::parse(form.field(Msg::FieldComplaintKind).get());
    let (Some(kind), Some(due), true) = (kind, due, errors.is_empty()) else {
        return cx.refuse_form(form, errors);
    };
    let responsible = match form.field(Msg::FieldResponsible).get() {
        "-" => None,
        code => Some(code.to_string()),
    };
    let recording = Recording {
        kind,
        said: form.field(Msg::FieldSaid).get().to_string(),
        ticket,
        client,
        responsible,
        owner: form.field(Msg::FieldComplaintOwner).get().to_string(),
        due,
    };
    match cx.act(|db, op| ops::record(db, op, &recording)) {
        Ok(c) => {
            cx.form = None;
            cx.after_write();
            cx.say(Msg::CpRecorded.fill(lang, &[("id", &c.id), ("d", &c.due)]));
        }
        Err(e) => cx.form_failed(form, e),
    }
}

/// A complaint in one line (a choice, a list): number, kind, what about,
/// owner, the promised day (and overdue).
pub fn complaint_line(cx: &Cx, c: &complaint::Complaint, today: NaiveDate) -> String {
    let lang = cx.lang;
    let about = match (&c.ticket_number, c.client_id) {
        (Some(n), _) => Msg::CpVisit.fill(lang, &[("n", n)]),
        (None, Some(id)) => Msg::CpClient.fill(lang, &[("id", &id)]),
        (None, None) => cx.t(Msg::CpBranch).to_string(),
    };
    let due = Msg::CpDueOn.fill(lang, &[("d", &c.due.format("%m-%d"))]);
    let late = match c.overdue(today) {
        true => format!(" {}", cx.t(Msg::CpOverdueMark)),
        false => String::new(),
    };
    format!(
        "#{} {} · {about} · {} · {due}{late}",
        c.id,
        kind_label(c.kind).get(lang),
        cx.staff_name(&c.owner)
    )
}

/// The resolve form: which complaint (nothing chosen), the resolution, the
/// feedback contact's channel and the client's answer, valid or not
/// (nothing chosen).
pub fn open_resolve(cx: &mut Cx) {
    let owner = (!cx.person.is_head()).then(|| cx.person.code.clone());
    let list = match cx.store.db().open_complaints(owner.as_deref()) {
        Ok(l) => l,
        Err(e) => return cx.complain(e.message(cx.lang)),
    };
    if list.is_empty() {
        return cx.say(cx.t(Msg::CpNoneToResolve).to_string());
    }
    let lang = cx.lang;
    let today = cx.clock.today();
    let complaints: Vec<(String, String)> = list
        .iter()
        .map(|c| (c.id.to_string(), complaint_line(cx, c, today)))
        .collect();
    let channels = super::form::entries(&cx.catalog.channels, lang);
    let valid: Vec<Choice> = keyed(
        &[("y", "yes", Msg::CpValidYes), ("n", "no", Msg::CpValidNo)],
        lang,
    );
    let fields = vec![
        Field::choice(Msg::FieldComplaint, unanswered(numbered(complaints)), 0),
        Field::text(Msg::FieldResolution, false),
        Field::choice(Msg::FieldFeedback, unanswered(numbered(channels)), 0),
        Field::text(Msg::FieldFeedbackNote, true),
        Field::choice(Msg::FieldValid, unanswered(valid), 0),
    ];
    cx.form = Some(Form::new(Purpose::Resolve, Msg::FormResolve, fields));
}

/// Save the resolve form through [`ops::resolve`].
fn save_resolve(cx: &mut Cx, form: Form) {
    let labels = [Msg::FieldComplaint, Msg::FieldFeedback, Msg::FieldValid];
    let errors = unanswered_fields(cx, &form, &labels);
    let id = form.field(Msg::FieldComplaint).get().parse::<i64>().ok();
    let (Some(id), true) = (id, errors.is_empty()) else {
        return cx.refuse_form(form, errors);
    };
    let resolution = Resolution {
        resolution: form.field(Msg::FieldResolution).get().to_string(),
        feedback: form.field(Msg::FieldFeedback).get().to_string(),
        feedback_note: form.field(Msg::FieldFeedbackNote).get().to_string(),
        valid: form.field(Msg::FieldValid).get() == "yes",
    };
    let points = cx.catalog.complaints.points;
    match cx.act(|db, op| ops::resolve(db, op, id, &resolution)) {
        Ok(c) => {
            cx.form = None;
            cx.after_write();
            let lang = cx.lang;
            let text = match (&c.responsible, c.valid) {
                (Some(who), Some(true)) => Msg::CpResolvedValid.fill(
                    lang,
                    &[("id", &c.id), ("who", &cx.staff_name(who)), ("p", &points)],
                ),
                _ => Msg::CpResolvedNow.fill(lang, &[("id", &c.id)]),
            };
            cx.say(text);
        }
        Err(e) => cx.form_failed(form, e),
    }
}

/// The scores, 5 first, none chosen.
fn scores(cx: &Cx) -> Vec<Choice> {
    let items = (1..=5u8).rev().map(|s| Choice {
        key: s.to_string(),
        code: s.to_string(),
        label: rating_said(cx.lang, s),
    });
    unanswered(items.collect())
}

/// Save the rating form through [`ops::rate`]; a low rating opens the
/// complaint form about the visit (Esc leaves it unrecorded).
fn save_rating(cx: &mut Cx, form: Form, ticket: i64) {
    let score = complaint::parse_score(form.field(Msg::FieldScore).get());
    let Some(score) = score else {
        let errors = vec![(Msg::FieldScore, cx.t(Msg::RateBadScore).to_string())];
        return cx.refuse_form(form, errors);
    };
    match cx.act(|db, op| ops::rate(db, op, ticket, score)) {
        Ok(r) => {
            cx.form = None;
            cx.after_write();
            let lang = cx.lang;
            let said = rating_said(lang, score);
            let args: [(&str, &dyn std::fmt::Display); 2] = [("n", &r.ticket.number), ("s", &said)];
            if r.low {
                let about = Msg::CpVisit.fill(lang, &[("n", &r.ticket.number)]);
                open_form(cx, Some(ticket), r.ticket.client_id, about);
                cx.say(Msg::RatedLow.fill(lang, &args));
            } else {
                cx.say(Msg::Rated.fill(lang, &args));
            }
        }
        Err(e) => cx.form_failed(form, e),
    }
}

impl App {
    /// The ticket `*` rates: the last visit finished at my counter today
    /// that nobody rated.
    pub fn rateable(&self) -> Option<crate::domain::ticket::Ticket> {
        let counter = self.person.counter?;
        let db = self.store.db();
        let id = db.last_unrated_at(counter, self.clock.today()).ok()??;
        db.ticket(id).ok()?
    }

    /// `!`: the complaint form about the selected record's visit and client.
    pub(super) fn complain(&mut self) {
        if !self.cx.permitted(Act::RecordComplaint, Target::Branch) {
            return;
        }
        let selected = self.selected_record();
        let db = self.store.db();
        let (ticket, client, about) = match selected {
            Some((client, Record::Ticket, id, _)) => {
                let number = db.ticket(id).ok().flatten().map(|t| t.number);
                let about = number.map_or_else(
                    || self.t(Msg::CpBranch).to_string(),
                    |n| Msg::CpVisit.fill(self.lang, &[("n", &n)]),
                );
                (Some(id), client, about)
            }
            Some((Some(client), _, _, _)) => {
                let name = db.client(client).ok().flatten().and_then(|c| c.name);
                let about = match name {
                    Some(n) if !self.shield => mask_name(&n),
                    _ => Msg::CpClient.fill(self.lang, &[("id", &client)]),
                };
                (None, Some(client), about)
            }
            _ => (None, None, self.t(Msg::CpBranch).to_string()),
        };
        open_form(&mut self.cx, ticket, client, about);
    }

    /// `*`: rate the last visit finished at my counter.
    pub(super) fn rate(&mut self) {
        let Some(t) = self.rateable() else {
            return self.cx.say(self.t(Msg::RateNothing).to_string());
        };
        if !self.cx.permitted(Act::RateVisit, Target::Ticket(&t)) {
            return;
        }
        let fields = vec![Field::choice(Msg::FieldScore, scores(&self.cx), 0)];
        let title = Msg::FormRate;
        let form = Form::new(Purpose::Rate { ticket: t.id }, title, fields);
        self.cx.form = Some(form.about(t.number));
    }

    /// Save a complaint, resolve or rating form (whichever tab it was
    /// opened on); false for any other form.
    pub(super) fn submit_complaints(&mut self, form: &Form) -> bool {
        let form = form.clone();
        match form.purpose {
            Purpose::Complaint { ticket, client } => {
                save_complaint(&mut self.cx, form, ticket, client)
            }
            Purpose::Resolve => save_resolve(&mut self.cx, form),
            Purpose::Rate { ticket } => save_rating(&mut self.cx, form, ticket),
            _ => return false,
        }
        self.settle();
        true
    }

    /// Tell the lobby and the head of complaints past their promised day
    /// (read first: a write only when there is one): whether any was told.
    pub(super) fn tell_overdue_complaints(&mut self) -> bool {
        let today = self.cx.clock.today();
        let due = self.cx.store.db().overdue_complaints(today);
        due.is_ok_and(|d| !d.is_empty()) && self.cx.act(ops::tell_overdue).is_ok_and(|n| n > 0)
    }

    /// Whether `o` on the Mine tab has a complaint to resolve.
    pub fn has_resolvable(&self) -> bool {
        let db = self.store.db();
        let owner = (!self.person.is_head()).then_some(self.person.code.as_str());
        db.open_complaints(owner).is_ok_and(|l| !l.is_empty())
    }
}
