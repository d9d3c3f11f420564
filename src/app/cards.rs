//! Referral cards: the card form from the lobby (`r`), and in the line panes
//! accept (`a`), outcome (`o`) and refer on (`t`). Every write is an
//! operation of `ops::cards`, run as the signed-in person.

use super::form::{entries, keyed, numbered, unanswered, Field, Form, Purpose};
use super::App;
use crate::config::{Catalog, Entry};
use crate::domain::authority::{Act, Target};
use crate::domain::card::{Card, Outcome};
use crate::domain::validate::{self, Invalid};
use crate::i18n::{self, Msg};
use crate::ops::cards::{self as op, NewCard};
use crate::ops::disclose::{self, Prefill, Via};
use crate::ops::OpError;

/// The outcome codes of the outcome form.
const RESULTS: &[(&str, &str, Msg)] = &[
    ("1", "contracted", Msg::OutContracted),
    ("2", "intent", Msg::OutIntent),
    ("3", "declined", Msg::OutDeclined),
    ("4", "not_now", Msg::OutNotNow),
    ("5", "left", Msg::OutLeft),
];

impl App {
    /// `r` in the lobby: the referral card for the selected ticket, filled
    /// with the client's details as far as this person may see them.
    pub(super) fn open_card_form(&mut self) {
        let Some(t) = self.lobby.selected_ticket().cloned() else {
            return self.complain(self.t(Msg::NothingSelected).to_string());
        };
        if !self.permitted(Act::FlagCard, Target::Ticket(&t)) {
            return;
        }
        let prefill = match self.selected_record() {
            Some((Some(client), record, id, owners)) => {
                let via = Via { record, id, owners };
                match self.act(|db, op| disclose::prefill(db, op, client, &via)) {
                    Ok(p) => p,
                    Err(e) => return self.complain(e.message(&self.names())),
                }
            }
            _ => Prefill::default(),
        };
        let lang = self.lang;
        let consent = keyed(
            &[("y", "yes", Msg::ConsentYes), ("n", "no", Msg::ConsentNo)],
            lang,
        );
        let mut form = Form::new(
            Purpose::Card { ticket: t.id },
            Msg::FormCard,
            vec![
                Field::choice(
                    Msg::FieldNeed,
                    unanswered(numbered(entries(self.catalog.needs.iter(), lang))),
                    0,
                ),
                Field::choice(Msg::FieldConsent, unanswered(consent), 0),
                Field::text(Msg::FieldNote, false),
                Field::choice(
                    Msg::FieldLine,
                    numbered(entries(self.catalog.lines.iter(), lang)),
                    0,
                ),
                Field::text(Msg::FieldName, false).with_text(&prefill.name),
                Field::text(Msg::FieldMobile, false).with_text(&prefill.mobile),
            ],
        );
        form.prefill = Some(prefill);
        self.form = Some(form);
    }

    /// `o`: the receiver's outcome form; `result` chosen beforehand only when
    /// the person asked for it by its own key (the sweep's won/lost),
    /// otherwise left to answer.
    pub(super) fn open_outcome_form(&mut self, card: &Card, result: Option<&str>) {
        if !self.permitted(Act::RecordOutcome, Target::Card(card)) {
            return;
        }
        let lang = self.lang;
        let products = numbered(entries(
            self.catalog
                .products
                .iter()
                .filter(|p| p.line.as_deref() == Some(card.line.as_str())),
            lang,
        ));
        let keep = keyed(&[("n", "no", Msg::No), ("y", "yes", Msg::Yes)], lang);
        let mut form = Form::new(
            Purpose::Outcome { card: card.id },
            Msg::FormOutcome,
            vec![
                Field::choice(Msg::FieldResult, unanswered(keyed(RESULTS, lang)), 0),
                Field::choice(Msg::FieldProduct, unanswered(products), 0),
                Field::text(Msg::FieldAmount, false),
                Field::choice(
                    Msg::FieldObjection,
                    unanswered(numbered(entries(self.catalog.objections.iter(), lang))),
                    0,
                ),
                Field::choice(Msg::FieldKeep, keep, 0),
                Field::text(Msg::FieldNote, true),
            ],
        );
        form = form.about(self.card_subject(card));
        if let Some(r) = result {
            form.choose(Msg::FieldResult, r);
        }
        refresh_outcome_form(&mut form);
        self.form = Some(form);
    }

