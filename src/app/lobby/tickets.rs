//! What the lobby's keys do to tickets: the walk-in form, call (and the
//! lobby manager's call form), the life-cycle steps and divert, each written
//! through the queue's operations as the signed-in person.

use super::{LobbyState, Target};
use crate::app::form::{numbered, unanswered, Choice, Field, Form, Purpose};
use crate::app::{Action, Cx};
use crate::domain::authority::{self, Act, Denial};
use crate::domain::client::ClientRefusal;
use crate::domain::ticket::{Status, Step, Ticket};
use crate::i18n::Msg;
use crate::ops::{self, OpError};

impl LobbyState {
    pub(super) fn ticket_action(&mut self, cx: &mut Cx, action: &Action) {
        match action {
            Action::NewWalkin => open_walkin(cx),
            Action::Call => self.call(cx),
            Action::Start => self.step_selected(cx, Step::Start),
            Action::Finish => self.step_selected(cx, Step::Finish),
            Action::NoShow => self.step_selected(cx, Step::NoShow),
            Action::Reinstate => self.reinstate(cx),
            Action::HoldResume => self.hold_or_resume(cx),
            Action::Divert => self.open_divert(cx),
            Action::PauseCounter => self.pause_or_reopen(cx),
            Action::Transfer => self.open_transfer(cx),
            Action::Referral => {
                let Some(t) = self.selected_ticket().cloned() else {
                    return nothing_selected(cx, Act::FlagCard);
                };
                if cx.permitted(Act::FlagCard, authority::Target::Ticket(&t)) {
                    self.open_card_form(cx)
                }
            }
            _ => {}
        }
    }

    /// `c`: a teller calls the next ticket their counter takes (a line's
    /// manager, of their line's services to their desk), or recalls the one
    /// called there; the lobby manager picks a counter (and ticket) in a form.
    fn call(&mut self, cx: &mut Cx) {
        if !cx.permitted(Act::Call, self.call_target()) {
            return;
        }
        let own = self.own_counter(cx);
        let selected = self.selected_ticket().cloned();
        if let Some(t) = selected.as_ref().filter(|t| t.status == Status::Called) {
            if own.is_none() || own == t.counter {
                let step = Step::Call {
                    counter: t.counter.unwrap_or(0),
                    teller: t.teller.clone(),
                };
                return self.run(cx, Target::Ticket(t.id), step);
            }
        }
        if let Some(counter) = own {
            let mine = self.counter(counter).and_then(|c| c.ticket.clone());
            let target = match mine {
                Some(t) if t.status == Status::Called => Target::Ticket(t.id),
                _ => Target::Next,
            };
            let teller = Some(cx.me.code.clone());
            return self.run(cx, target, Step::Call { counter, teller });
        }
        let lang = cx.lang;
        // The counter is the lobby manager's choice: nothing pre-selected.
        let counters = unanswered(self.counter_choices(cx));
        let mut tickets = vec![("next".to_string(), Msg::NextInLine.get(lang).to_string())];
        let waiting_selected = selected.filter(|t| t.status == Status::Waiting);
        if let Some(t) = &waiting_selected {
            tickets.push((t.id.to_string(), t.number.clone()));
        }
        let chosen = tickets.len() - 1;
        cx.form = Some(Form::new(
            Purpose::Call,
            Msg::FormCall,
            vec![
                Field::choice(Msg::FieldCounter, counters, 0),
                Field::choice(Msg::FieldTicket, numbered(tickets.into_iter()), chosen),
            ],
        ));
    }

    fn step_selected(&mut self, cx: &mut Cx, step: Step) {
        match self.selected_ticket() {
            Some(t) => {
                let id = t.id;
                self.run(cx, Target::Ticket(id), step)
            }
            None => nothing_selected(cx, ops::tickets::act(&step)),
        }
    }

