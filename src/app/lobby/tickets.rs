//! What the lobby's keys do to tickets: the walk-in form, call (and the
//! lobby manager's call form), the life-cycle steps and divert, each written
//! through the queue's operations as the signed-in person.

use super::Target;
use crate::app::form::{numbered, Choice, Field, Form, Purpose};
use crate::app::{Action, App};
use crate::domain::authority::{self, Act, Denial};
use crate::domain::ticket::{Status, Step, Ticket};
use crate::i18n::Msg;
use crate::ops::{self, OpError};

impl App {
    pub(in crate::app) fn lobby_action(&mut self, action: Action) {
        match action {
            Action::Up | Action::Down | Action::Top | Action::Bottom => self.lobby.move_by(&action),
            Action::NewWalkin => self.open_walkin(),
            Action::Call => self.call(),
            Action::Start => self.step_selected(Step::Start),
            Action::Finish => self.step_selected(Step::Finish),
            Action::NoShow => self.step_selected(Step::NoShow),
            Action::HoldResume => self.hold_or_resume(),
            Action::Divert => self.open_divert(),
            Action::Referral => {
                let Some(t) = self.lobby.selected_ticket().cloned() else {
                    return self.nothing_selected(Act::FlagCard);
                };
                if self.permitted(Act::FlagCard, authority::Target::Ticket(&t)) {
                    self.open_card_form()
                }
            }
            _ => {}
        }
    }

    /// `n`: the walk-in form, for those who register walk-ins.
    fn open_walkin(&mut self) {
        if self.permitted(Act::RegisterWalkin, authority::Target::Branch) {
            self.form = Some(self.walkin_form());
        }
    }

