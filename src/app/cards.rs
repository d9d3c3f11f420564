//! Referral cards: the card form from the lobby (`r`), and in the line panes
//! accept (`a`), outcome (`o`) and refer on (`t`). Each write is one
//! transaction with its events.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;

use super::form::{entries, keyed, numbered, unanswered, Field, Form, Purpose};
use super::App;
use crate::config::{Catalog, Entry};
use crate::domain::card::{self, Card, CardRefusal, Outcome};
use crate::domain::validate;
use crate::i18n::{self, Msg};
use crate::store::prospects::NewProspect;
use crate::store::{Db, StoreError};

/// Why a card step did not happen.
#[derive(Debug)]
pub enum CardFailure {
    Refused(CardRefusal),
    Changed,
    Store(StoreError),
}

impl From<StoreError> for CardFailure {
    fn from(e: StoreError) -> Self {
        CardFailure::Store(e)
    }
}

impl From<CardRefusal> for CardFailure {
    fn from(r: CardRefusal) -> Self {
        CardFailure::Refused(r)
    }
}

/// The outcome codes of the outcome form.
const RESULTS: &[(&str, &str, Msg)] = &[
    ("1", "contracted", Msg::OutContracted),
    ("2", "intent", Msg::OutIntent),
    ("3", "declined", Msg::OutDeclined),
    ("4", "not_now", Msg::OutNotNow),
    ("5", "left", Msg::OutLeft),
];

/// The first follow-up date of a new prospect: today plus the cadence's first step.
pub fn first_due(catalog: &Catalog, today: NaiveDate) -> NaiveDate {
    today + Duration::days(catalog.followup.cadence_days[0])
}

/// Put the client on the follow-up list unless already there for this line.
pub(super) fn keep_as_prospect(
    db: &Db,
    card: &Card,
    owner: &str,
    due: NaiveDate,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if db
        .open_prospect(card.client_id, Some(&card.line))?
        .is_some()
    {
        return Ok(());
    }
    let id = db.add_prospect(
        &NewProspect {
            client_id: card.client_id,
            owner: owner.to_string(),
            source_card: Some(card.id),
            line: Some(card.line.clone()),
            next_due: due,
        },
        now,
    )?;
    db.add_event(
        now,
        actor,
        crate::domain::event::EventKind::ProspectAdd,
        Some(id),
        json!({"card": card.id, "owner": owner, "next_due": due.to_string()}),
    )
}

