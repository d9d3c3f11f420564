//! Saving the follow-up forms: each checked field by field, then done by its
//! operation in `ops::prospects`; a refusal keeps the form open with the
//! reason.

use super::FollowState;
use super::{due_date, rules};
use crate::app::form::{Form, Purpose};
use crate::app::{Action, Cx};
use crate::domain::validate;
use crate::i18n::{self, Msg};
use crate::ops::prospects::{self, ByHand, NewContact};
use crate::ops::{Op, OpError};
use crate::store::prospects::Filter;
use crate::store::Db;

/// Run an operation for a form: the form closes when it is done, and
/// stays open with the reason when it is refused.
fn save<T>(cx: &mut Cx, form: Form, run: impl FnOnce(&Db, &Op) -> Result<T, OpError>) -> Option<T> {
    let result = cx.act(run);
    cx.after_write();
    match result {
        Ok(done) => {
            cx.form = None;
            Some(done)
        }
        Err(e) => {
            cx.form_failed(form, e);
            None
        }
    }
}

/// `b`: hand the prospect back to the branch head (no form).
pub(super) fn hand_back(cx: &mut Cx, prospect: i64) {
    let result = cx.act(|db, op| prospects::hand_back(db, op, prospect));
    cx.after_write();
    match result {
        Ok(()) => cx.say(cx.t(Msg::HandedBack).to_string()),
        Err(e) => cx.complain(e.message(&cx.names())),
    }
}