    /// `b`: a no-show who came back goes back in line, at their place.
    fn reinstate(&mut self, cx: &mut Cx) {
        let Some(id) = self.selected_ticket().map(|t| t.id) else {
            return nothing_selected(cx, Act::Reinstate);
        };
        let result = cx.act(|db, op| ops::tickets::reinstate(db, op, id));
        cx.after_write();
        match result {
            Ok(t) => {
                self.select_after_write(t.id);
                cx.say(Msg::Reinstated.fill(cx.lang, &[("n", &t.number)]));
            }
            Err(e) => cx.complain(e.message(&cx.names())),
        }
    }

    fn hold_or_resume(&mut self, cx: &mut Cx) {
        let Some(t) = self.selected_ticket().cloned() else {
            return nothing_selected(cx, Act::Hold);
        };
        let step = if t.status == Status::OnHold {
            Step::Resume {
                counter: self.own_counter(cx).or(t.counter).unwrap_or(1),
                teller: self.own_counter(cx).map(|_| cx.me.code.clone()),
            }
        } else {
            Step::Hold
        };
        self.run(cx, Target::Ticket(t.id), step);
    }

    fn open_divert(&mut self, cx: &mut Cx) {
        let Some(t) = self.selected_ticket().cloned() else {
            return nothing_selected(cx, Act::Divert);
        };
        if !cx.permitted(Act::Divert, authority::Target::Ticket(&t)) {
            return;
        }
        let lang = cx.lang;
        let targets = numbered(
            cx.catalog
                .divert_targets
                .iter()
                .map(|d| (d.code.clone(), d.label.get(lang).to_string())),
        );
        cx.form = Some(
            Form::new(
                Purpose::Divert { ticket: t.id },
                Msg::FormDivert,
                vec![Field::choice(Msg::FieldTarget, targets, 0)],
            )
            .about(t.number.clone()),
        );
    }

    /// Save the walk-in, call or divert form.
    pub(super) fn submit_ticket_form(&mut self, cx: &mut Cx, form: Form) {
        match form.purpose {
            Purpose::Walkin => self.submit_walkin(cx, form),
            Purpose::Call => {
                let Ok(counter) = form.field(Msg::FieldCounter).get().parse::<u32>() else {
                    let why = cx.t(Msg::ChooseCounter).to_string();
                    return cx.refuse_form(form, vec![(Msg::FieldCounter, why)]);
                };
                cx.form = None;
                let target = match form.field(Msg::FieldTicket).get().parse() {
                    Ok(id) => Target::Ticket(id),
                    Err(_) => Target::Next,
                };
                let teller = cx
                    .roster
                    .iter()
                    .find(|s| s.active && s.counter == Some(counter))
                    .map(|s| s.code.clone());
                self.run(cx, target, Step::Call { counter, teller });
            }
            Purpose::Divert { ticket } => {
                cx.form = None;
                let target = form.field(Msg::FieldTarget).get().to_string();
                self.run(cx, Target::Ticket(ticket), Step::Divert { target });
            }
            _ => {}
        }
    }

    fn submit_walkin(&mut self, cx: &mut Cx, form: Form) {
        let get = |m| form.field(m).get().to_string();
        let checked = ops::tickets::check_walkin(
            &cx.catalog,
            cx.lang,
            &get(Msg::FieldService),
            &get(Msg::FieldPriority),
            &get(Msg::FieldName),
            &get(Msg::FieldMobile),
        );
        let walkin = match checked {
            Ok(w) => w,
            Err(errors) => return cx.refuse_form(form, errors),
        };
        match cx.act(|db, op| ops::tickets::register_walkin(db, op, &walkin)) {
            Ok(t) => {
                cx.form = None;
                cx.after_write();
                self.select_after_write(t.id);
                cx.say(Msg::Registered.fill(cx.lang, &[("n", &t.number)]));
            }
            Err(OpError::Invalid(field, why)) => cx.refuse_form(form, vec![(field, why)]),
            // The mobile is another client's: beside it, why; the focus on
            // the name, which may be the one mistyped.
            Err(e @ OpError::Client(ClientRefusal::MobileTaken { .. })) => {
                let why = e.message(&cx.names());
                cx.refuse_form(form, vec![(Msg::FieldMobile, why)]);
                if let Some(f) = cx.form.as_mut() {
                    f.focus_on(Msg::FieldName);
                }
            }
            Err(e) => cx.form_failed(form, e),
        }
    }

