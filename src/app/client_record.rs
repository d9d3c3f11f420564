//! The Clients tab's `e`: a client's record (tier, tags, products held, the
//! opening, last large deposit (date and amount) and card activation dates) edited by the head
//! or a line's manager, saved with one event naming the fields changed.

use super::form::{numbered, Field, Form, Purpose};
use super::Cx;
use crate::domain::import;
use crate::i18n::Msg;
use crate::store::client_records::RecordFields;

fn day_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The record form, filled with what is stored (the tier as it stands).
pub fn open_form(cx: &mut Cx, client: i64, name: Option<&str>) {
    let stored = match cx.store.db().client_record(client) {
        Ok(Some(r)) => r,
        Ok(None) => return cx.complain(cx.t(Msg::NothingSelected).to_string()),
        Err(e) => return cx.complain(e.message(cx.lang)),
    };
    let lang = cx.lang;
    let tiers: Vec<(String, String)> = cx
        .catalog
        .tiers
        .iter()
        .map(|t| (t.code.clone(), t.label.get(lang).to_string()))
        .collect();
    let at = tiers
        .iter()
        .position(|(c, _)| *c == stored.tier)
        .unwrap_or(0);
    let products = stored
        .products_held
        .map(|n| n.to_string())
        .unwrap_or_default();
    let fields = vec![
        Field::choice(Msg::ImpFieldTier, numbered(tiers), at),
        Field::text(Msg::ImpFieldTags, true).with_text(&stored.tags),
        Field::text(Msg::ImpFieldProducts, true).with_text(&products),
        Field::text(Msg::ImpFieldOpened, true).with_text(&day_text(stored.opened)),
        Field::text(Msg::ImpFieldDeposit, true).with_text(&day_text(stored.last_large_deposit)),
        Field::text(Msg::ImpFieldDepositAmount, true).with_text(
            &stored
                .large_deposit_amount
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        Field::text(Msg::ImpFieldCard, true).with_text(&day_text(stored.card_activated)),
    ];
    cx.form = Some(
        Form::new(
            Purpose::ClientRecord { client },
            Msg::FormClientRecord,
            fields,
        )
        .about(crate::domain::privacy::mask_name(name.unwrap_or(""))),
    );
}

/// Save the record form through [`crate::ops::clients::edit_record`].
pub fn submit(cx: &mut Cx, form: Form, client: i64) {
    let lang = cx.lang;
    let mut errors = Vec::new();
    let mut day = |m: Msg| {
        let v = form.field(m).get().trim();
        if v.is_empty() {
            return None;
        }
        let d = import::date(v);
        if d.is_none() {
            errors.push((m, Msg::ImpBadDate.fill(lang, &[("f", &m.get(lang))])));
        }
        d
    };
    let opened = day(Msg::ImpFieldOpened);
    let last_large_deposit = day(Msg::ImpFieldDeposit);
    let card_activated = day(Msg::ImpFieldCard);
    let products = form.field(Msg::ImpFieldProducts).get().trim();
    let products_held = match products {
        "" => None,
        p => match p.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push((
                    Msg::ImpFieldProducts,
                    Msg::ImpBadNumber.get(lang).to_string(),
                ));
                None
            }
        },
    };
    let large_deposit_amount = match form.field(Msg::ImpFieldDepositAmount).get().trim() {
        "" => None,
        v => import::yuan(v).or_else(|| {
            errors.push((
                Msg::ImpFieldDepositAmount,
                Msg::ImpBadNumber.get(lang).to_string(),
            ));
            None
        }),
    };
    if !errors.is_empty() {
        return cx.refuse_form(form, errors);
    }
    let fields = RecordFields {
        tier: form.field(Msg::ImpFieldTier).get().to_string(),
        tags: form.field(Msg::ImpFieldTags).get().to_string(),
        products_held,
        opened,
        last_large_deposit,
        card_activated,
        large_deposit_amount,
    };
    let result = cx.act(|db, op| crate::ops::clients::edit_record(db, op, client, &fields));
    cx.after_write();
    match result {
        Ok(changed) if changed.is_empty() => {
            cx.form = None;
            cx.say(Msg::ClientRecordUnchanged.get(lang).to_string());
        }
        Ok(_) => {
            cx.form = None;
            let id = client.to_string();
            cx.say(Msg::ClientRecordSaved.fill(lang, &[("id", &id)]));
        }
        Err(e) => cx.form_failed(form, e),
    }
}