/// Save one of the forms about a prospect, or the add-prospect form,
/// wherever it was opened (the Follow-ups tab, the Clients tab, the sweep).
pub(in crate::app) fn submit(cx: &mut Cx, form: Form) {
    let lang = cx.lang;
    let today = cx.clock.today();
    let get = |m| form.field(m).get().to_string();
    let required = i18n::invalid(lang, validate::Invalid::Required);
    let mut errors: Vec<(Msg, String)> = Vec::new();
    // A choice left unanswered: refused beside its field.
    for m in [Msg::FieldChannel, Msg::FieldProduct, Msg::FieldReason] {
        let asked = form.fields.iter().any(|f| f.label == m && !f.hidden);
        if asked && get(m).is_empty() {
            errors.push((m, required.clone()));
        }
    }
    let mut text = |m: Msg, max: usize, optional: bool| {
        validate::text(&get(m), max, !optional)
            .map_err(|e| errors.push((m, i18n::invalid(lang, e))))
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    match form.purpose {
        Purpose::Consent { prospect, then_log } => {
            let answer = get(Msg::FieldConsent);
            if answer.is_empty() {
                return cx.refuse_form(form, vec![(Msg::FieldConsent, required)]);
            }
            let consent = answer == "yes";
            let run = |db: &Db, op: &Op| prospects::record_consent(db, op, prospect, consent);
            if save(cx, form, run).is_none() {
                return;
            }
            let said = if consent {
                Msg::ConsentRecorded
            } else {
                Msg::ConsentRefused
            };
            cx.say(said.get(lang).to_string());
            if consent && then_log {
                if let Ok(Some(p)) = cx.store.db().prospect(prospect) {
                    super::act_on(cx, &p, &Action::LogContact);
                }
            }
        }
        Purpose::LogContact { prospect } => {
            let summary = text(Msg::FieldSummary, validate::NOTE_MAX, false);
            let result = text(Msg::FieldOutcome, validate::NOTE_MAX, true);
            let next_step = text(Msg::FieldNextStep, validate::NOTE_MAX, true);
            let due = due_date(lang, &get(Msg::FieldDue), today)
                .map_err(|e| errors.push((Msg::FieldDue, e)))
                .ok();
            let (Some(due), true) = (due, errors.is_empty()) else {
                return cx.refuse_form(form, errors);
            };
            let contact = NewContact {
                channel: get(Msg::FieldChannel),
                summary,
                result,
                next_step,
                next_due: due,
            };
            let run = |db: &Db, op: &Op| prospects::log_contact(db, op, prospect, &contact);
            if save(cx, form, run).is_some() {
                cx.say(Msg::Logged.fill(lang, &[("d", &due)]));
            }
        }
        Purpose::Reschedule { prospect } => {
            let due = match due_date(lang, &get(Msg::FieldDue), today) {
                Ok(d) => d,
                Err(e) => return cx.refuse_form(form, vec![(Msg::FieldDue, e)]),
            };
            let run = |db: &Db, op: &Op| prospects::reschedule(db, op, prospect, due);
            if save(cx, form, run).is_some() {
                cx.say(Msg::Rescheduled.fill(lang, &[("d", &due)]));
            }
        }
        Purpose::Won { prospect } => {
            let product = get(Msg::FieldProduct);
            let amount = validate::amount(&get(Msg::FieldAmount))
                .map_err(|e| errors.push((Msg::FieldAmount, i18n::invalid(lang, e))))
                .ok();
            let (Some(amount), true) = (amount, errors.is_empty()) else {
                return cx.refuse_form(form, errors);
            };
            let run = |db: &Db, op: &Op| prospects::win(db, op, prospect, &product, amount);
            if let Some(won) = save(cx, form, run) {
                let text = match won.credited {
                    Some(r) => Msg::WonSaved.fill(lang, &[("r", &cx.staff_name(&r))]),
                    None => Msg::WonNoCard.get(lang).to_string(),
                };
                cx.say(text);
            }
        }
        Purpose::Lost { prospect } => {
            let reason = get(Msg::FieldReason);
            let note = text(Msg::FieldNote, validate::NOTE_MAX, true);
            if !errors.is_empty() {
                return cx.refuse_form(form, errors);
            }
            let run = |db: &Db, op: &Op| prospects::lose(db, op, prospect, &reason, &note);
            if save(cx, form, run).is_some() {
                cx.say(Msg::LostSaved.get(lang).to_string());
            }
        }
        Purpose::Reassign { prospect } => {
            let to = get(Msg::FieldOwner);
            if to.is_empty() {
                return cx.refuse_form(form, vec![(Msg::FieldOwner, required)]);
            }
            let run = |db: &Db, op: &Op| prospects::reassign(db, op, prospect, &to);
            if save(cx, form, run).is_some() {
                cx.say(Msg::Reassigned.fill(lang, &[("o", &cx.staff_name(&to))]));
            }
        }
        Purpose::AddProspect => submit_add_prospect(cx, form),
        _ => {}
    }
}

fn submit_add_prospect(cx: &mut Cx, form: Form) {
    let lang = cx.lang;
    let today = cx.clock.today();
    let client = form.client;
    let shown = form.prefill.clone().unwrap_or_default();
    let get = |m| form.field(m).get().to_string();
    let mut errors = Vec::new();
    let mut invalid = |m: Msg, e| errors.push((m, i18n::invalid(lang, e)));
    // A masked value left as it was shown keeps what is stored (`None`).
    let kept = |was: &str, typed: &str| match client {
        Some(_) if !was.is_empty() => shown.kept(was, typed),
        _ => Some(typed.to_string()),
    };
    let name = kept(&shown.name, &get(Msg::FieldName))
        .map(|typed| validate::name(&typed, true).map_err(|e| invalid(Msg::FieldName, e)));
    let mobile = kept(&shown.mobile, &get(Msg::FieldMobile))
        .map(|typed| validate::mobile(&typed, true).map_err(|e| invalid(Msg::FieldMobile, e)));
    let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, false)
        .map_err(|e| invalid(Msg::FieldNote, e))
        .ok()
        .flatten()
        .unwrap_or_default();
    // The line and the client's consent are asked, never assumed.
    for m in [Msg::FieldLine, Msg::FieldConsent] {
        if get(m).is_empty() {
            invalid(m, validate::Invalid::Required);
        }
    }
    let consent = get(Msg::FieldConsent);
    let due = due_date(lang, &get(Msg::FieldDue), today)
        .map_err(|e| errors.push((Msg::FieldDue, e)))
        .ok();
    let (Some(next_due), true) = (due, errors.is_empty()) else {
        return cx.refuse_form(form, errors);
    };
    let new = ByHand {
        client,
        name: name.and_then(|n| n.ok().flatten()),
        mobile: mobile.and_then(|m| m.ok().flatten()),
        line: get(Msg::FieldLine),
        consent: consent == "yes",
        note,
        next_due,
    };
    let run = |db: &Db, op: &Op| {
        let before = db.last_event_id()?;
        let id = prospects::add_prospect(db, op, &new)?;
        match db.prospect(id)? {
            Some(p) => Ok(crate::ops::clients::renamed_since(db, p.client_id, before)?),
            None => Ok(false),
        }
    };
    if let Some(renamed) = save(cx, form, run) {
        let mut text = Msg::ProspectAddedHand.get(lang).to_string();
        if renamed {
            text.push_str(Msg::ClientRenamed.get(lang));
        }
        cx.say(text);
    }
}

impl FollowState {
    /// Apply the filter form to the list read.
    pub(super) fn submit_filter(&mut self, cx: &mut Cx, form: Form) {
        let get = |m| form.field(m).get().to_string();
        let search = match validate::text(&get(Msg::FieldSearch), 40, false) {
            Ok(s) => s.unwrap_or_default(),
            Err(e) => {
                let why = i18n::invalid(cx.lang, e);
                return cx.refuse_form(form, vec![(Msg::FieldSearch, why)]);
            }
        };
        // As on the Clients tab: digits are a mobile's last four or all of it.
        if crate::domain::search::client_query(&search).is_err() {
            let why = Msg::SearchMobileDigits.get(cx.lang).to_string();
            return cx.refuse_form(form, vec![(Msg::FieldSearch, why)]);
        }
        let some = |s: String| (!s.is_empty()).then_some(s);
        self.filter = Filter {
            owner: some(get(Msg::FieldOwner)),
            line: some(get(Msg::FieldLine)),
            tier: some(get(Msg::FieldTier)),
            search: some(search),
            ..Filter::default()
        };
        self.escalated_only = get(Msg::FieldEscalated) == "yes";
        cx.form = None;
        if let Err(e) = self.refilter(&cx.store, &rules(&cx.catalog)) {
            cx.complain(e.message(cx.lang));
        }
    }
}
