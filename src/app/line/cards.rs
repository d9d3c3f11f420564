//! What a line pane's keys do to the selected card: accept (`a`), the
//! receiver's outcome (`o`) and refer on (`t`), each written through
//! `ops::cards` as the signed-in person. The closing sweep opens the outcome
//! form here too.

use crate::app::form::{entries, keyed, line_follows_need, numbered, unanswered, Field, Form};
use crate::app::{form::Purpose, Cx};
use crate::config::{Catalog, Entry};
use crate::domain::authority::{Act, Target};
use crate::domain::card::{Card, Outcome};
use crate::domain::validate::{self, Invalid};
use crate::i18n::{self, Msg};
use crate::ops::cards as op;

/// The outcome codes of the outcome form.
const RESULTS: &[(&str, &str, Msg)] = &[
    ("1", "contracted", Msg::OutContracted),
    ("2", "intent", Msg::OutIntent),
    ("3", "declined", Msg::OutDeclined),
    ("4", "not_now", Msg::OutNotNow),
    ("5", "left", Msg::OutLeft),
];

/// `a`: accept the selected card. Exactly one of two racing managers wins.
pub(super) fn accept_card(cx: &mut Cx, card: &Card) {
    if !cx.permitted(Act::AcceptCard, super::offer(cx, card)) {
        return;
    }
    let result = cx.act(|db, o| op::accept_card(db, o, card.id));
    cx.after_write();
    match result {
        Ok(c) => cx.say(Msg::CardAccepted.fill(cx.lang, &[("id", &c.id)])),
        Err(e) => cx.complain(e.message(&cx.names())),
    }
}

/// `o`: the receiver's outcome form; `result` chosen beforehand only when
/// the person asked for it by its own key (the sweep's won/lost),
/// otherwise left to answer.
pub(in crate::app) fn open_outcome_form(cx: &mut Cx, card: &Card, result: Option<&str>) {
    if !cx.permitted(Act::RecordOutcome, Target::Card(card)) {
        return;
    }
    let lang = cx.lang;
    let products = numbered(entries(outcome_products(&cx.catalog, card), lang));
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
                unanswered(numbered(entries(cx.catalog.objections.iter(), lang))),
                0,
            ),
            // Whether a client who declined stays on the follow-up list is
            // the person's answer, never a default.
            Field::choice(Msg::FieldKeep, unanswered(keep), 0),
            Field::text(Msg::FieldNote, true),
        ],
    );
    form = form.about(card_subject(cx, card));
    if let Some(r) = result {
        form.choose(Msg::FieldResult, r);
    }
    refresh_outcome_form(&mut form);
    cx.form = Some(form);
}

/// `t`: the receiver passes the card on to another line.
pub(super) fn open_refer_form(cx: &mut Cx, card: &Card) {
    if !cx.permitted(Act::ReferOn, Target::Card(card)) {
        return;
    }
    let lang = cx.lang;
    let others: Vec<&Entry> = cx
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
                    cx.catalog
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
    cx.form = Some(form.about(card_subject(cx, card)));
}

/// Keep the refer-on and outcome forms' dependent fields in step after an edit.
pub(in crate::app) fn keep_in_step(cx: &Cx, form: &mut Form) {
    match form.purpose {
        Purpose::ReferOn { .. } => line_follows_need(form, &cx.catalog),
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

/// Save the outcome form: checked field by field, then recorded.
pub(in crate::app) fn submit_outcome(cx: &mut Cx, form: Form, id: i64) {
    let lang = cx.lang;
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
        "declined" if get(Msg::FieldKeep).is_empty() => {
            errors.push((Msg::FieldKeep, i18n::invalid(lang, Invalid::Required)));
            None
        }
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
        return cx.refuse_form(form, errors);
    };
    let keep = get(Msg::FieldKeep) == "yes";
    let result = cx.act(|db, o| op::record_outcome(db, o, id, &outcome, note, keep));
    cx.after_write();
    match result {
        Ok(r) => {
            cx.form = None;
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
            if r.won.is_some() {
                text.push_str(Msg::OutcomeSettledWon.get(lang));
            }
            cx.say(text);
        }
        Err(e) => cx.form_failed(form, e),
    }
}

/// Save the refer-on form: the card passes to the chosen line.
pub(super) fn submit_refer(cx: &mut Cx, form: Form, id: i64) {
    let lang = cx.lang;
    let get = |m| form.field(m).get().to_string();
    let (need, line) = (get(Msg::FieldNeed), get(Msg::FieldLine));
    let mut errors = Vec::new();
    if cx.catalog.need(&need).is_none() {
        errors.push((Msg::FieldNeed, i18n::invalid(lang, Invalid::Required)));
    }
    let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, true)
        .map_err(|e| errors.push((Msg::FieldNote, i18n::invalid(lang, e))))
        .ok()
        .flatten()
        .unwrap_or_default();
    if !errors.is_empty() {
        return cx.refuse_form(form, errors);
    }
    let result = cx.act(|db, o| op::refer_on(db, o, id, &line, &need, &note));
    cx.after_write();
    match result {
        Ok((parent, child)) => {
            cx.form = None;
            let line = cx.line_label(&child.line);
            cx.say(Msg::ReferredOn.fill(
                lang,
                &[("id", &parent.id), ("line", &line), ("child", &child.id)],
            ));
        }
        Err(e) => cx.form_failed(form, e),
    }
}

/// The products the outcome form offers for `card`: those of its need first
/// (the need's own product, of the same code, if the catalog has one; then
/// the rest of the need's line's), then the rest of the card's line's.
fn outcome_products<'a>(catalog: &'a Catalog, card: &Card) -> Vec<&'a Entry> {
    let need_line = catalog.need(&card.need).and_then(|n| n.line.as_deref());
    let mut out: Vec<&Entry> = catalog.product(&card.need).into_iter().collect();
    for line in [need_line, Some(card.line.as_str())].into_iter().flatten() {
        for p in catalog.products.iter() {
            if p.line.as_deref() == Some(line) && !out.iter().any(|o| o.code == p.code) {
                out.push(p);
            }
        }
    }
    out
}

/// "#4 王*明": which card a form is about, the client masked.
fn card_subject(cx: &Cx, card: &Card) -> String {
    let name = cx
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
