//! The referral card the lobby flags for a ticket (`r`): its form, filled
//! with the client's details as far as this person may see them, and its
//! save through `ops::cards`.

use super::LobbyState;
use crate::app::form::{entries, keyed, numbered, unanswered, Choice, Field, Form, Purpose, Value};
use crate::app::{Component, Cx};
use crate::domain::authority::{Act, Target};
use crate::domain::validate::{self, Invalid};
use crate::i18n::{self, Msg};
use crate::ops::cards::{self as op, NewCard};
use crate::ops::disclose::{self, Prefill};
use crate::ops::pairs::{self, Because, Routing};

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
                Field::choice(Msg::FieldReceiver, Vec::new(), 0),
            ],
        );
        form.prefill = Some(prefill);
        // A cross-sell prompt on the ticket proposes its need, said as such.
        if let Some(p) = self.prompts_of(&t).next() {
            form.choose(Msg::FieldNeed, &p.need);
            crate::app::form::line_follows_need(&mut form, &cx.catalog);
            let label = super::prompt::trigger_label(&cx.catalog, p, lang);
            let need = crate::config::Catalog::label(&cx.catalog.needs, &p.need, lang);
            form.subject = Some(Msg::CrossSellProposal.fill(lang, &[("t", &label), ("n", &need)]));
        }
        receiver_follows_line(cx, &mut form);
        cx.form = Some(form);
    }
}

/// The code of the "whole line" choice of the receiver field, naming the
/// line its choices are for.
const WHOLE_LINE: &str = "-";
/// The prefix of the default receiver's code: the dedicated manager or the
/// pair, worked out again when the card is saved.
const DEFAULT: &str = "=";

/// The receiver field follows the line chosen: the card's default receiver
/// (the client's dedicated manager, else the teller's pair) first and
/// chosen, the line's other managers, then the whole line. A choice made
/// for the same line is kept.
pub(super) fn receiver_follows_line(cx: &Cx, form: &mut Form) {
    let Purpose::Card { ticket } = form.purpose else {
        return;
    };
    let line = form.field(Msg::FieldLine).get().to_string();
    let whole = format!("{WHOLE_LINE}{line}");
    let field = form.field_mut(Msg::FieldReceiver);
    if let Value::Choice { options, .. } = &field.value {
        if options.iter().any(|o| o.code == whole) {
            return;
        }
    }
    let lang = cx.lang;
    let db = cx.store.db();
    let client = db.ticket(ticket).ok().flatten().and_then(|t| t.client_id);
    let default = pairs::intended(&db, &cx.catalog, client, &cx.me.code, &line)
        .ok()
        .flatten();
    let managers = pairs::line_managers(&db, &cx.catalog, &line).unwrap_or_default();
    let mut choices: Vec<(String, String)> = Vec::new();
    if let Some((code, why)) = &default {
        let m = match why {
            Because::Dedicated => Msg::ReceiverDedicated,
            Because::Pair => Msg::ReceiverPair,
        };
        let name = cx.staff_name(code);
        choices.push((format!("{DEFAULT}{code}"), m.fill(lang, &[("n", &name)])));
    }
    for s in managers
        .iter()
        .filter(|s| default.as_ref().is_none_or(|(d, _)| *d != s.code))
    {
        choices.push((s.code.clone(), s.name.clone()));
    }
    choices.push((whole, Msg::ReceiverLine.get(lang).to_string()));
    // Without a default receiver, the card goes to the whole line.
    let selected = match default {
        Some(_) => 0,
        None => choices.len() - 1,
    };
    let options: Vec<Choice> = numbered(choices);
    form.field_mut(Msg::FieldReceiver).value = Value::Choice { options, selected };
}

/// Whom the receiver field chose.
fn routing(code: &str) -> Routing {
    if let Some(_default) = code.strip_prefix(DEFAULT) {
        Routing::Default
    } else if code.starts_with(WHOLE_LINE) || code.is_empty() {
        Routing::Line
    } else {
        Routing::To(code.to_string())
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
    let to = routing(form.field(Msg::FieldReceiver).get());
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
        let c = op::flag_card_to(db, o, &input, &to)?;
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