    /// `t`: the receiver passes the card on to another line.
    pub(super) fn open_refer_form(&mut self, card: &Card) {
        if !self.permitted(Act::ReferOn, Target::Card(card)) {
            return;
        }
        let lang = self.lang;
        let others: Vec<&Entry> = self
            .catalog
            .lines
            .iter()
            .filter(|l| l.code != card.line)
            .collect();
        let first_other = others.first().map(|l| l.code.clone()).unwrap_or_default();
        let mut form = Form::new(
            Purpose::ReferOn { card: card.id },
            Msg::FormReferOn,
            vec![
                Field::choice(
                    Msg::FieldNeed,
                    unanswered(numbered(entries(
                        self.catalog
                            .needs
                            .iter()
                            .filter(|n| n.line.as_deref() != Some(card.line.as_str())),
                        lang,
                    ))),
                    0,
                ),
                Field::text(Msg::FieldNote, false),
                Field::choice(Msg::FieldLine, numbered(entries(others, lang)), 0),
            ],
        );
        form.choose(Msg::FieldLine, &first_other);
        self.form = Some(form.about(self.card_subject(card)));
    }

    /// Keep a form's dependent fields in step after an edit.
    pub(super) fn form_edited(&mut self) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match form.purpose {
            Purpose::Card { .. } | Purpose::ReferOn { .. } => {
                let need = form.field(Msg::FieldNeed).get().to_string();
                if let Some(line) = self.catalog.need(&need).and_then(|n| n.line.clone()) {
                    form.choose(Msg::FieldLine, &line);
                }
            }
            Purpose::Outcome { .. } => {
                let was: Vec<bool> = form.fields.iter().map(|f| f.hidden).collect();
                refresh_outcome_form(form);
                let changed = form.fields.iter().map(|f| f.hidden).ne(was);
                // A result chosen by its key moves on to the first field it shows.
                if changed && form.focus > 0 {
                    form.focus = 1;
                }
                form.skip_hidden();
            }
            _ => {}
        }
    }

    pub(super) fn submit_card(&mut self, form: Form, ticket: i64) {
        let lang = self.lang;
        let get = |m| form.field(m).get().to_string();
        let (need, consent, line) = (
            get(Msg::FieldNeed),
            get(Msg::FieldConsent),
            get(Msg::FieldLine),
        );
        let mut errors: Vec<(Msg, String)> = Vec::new();
        let required = i18n::invalid(lang, Invalid::Required);
        if self.catalog.need(&need).is_none() {
            errors.push((Msg::FieldNeed, required.clone()));
        }
        if consent.is_empty() {
            errors.push((Msg::FieldConsent, required.clone()));
        }
        let mut check = |m: Msg, r: Result<Option<String>, Invalid>| {
            r.map_err(|e| errors.push((m, i18n::invalid(lang, e))))
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let note = check(
            Msg::FieldNote,
            validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, true),
        );
        // A masked value left as shown keeps what is stored.
        let shown = form.prefill.clone().unwrap_or_default();
        let name = shown
            .kept(&shown.name, &get(Msg::FieldName))
            .map(|n| check(Msg::FieldName, validate::name(&n, false)));
        let mobile = match shown.kept(&shown.mobile, &get(Msg::FieldMobile)) {
            Some(m) => Some(check(Msg::FieldMobile, validate::mobile(&m, true))),
            None if shown.mobile.is_empty() => {
                errors.push((Msg::FieldMobile, required));
                None
            }
            None => None,
        };
        if !errors.is_empty() {
            return self.refuse_form(form, errors);
        }
        let input = NewCard {
            ticket,
            need,
            line,
            consent: consent == "yes",
            note,
            name,
            mobile,
        };
        match self.act(|db, o| op::flag_card(db, o, &input)) {
            Ok(c) => {
                self.form = None;
                self.after_write();
                let line = self.line_label(&c.line);
                self.say(Msg::CardSaved.fill(lang, &[("id", &c.id), ("line", &line)]));
            }
            Err(e) => self.form_failed(form, e),
        }
    }

    /// `a`: accept the selected card. Exactly one of two racing managers wins.
    pub(super) fn accept_card(&mut self, card: &Card) {
        if !self.permitted(Act::AcceptCard, Target::Card(card)) {
            return;
        }
        let result = self.act(|db, o| op::accept_card(db, o, card.id));
        self.after_write();
        match result {
            Ok(c) => self.say(Msg::CardAccepted.fill(self.lang, &[("id", &c.id)])),
            Err(e) => self.complain(e.message(&self.names())),
        }
    }

    pub(super) fn submit_outcome(&mut self, form: Form, id: i64) {
        let lang = self.lang;
        let get = |m| form.field(m).get().to_string();
        let mut errors: Vec<(Msg, String)> = Vec::new();
        let result = get(Msg::FieldResult);
        for (m, needed) in [
            (Msg::FieldResult, true),
            (Msg::FieldProduct, result == "contracted"),
            (Msg::FieldObjection, result == "declined"),
        ] {
            if needed && get(m).is_empty() {
                errors.push((m, i18n::invalid(lang, Invalid::Required)));
            }
        }
        let outcome = match result.as_str() {
            "contracted" => match validate::amount(&get(Msg::FieldAmount)) {
                Ok(amount_cents) => Some(Outcome::Contracted {
                    product: get(Msg::FieldProduct),
                    amount_cents,
                }),
                Err(e) => {
                    errors.push((Msg::FieldAmount, i18n::invalid(lang, e)));
                    None
                }
            },
            "intent" => Some(Outcome::Intent),
            "declined" => Some(Outcome::Declined {
                objection: get(Msg::FieldObjection),
            }),
            "not_now" => Some(Outcome::NotNow),
            "left" => Some(Outcome::ClientLeft),
            _ => None,
        };
        let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, false)
            .map_err(|e| errors.push((Msg::FieldNote, i18n::invalid(lang, e))))
            .ok()
            .flatten();
        let (Some(outcome), true) = (outcome, errors.is_empty()) else {
            return self.refuse_form(form, errors);
        };
        let keep = get(Msg::FieldKeep) == "yes";
        let result = self.act(|db, o| op::record_outcome(db, o, id, &outcome, note, keep));
        self.after_write();
        match result {
            Ok(r) => {
                self.form = None;
                let mut text = Msg::OutcomeSaved.fill(
                    lang,
                    &[
                        ("id", &r.card.id),
                        ("s", &i18n::card_status(r.card.status).get(lang)),
                    ],
                );
                if r.kept {
                    text.push_str(Msg::ProspectAdded.get(lang));
                }
                self.say(text);
            }
            Err(e) => self.form_failed(form, e),
        }
    }

    pub(super) fn submit_refer(&mut self, form: Form, id: i64) {
        let lang = self.lang;
        let get = |m| form.field(m).get().to_string();
        let (need, line) = (get(Msg::FieldNeed), get(Msg::FieldLine));
        let mut errors = Vec::new();
        if self.catalog.need(&need).is_none() {
            errors.push((Msg::FieldNeed, i18n::invalid(lang, Invalid::Required)));
        }
        let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, true)
            .map_err(|e| errors.push((Msg::FieldNote, i18n::invalid(lang, e))))
            .ok()
            .flatten()
            .unwrap_or_default();
        if !errors.is_empty() {
            return self.refuse_form(form, errors);
        }
        let result = self.act(|db, o| op::refer_on(db, o, id, &line, &need, &note));
        self.after_write();
        match result {
            Ok((parent, child)) => {
                self.form = None;
                let line = self.line_label(&child.line);
                self.say(Msg::ReferredOn.fill(
                    lang,
                    &[("id", &parent.id), ("line", &line), ("child", &child.id)],
                ));
            }
            Err(e) => self.form_failed(form, e),
        }
    }

    /// An operation refused a form: a field's fault beside the field, any
    /// other refusal in the message line; the form stays open either way.
    fn form_failed(&mut self, form: Form, e: OpError) {
        if let OpError::Field(m, why) = e {
            let text = i18n::invalid(self.lang, why);
            return self.refuse_form(form, vec![(m, text)]);
        }
        self.form = Some(form);
        self.complain(e.message(&self.names()));
    }

    /// "#4 王*明": which card a form is about, the client masked.
    fn card_subject(&self, card: &Card) -> String {
        let name = self
            .store
            .db()
            .client(card.client_id)
            .ok()
            .flatten()
            .and_then(|c| c.name)
            .map(|n| crate::domain::privacy::mask_name(&n))
            .unwrap_or_default();
        format!("#{} {name}", card.id)
    }

    pub fn line_label(&self, code: &str) -> String {
        Catalog::label(&self.catalog.lines, code, self.lang).to_string()
    }

    /// A staff member's name from the roster, or the code.
    pub fn staff_name(&self, code: &str) -> String {
        self.roster
            .iter()
            .find(|s| s.code == code)
            .map_or(code.to_string(), |s| s.name.clone())
    }
}

/// Show only the outcome form's fields that the chosen result needs.
fn refresh_outcome_form(form: &mut Form) {
    let result = form.field(Msg::FieldResult).get().to_string();
    for (m, shown) in [
        (Msg::FieldProduct, result == "contracted"),
        (Msg::FieldAmount, result == "contracted"),
        (Msg::FieldObjection, result == "declined"),
        (Msg::FieldKeep, result == "declined"),
    ] {
        form.field_mut(m).hidden = !shown;
    }
}
