//! The Clients tab's dormant view (休眠客户, `D`): clients silent longer than
//! their tier allows, biggest tiers first; `f` puts the selected one on their
//! dedicated manager's follow-ups, or asks for an owner when they have none.

use super::form::{numbered, unanswered, Field, Form, Purpose};
use super::Cx;
use crate::domain::authority::{Act, Target};
use crate::domain::validate;
use crate::i18n::{self, Msg};
use crate::store::clients::Found;
use crate::store::StoreError;

/// How many dormant clients the view lists (the longest silent of the
/// biggest tiers; the rest come up as these are followed up).
const LIMIT: usize = 500;

/// The dormant clients as the Clients tab lists them: `visits` holds the
/// days silent and `last_visit` the last time seen; and each one's
/// dedicated manager.
pub(super) fn load(cx: &Cx) -> Result<(Vec<Found>, Vec<Option<String>>), StoreError> {
    let now = cx.clock.now();
    let rows = crate::ops::dormancy::list(&cx.store.db(), &cx.catalog, now, LIMIT)?;
    Ok(rows
        .into_iter()
        .map(|d| {
            let days = crate::domain::campaign::silent_days(d.last_seen, now);
            let found = Found {
                client: d.client,
                visits: days,
                last_visit: Some(d.last_seen),
            };
            (found, d.manager)
        })
        .unzip())
}

/// `f`: the client to their dedicated manager at once; without one, the
/// owner form (each active line manager, nothing chosen).
pub(super) fn follow(cx: &mut Cx, f: &Found, manager: Option<String>) {
    if !cx.permitted(Act::FollowDormant, Target::Branch) {
        return;
    }
    match manager {
        Some(m) => save(cx, f.client.id, &m),
        None => {
            let choices = super::clients::line_managers(cx);
            let field = Field::choice(Msg::FieldOwner, unanswered(numbered(choices)), 0);
            let name = crate::domain::privacy::mask_name(f.client.name.as_deref().unwrap_or(""));
            cx.form = Some(
                Form::new(
                    Purpose::FollowDormant {
                        client: f.client.id,
                    },
                    Msg::FormFollowDormant,
                    vec![field],
                )
                .about(format!("{name} · {}", cx.t(Msg::DormantNoOwner))),
            );
        }
    }
}

/// The owner form saved.
pub(super) fn submit(cx: &mut Cx, form: Form, client: i64) {
    let owner = form.field(Msg::FieldOwner).get().to_string();
    if owner.is_empty() {
        let required = i18n::invalid(cx.lang, validate::Invalid::Required);
        return cx.refuse_form(form, vec![(Msg::FieldOwner, required)]);
    }
    let result = cx.act(|db, op| crate::ops::dormancy::follow_up(db, op, client, &owner));
    cx.after_write();
    match result {
        Ok(_) => {
            cx.form = None;
            said(cx, client, &owner);
        }
        Err(e) => cx.form_failed(form, e),
    }
}

fn save(cx: &mut Cx, client: i64, owner: &str) {
    let result = cx.act(|db, op| crate::ops::dormancy::follow_up(db, op, client, owner));
    cx.after_write();
    match result {
        Ok(_) => said(cx, client, owner),
        Err(e) => {
            let text = e.message(&cx.names());
            cx.complain(text);
        }
    }
}

fn said(cx: &mut Cx, client: i64, owner: &str) {
    let m = cx.staff_name(owner);
    let text = Msg::DormantFollowed.fill(cx.lang, &[("id", &client), ("m", &m)]);
    cx.say(text);
}
