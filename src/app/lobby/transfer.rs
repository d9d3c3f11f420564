//! `T`: the selected ticket transferred to another service (a personal
//! client who needs the wealth desk), keeping its number and arrival: a
//! form with the other services, none chosen until the person chooses.

use super::tickets::nothing_selected;
use super::LobbyState;
use crate::app::form::{unanswered, Choice, Field, Form, Purpose};
use crate::app::Cx;
use crate::domain::authority::{self, Act};
use crate::i18n::Msg;
use crate::ops;

impl LobbyState {
    pub(super) fn open_transfer(&mut self, cx: &mut Cx) {
        let Some(t) = self.selected_ticket().cloned() else {
            return nothing_selected(cx, Act::Transfer);
        };
        if !cx.permitted(Act::Transfer, authority::Target::Ticket(&t)) {
            return;
        }
        let lang = cx.lang;
        let services = cx
            .catalog
            .services
            .iter()
            .filter(|s| s.letter != t.service)
            .map(|s| Choice {
                key: s.letter.clone(),
                code: s.letter.clone(),
                label: format!("{} {}", s.letter, s.label.get(lang)),
            })
            .collect();
        cx.form = Some(
            Form::new(
                Purpose::Transfer { ticket: t.id },
                Msg::FormTransfer,
                vec![Field::choice(Msg::FieldToService, unanswered(services), 0)],
            )
            .about(t.number.clone()),
        );
    }

    pub(super) fn submit_transfer(&mut self, cx: &mut Cx, form: Form, ticket: i64) {
        let lang = cx.lang;
        let service = form.field(Msg::FieldToService).get().to_string();
        if service.is_empty() {
            let required = Msg::InvalidRequired.get(lang).to_string();
            return cx.refuse_form(form, vec![(Msg::FieldToService, required)]);
        }
        match cx.act(|db, op| ops::tickets::transfer(db, op, ticket, &service)) {
            Ok(t) => {
                cx.form = None;
                cx.after_write();
                self.select_after_write(t.id);
                let label = cx
                    .catalog
                    .service(&t.service)
                    .map_or(t.service.clone(), |s| s.label.get(lang).to_string());
                cx.say(Msg::Transferred.fill(lang, &[("n", &t.number), ("s", &label)]));
            }
            Err(e) => cx.form_failed(form, e),
        }
    }
}