impl App {
    /// `r` in the lobby: the referral card for the selected ticket.
    pub(super) fn open_card_form(&mut self) {
        let Some(t) = self.lobby.selected_ticket() else {
            return self.complain(self.t(Msg::NothingSelected).to_string());
        };
        let lang = self.lang;
        let (ticket, name, mobile) = (
            t.id,
            t.client_name.clone().unwrap_or_default(),
            t.client_mobile.clone().unwrap_or_default(),
        );
        let consent = keyed(
            &[("y", "yes", Msg::ConsentYes), ("n", "no", Msg::ConsentNo)],
            lang,
        );
        self.form = Some(Form::new(
            Purpose::Card { ticket },
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
                Field::text(Msg::FieldName, false).with_text(&name),
                Field::text(Msg::FieldMobile, false).with_text(&mobile),
            ],
        ));
    }

    /// `o` in a line pane.
    pub(super) fn open_outcome_form(&mut self, card: &Card, on_behalf: bool, result: &str) {
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
            Purpose::Outcome {
                card: card.id,
                on_behalf,
            },
            Msg::FormOutcome,
            vec![
                Field::choice(Msg::FieldResult, keyed(RESULTS, lang), 0),
                Field::choice(Msg::FieldProduct, products, 0),
                Field::text(Msg::FieldAmount, false),
                Field::choice(
                    Msg::FieldObjection,
                    numbered(entries(self.catalog.objections.iter(), lang)),
                    0,
                ),
                Field::choice(Msg::FieldKeep, keep, 0),
                Field::text(Msg::FieldNote, true),
            ],
        );
        form = form.about(self.card_subject(card));
        form.choose(Msg::FieldResult, result);
        refresh_outcome_form(&mut form);
        self.form = Some(form);
    }

    /// `t` in a line pane.
    pub(super) fn open_refer_form(&mut self, card: &Card) {
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
                refresh_outcome_form(form);
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
        let required = i18n::invalid(lang, validate::Invalid::Required);
        if self.catalog.need(&need).is_none() {
            errors.push((Msg::FieldNeed, required.clone()));
        }
        if consent.is_empty() {
            errors.push((Msg::FieldConsent, required));
        }
        let mut check = |m: Msg, r: Result<Option<String>, validate::Invalid>| {
            r.map_err(|e| errors.push((m, i18n::invalid(lang, e))))
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let note = check(
            Msg::FieldNote,
            validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, true),
        );
        let name = check(Msg::FieldName, validate::name(&get(Msg::FieldName), true));
        let mobile = check(
            Msg::FieldMobile,
            validate::mobile(&get(Msg::FieldMobile), true),
        );
        if !errors.is_empty() {
            return self.refuse_form(form, errors);
        }
        let now = self.clock.now();
        let me = self.me.code.clone();
        let result = self.store.write(|db| -> Result<Card, CardFailure> {
            let (client, created) = db.find_or_add_client(Some(&name), Some(&mobile), now)?;
            if created {
                db.add_event(
                    now,
                    &me,
                    crate::domain::event::EventKind::ClientAdd,
                    Some(client),
                    json!({}),
                )?;
            }
            db.complete_client(client, &name, &mobile)?;
            db.set_ticket_client(ticket, client)?;
            db.record_consent(client, consent == "yes", &me, now, Some(("ticket", ticket)))?;
            card::check_duplicate(&db.client_cards_on_line(client, &line)?)?;
            let c = db.insert_card(&Card::new(
                Some(ticket),
                client,
                &me,
                &line,
                &need,
                &note,
                consent == "yes",
                now,
            ))?;
            db.add_event(
                now,
                &me,
                crate::domain::event::EventKind::CardAdd,
                Some(c.id),
                json!({"ticket": ticket, "line": line, "need": need, "consent": c.consent}),
            )?;
            Ok(c)
        });
        match result {
            Ok(c) => {
                self.form = None;
                self.after_write();
                let line = self.line_label(&c.line);
                self.say(Msg::CardSaved.fill(lang, &[("id", &c.id), ("line", &line)]));
            }
            Err(f) => {
                self.form = Some(form);
                let text = self.card_failure_text(Msg::StepRefer, f);
                self.complain(text);
            }
        }
    }

    /// `a`: accept the selected card. Exactly one of two racing managers wins.
    pub(super) fn accept_card(&mut self, id: i64) {
        let now = self.clock.now();
        let me = self.me.code.clone();
        let result = self.store.write(|db| -> Result<Card, CardFailure> {
            let old = db.card(id)?.ok_or(CardFailure::Changed)?;
            let new = card::accept(&old, &me, now)?;
            if !db.update_card(&old, &new)? {
                return Err(CardFailure::Changed);
            }
            db.add_event(
                now,
                &me,
                crate::domain::event::EventKind::CardAccept,
                Some(id),
                json!({"receiver": me}),
            )?;
            Ok(new)
        });
        self.after_write();
        match result {
            Ok(c) => self.say(Msg::CardAccepted.fill(self.lang, &[("id", &c.id)])),
            Err(f) => {
                let text = self.card_failure_text(Msg::StepAccept, f);
                self.complain(text);
            }
        }
    }

    pub(super) fn submit_outcome(&mut self, form: Form, id: i64, on_behalf: bool) {
        let lang = self.lang;
        let get = |m| form.field(m).get().to_string();
        let result_code = get(Msg::FieldResult);
        let mut errors: Vec<(Msg, String)> = Vec::new();
        let outcome = match result_code.as_str() {
            "contracted" => match validate::amount(&get(Msg::FieldAmount)) {
                Ok(amount_cents) => Outcome::Contracted {
                    product: get(Msg::FieldProduct),
                    amount_cents,
                },
                Err(e) => {
                    errors.push((Msg::FieldAmount, i18n::invalid(lang, e)));
                    Outcome::NotNow
                }
            },
            "intent" => Outcome::Intent,
            "declined" => Outcome::Declined {
                objection: get(Msg::FieldObjection),
            },
            "left" => Outcome::ClientLeft,
            _ => Outcome::NotNow,
        };
        let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, false)
            .map_err(|e| errors.push((Msg::FieldNote, i18n::invalid(lang, e))))
            .ok()
            .flatten();
        if !errors.is_empty() {
            return self.refuse_form(form, errors);
        }
        let keep = outcome.makes_prospect()
            || (matches!(outcome, Outcome::Declined { .. }) && get(Msg::FieldKeep) == "yes");
        let now = self.clock.now();
        let due = first_due(&self.catalog, self.clock.today());
        let me = self.me.code.clone();
        let result = self.store.write(|db| -> Result<Card, CardFailure> {
            let old = db.card(id)?.ok_or(CardFailure::Changed)?;
            let new = if on_behalf {
                card::settle(&old, &outcome, note.clone(), now)?
            } else {
                card::record(&old, &me, &outcome, note.clone(), now)?
            };
            if !db.update_card(&old, &new)? {
                return Err(CardFailure::Changed);
            }
            db.add_event(
                now,
                &me,
                crate::domain::event::EventKind::CardOutcome,
                Some(id),
                json!({"status": new.status.as_str(), "product": new.product,
                       "amount_cents": new.amount_cents, "objection": new.objection}),
            )?;
            if keep {
                let owner = new.receiver.clone().unwrap_or(me.clone());
                keep_as_prospect(db, &new, &owner, due, &me, now)?;
            }
            Ok(new)
        });
        self.after_write();
        match result {
            Ok(c) => {
                self.form = None;
                let mut text = Msg::OutcomeSaved.fill(
                    lang,
                    &[("id", &c.id), ("s", &i18n::card_status(c.status).get(lang))],
                );
                if keep {
                    text.push_str(Msg::ProspectAdded.get(lang));
                }
                self.say(text);
            }
            Err(f) => {
                self.form = Some(form);
                let text = self.card_failure_text(Msg::StepOutcome, f);
                self.complain(text);
            }
        }
    }

    pub(super) fn submit_refer(&mut self, form: Form, id: i64) {
        let lang = self.lang;
        let get = |m| form.field(m).get().to_string();
        let (need, line) = (get(Msg::FieldNeed), get(Msg::FieldLine));
        let mut errors = Vec::new();
        if self.catalog.need(&need).is_none() {
            errors.push((
                Msg::FieldNeed,
                i18n::invalid(lang, validate::Invalid::Required),
            ));
        }
        let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, true)
            .map_err(|e| errors.push((Msg::FieldNote, i18n::invalid(lang, e))))
            .ok()
            .flatten()
            .unwrap_or_default();
        if !errors.is_empty() {
            return self.refuse_form(form, errors);
        }
        let now = self.clock.now();
        let me = self.me.code.clone();
        let result = self.store.write(|db| -> Result<(Card, Card), CardFailure> {
            let old = db.card(id)?.ok_or(CardFailure::Changed)?;
            let (closed, child) = card::refer_on(&old, &me, &line, &need, &note, now)?;
            card::check_duplicate(&db.client_cards_on_line(child.client_id, &line)?)?;
            if !db.update_card(&old, &closed)? {
                return Err(CardFailure::Changed);
            }
            let child = db.insert_card(&child)?;
            db.add_event(
                now,
                &me,
                crate::domain::event::EventKind::CardRefer,
                Some(id),
                json!({"child": child.id, "line": line}),
            )?;
            db.add_event(
                now,
                &me,
                crate::domain::event::EventKind::CardAdd,
                Some(child.id),
                json!({"parent": id, "line": line, "need": need, "consent": child.consent}),
            )?;
            Ok((closed, child))
        });
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
            Err(f) => {
                self.form = Some(form);
                let text = self.card_failure_text(Msg::StepRefer, f);
                self.complain(text);
            }
        }
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

    fn card_failure_text(&self, step: Msg, f: CardFailure) -> String {
        let lang = self.lang;
        match f {
            CardFailure::Refused(r) => match r {
                CardRefusal::AlreadyAccepted { by } => {
                    Msg::RefAlreadyAccepted.fill(lang, &[("by", &self.staff_name(&by))])
                }
                CardRefusal::NotAccepted => Msg::RefNotAccepted.get(lang).to_string(),
                CardRefusal::NotReceiver { receiver } => {
                    Msg::RefNotReceiver.fill(lang, &[("r", &self.staff_name(&receiver))])
                }
                CardRefusal::SameLine => Msg::RefSameLine.get(lang).to_string(),
                CardRefusal::TooManyStaff => Msg::RefTooMany.get(lang).to_string(),
                CardRefusal::Duplicate { card, owner, .. } => {
                    let line = self
                        .store
                        .db()
                        .card(card)
                        .ok()
                        .flatten()
                        .map(|c| self.line_label(&c.line))
                        .unwrap_or_default();
                    Msg::RefDuplicate.fill(
                        lang,
                        &[
                            ("line", &line),
                            ("id", &card),
                            ("owner", &self.staff_name(&owner)),
                        ],
                    )
                }
                CardRefusal::Impossible { status, .. } => Msg::RefCardStep.fill(
                    lang,
                    &[
                        ("step", &step.get(lang)),
                        ("s", &i18n::card_status(status).get(lang)),
                    ],
                ),
            },
            CardFailure::Changed => Msg::CardChanged.get(lang).to_string(),
            CardFailure::Store(e) => e.message(lang),
        }
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