    /// Apply a life-cycle step as the signed-in person (through the queue's
    /// operations, in one transaction with its event), then report.
    pub(in crate::app) fn run(&mut self, cx: &mut Cx, target: Target, step: Step) {
        let result = cx.act(|db, op| ops::tickets::step(db, op, target, &step));
        cx.after_write();
        match result {
            Ok((old, new)) => {
                self.select_after_write(new.id);
                let text = step_done_text(cx, &step, &old, &new);
                cx.say(text);
            }
            Err(e) => cx.complain(e.message(&cx.names())),
        }
    }
}

/// `n`: the walk-in form, for those who register walk-ins.
fn open_walkin(cx: &mut Cx) {
    if cx.permitted(Act::RegisterWalkin, authority::Target::Branch) {
        cx.form = Some(walkin_form(cx));
    }
}

fn walkin_form(cx: &Cx) -> Form {
    let lang = cx.lang;
    let services = cx
        .catalog
        .services
        .iter()
        .map(|s| Choice {
            key: s.letter.clone(),
            code: s.letter.clone(),
            label: format!("{} {}", s.letter, s.label.get(lang)),
        })
        .collect();
    let priorities = cx
        .catalog
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| Choice {
            key: (i + 1).to_string(),
            code: p.code.clone(),
            label: format!("{} {}", i + 1, p.label.get(lang)),
        })
        .collect();
    Form::new(
        Purpose::Walkin,
        Msg::FormWalkin,
        vec![
            Field::choice(Msg::FieldService, services, 0),
            Field::choice(Msg::FieldPriority, priorities, 0),
            Field::text(Msg::FieldName, true),
            Field::text(Msg::FieldMobile, true),
        ],
    )
}

/// A key for a ticket with none selected: someone who may never do it
/// hears why; anyone else, to select a ticket first.
pub(super) fn nothing_selected(cx: &mut Cx, act: Act) {
    let never = match act {
        Act::Divert if !cx.person.runs_queue() => Some(Denial::NotQueue),
        _ if !cx.person.serves() => Some(Denial::NotServing),
        _ => None,
    };
    let text = match never {
        Some(d) => d.message(&cx.names()),
        None => cx.t(Msg::NothingSelected).to_string(),
    };
    cx.complain(text);
}

fn step_done_text(cx: &Cx, step: &Step, old: &Ticket, new: &Ticket) -> String {
    let lang = cx.lang;
    let n = &new.number;
    match step {
        Step::Call { .. } if old.status == Status::Called => {
            Msg::Recalled.fill(lang, &[("n", n), ("k", &new.calls)])
        }
        Step::Call { counter, .. } => Msg::CalledTo.fill(lang, &[("n", n), ("c", counter)]),
        Step::Start => Msg::Started.fill(lang, &[("n", n)]),
        Step::Finish => Msg::Finished.fill(lang, &[("n", n)]),
        Step::Hold => Msg::Held.fill(lang, &[("n", n)]),
        Step::Resume { .. } => Msg::Resumed.fill(lang, &[("n", n)]),
        Step::NoShow => Msg::NoShowDone.fill(lang, &[("n", n)]),
        Step::Divert { target } => {
            let t = cx
                .catalog
                .divert_target(target)
                .map_or(target.as_str(), |d| d.label.get(lang));
            Msg::DivertedTo.fill(lang, &[("n", n), ("t", &t)])
        }
    }
}