    fn walkin_form(&self) -> Form {
        let lang = self.lang;
        let services = self
            .catalog
            .services
            .iter()
            .map(|s| Choice {
                key: s.letter.clone(),
                code: s.letter.clone(),
                label: format!("{} {}", s.letter, s.label.get(lang)),
            })
            .collect();
        let priorities = self
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

    /// `c`: a teller calls the next ticket to their counter, or recalls the one
    /// called there; the lobby manager picks a counter (and ticket) in a form.
    fn call(&mut self) {
        if !self.permitted(Act::Call, authority::Target::Branch) {
            return;
        }
        let selected = self.lobby.selected_ticket().cloned();
        if let Some(t) = selected.as_ref().filter(|t| t.status == Status::Called) {
            if self.me.counter.is_none() || self.me.counter == t.counter {
                let step = Step::Call {
                    counter: t.counter.unwrap_or(0),
                    teller: t.teller.clone(),
                };
                return self.run(Target::Ticket(t.id), step);
            }
        }
        if let Some(counter) = self.me.counter {
            let mine = self
                .lobby
                .counters
                .iter()
                .find(|c| c.number == counter)
                .and_then(|c| c.ticket.clone());
            let target = match mine {
                Some(t) if t.status == Status::Called => Target::Ticket(t.id),
                _ => Target::Next,
            };
            let teller = Some(self.me.code.clone());
            return self.run(target, Step::Call { counter, teller });
        }
        let lang = self.lang;
        let counters = numbered(self.lobby.counters.iter().map(|c| {
            let state = c
                .ticket
                .as_ref()
                .map_or(Msg::Idle.get(lang).to_string(), |t| t.number.clone());
            (
                c.number.to_string(),
                Msg::CounterN.fill(lang, &[("n", &c.number)]) + " " + &state,
            )
        }));
        let first_free = self
            .lobby
            .counters
            .iter()
            .position(|c| c.ticket.is_none())
            .unwrap_or(0);
        let mut tickets = vec![("next".to_string(), Msg::NextInLine.get(lang).to_string())];
        let waiting_selected = selected.filter(|t| t.status == Status::Waiting);
        if let Some(t) = &waiting_selected {
            tickets.push((t.id.to_string(), t.number.clone()));
        }
        let chosen = tickets.len() - 1;
        self.form = Some(Form::new(
            Purpose::Call,
            Msg::FormCall,
            vec![
                Field::choice(Msg::FieldCounter, counters, first_free),
                Field::choice(Msg::FieldTicket, numbered(tickets.into_iter()), chosen),
            ],
        ));
    }

    fn step_selected(&mut self, step: Step) {
        match self.lobby.selected_ticket() {
            Some(t) => {
                let id = t.id;
                self.run(Target::Ticket(id), step)
            }
            None => self.nothing_selected(ops::tickets::act(&step)),
        }
    }

    /// A key for a ticket with none selected: someone who may never do it
    /// hears why; anyone else, to select a ticket first.
    fn nothing_selected(&mut self, act: Act) {
        let never = match act {
            Act::Divert if !self.person.runs_queue() => Some(Denial::NotQueue),
            _ if !self.person.serves() => Some(Denial::NotServing),
            _ => None,
        };
        let text = match never {
            Some(d) => d.message(&self.names()),
            None => self.t(Msg::NothingSelected).to_string(),
        };
        self.complain(text);
    }

    fn hold_or_resume(&mut self) {
        let Some(t) = self.lobby.selected_ticket().cloned() else {
            return self.nothing_selected(Act::Hold);
        };
        let step = if t.status == Status::OnHold {
            Step::Resume {
                counter: self.me.counter.or(t.counter).unwrap_or(1),
                teller: self.me.counter.map(|_| self.me.code.clone()),
            }
        } else {
            Step::Hold
        };
        self.run(Target::Ticket(t.id), step);
    }

    fn open_divert(&mut self) {
        let Some(t) = self.lobby.selected_ticket().cloned() else {
            return self.nothing_selected(Act::Divert);
        };
        if !self.permitted(Act::Divert, authority::Target::Ticket(&t)) {
            return;
        }
        let id = t.id;
        let lang = self.lang;
        let targets = numbered(
            self.catalog
                .divert_targets
                .iter()
                .map(|d| (d.code.clone(), d.label.get(lang).to_string())),
        );
        self.form = Some(Form::new(
            Purpose::Divert { ticket: id },
            Msg::FormDivert,
            vec![Field::choice(Msg::FieldTarget, targets, 0)],
        ));
    }

    pub(in crate::app) fn submit_lobby_form(&mut self, form: Form) {
        match form.purpose {
            Purpose::Walkin => self.submit_walkin(form),
            Purpose::Call => {
                self.form = None;
                let counter = form.field(Msg::FieldCounter).get().parse().unwrap_or(1);
                let target = match form.field(Msg::FieldTicket).get().parse() {
                    Ok(id) => Target::Ticket(id),
                    Err(_) => Target::Next,
                };
                let teller = self
                    .roster
                    .iter()
                    .find(|s| s.active && s.counter == Some(counter))
                    .map(|s| s.code.clone());
                self.run(target, Step::Call { counter, teller });
            }
            Purpose::Divert { ticket } => {
                self.form = None;
                let target = form.field(Msg::FieldTarget).get().to_string();
                self.run(Target::Ticket(ticket), Step::Divert { target });
            }
            _ => {}
        }
    }

    fn submit_walkin(&mut self, form: Form) {
        let get = |m| form.field(m).get().to_string();
        let checked = ops::tickets::check_walkin(
            &self.catalog,
            self.lang,
            &get(Msg::FieldService),
            &get(Msg::FieldPriority),
            &get(Msg::FieldName),
            &get(Msg::FieldMobile),
        );
        let walkin = match checked {
            Ok(w) => w,
            Err(errors) => return self.refuse_form(form, errors),
        };
        match self.act(|db, op| ops::tickets::register_walkin(db, op, &walkin)) {
            Ok(t) => {
                self.form = None;
                self.after_write();
                self.lobby.select_id(t.id);
                self.say(Msg::Registered.fill(self.lang, &[("n", &t.number)]));
            }
            Err(OpError::Invalid(field, why)) => self.refuse_form(form, vec![(field, why)]),
            Err(e) => self.complain(e.message(&self.names())),
        }
    }

    /// Apply a life-cycle step as the signed-in person (through the queue's
    /// operations, in one transaction with its event), then report.
    pub fn run(&mut self, target: Target, step: Step) {
        let result = self.act(|db, op| ops::tickets::step(db, op, target, &step));
        self.after_write();
        match result {
            Ok((old, new)) => {
                self.lobby.select_id(new.id);
                let text = self.step_done_text(&step, &old, &new);
                self.say(text);
            }
            Err(e) => self.complain(e.message(&self.names())),
        }
    }

    fn step_done_text(&self, step: &Step, old: &Ticket, new: &Ticket) -> String {
        let lang = self.lang;
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
                let t = self
                    .catalog
                    .divert_target(target)
                    .map_or(target.as_str(), |d| d.label.get(lang));
                Msg::DivertedTo.fill(lang, &[("n", n), ("t", &t)])
            }
        }
    }
}
