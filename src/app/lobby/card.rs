//! The referral card the lobby flags for a ticket (`r`): its form, filled
//! with the client's details as far as this person may see them, and its
//! save through `ops::cards`.

use super::LobbyState;
use crate::app::form::{entries, keyed, numbered, unanswered, Field, Form, Purpose};
use crate::app::{Component, Cx};
use crate::domain::authority::{Act, Target};
use crate::domain::validate::{self, Invalid};
use crate::i18n::{self, Msg};
use crate::ops::cards::{self as op, NewCard};
use crate::ops::disclose::{self, Prefill};

impl LobbyState {
    /// `r`: the referral card for the selected ticket.
    pub(super) fn open_card_form(&self, cx: &mut Cx) {
        let Some(t) = self.selected_ticket().cloned() else {
            return cx.complain(cx.t(Msg::NothingSelected).to_string());
        };
        if !cx.permitted(Act::FlagCard, Target::Ticket(&t)) {
            return;
        }
        let prefill = match self.selected(cx).and_then(|s| Some((s.client?, s.via()))) {
            Some((client, via)) => match cx.act(|db, op| disclose::prefill(db, op, client, &via)) {
                Ok(p) => p,
                Err(e) => return cx.complain(e.message(&cx.names())),
            },
            _ => Prefill::default(),
        };
        let lang = cx.lang;
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
                    unanswered(numbered(entries(cx.catalog.needs.iter(), lang))),
                    0,
                ),
                Field::choice(Msg::FieldConsent, unanswered(consent), 0),
                Field::text(Msg::FieldNote, false),
                Field::choice(
                    Msg::FieldLine,
                    numbered(entries(cx.catalog.lines.iter(), lang)),
                    0,
                ),
                Field::text(Msg::FieldName, false).with_text(&prefill.name),
                Field::text(Msg::FieldMobile, false).with_text(&prefill.mobile),
            ],
        );
        form.prefill = Some(prefill);
        cx.form = Some(form);
    }
}

/// Save the referral card: checked field by field, then flagged.
pub(super) fn submit_card(cx: &mut Cx, form: Form, ticket: i64) {
    let lang = cx.lang;
    let get = |m| form.field(m).get().to_string();
    let (need, consent, line) = (
        get(Msg::FieldNeed),
        get(Msg::FieldConsent),
        get(Msg::FieldLine),
    );
    let mut errors: Vec<(Msg, String)> = Vec::new();
    let required = i18n::invalid(lang, Invalid::Required);
    if cx.catalog.need(&need).is_none() {
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
        return cx.refuse_form(form, errors);
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
    let result = cx.act(|db, o| {
        let before = db.last_event_id()?;
        let c = op::flag_card(db, o, &input)?;
        let renamed = crate::ops::clients::renamed_since(db, c.client_id, before)?;
        Ok((c, renamed))
    });
    match result {
        Ok((c, renamed)) => {
            cx.form = None;
            cx.after_write();
            let line = cx.line_label(&c.line);
            let mut text = Msg::CardSaved.fill(lang, &[("id", &c.id), ("line", &line)]);
            if renamed {
                text.push_str(Msg::ClientRenamed.get(lang));
            }
            cx.say(text);
        }
        Err(e) => cx.form_failed(form, e),
    }
}
