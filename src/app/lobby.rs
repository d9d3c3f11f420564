//! The lobby screen's state and what its keys do: the walk-in queue and the counters.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::form::{numbered, Choice, Field, Form, Purpose};
use super::{Action, App};
use crate::config::Catalog;
use crate::domain::queue::{call_order, priority_streak};
use crate::domain::ticket::{apply, Refusal, Status, Step, Ticket};
use crate::domain::validate;
use crate::i18n::{self, Msg};
use crate::store::staff::Staff;
use crate::store::tickets::{DayFigures, NewTicket};
use crate::store::{Store, StoreError};

/// A row of the queue table: a ticket and, while waiting, its place in line.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub ticket: Ticket,
    pub position: Option<usize>,
}

/// A counter as the counters panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Counter {
    pub number: u32,
    pub teller: Option<String>,
    pub ticket: Option<Ticket>,
}

#[derive(Clone, Debug, Default)]
pub struct LobbyState {
    /// Open tickets: at counters, then on hold, then waiting in call order.
    pub rows: Vec<Row>,
    pub selected: usize,
    pub counters: Vec<Counter>,
    pub figures: DayFigures,
}

impl LobbyState {
    pub fn reload(
        &mut self,
        store: &Store,
        catalog: &Catalog,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let db = store.db();
        let keep = self.selected_ticket().map(|t| t.id);
        let open = db.open_tickets(day)?;
        let cap = catalog.thresholds.priority_streak_cap;
        let streak = priority_streak(&db.recent_calls(day, cap + 1)?);
        let order = call_order(&open, streak, now, catalog.fairness());

        let mut at_counters: Vec<&Ticket> =
            open.iter().filter(|t| t.status.holds_counter()).collect();
        at_counters.sort_by_key(|t| t.counter);
        let held = open.iter().filter(|t| t.status == Status::OnHold);
        let mut rows: Vec<Row> = at_counters
            .iter()
            .copied()
            .chain(held)
            .map(|t| Row {
                ticket: t.clone(),
                position: None,
            })
            .collect();
        rows.extend(order.iter().enumerate().map(|(i, t)| Row {
            ticket: (*t).clone(),
            position: Some(i + 1),
        }));
        self.rows = rows;
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|r| r.ticket.id == id))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));

        let roster = db.roster()?;
        self.counters = (1..=catalog.branch.counters)
            .map(|n| Counter {
                number: n,
                teller: roster
                    .iter()
                    .find(|s| s.active && s.counter == Some(n))
                    .map(|s| s.name.clone()),
                ticket: at_counters
                    .iter()
                    .find(|t| t.counter == Some(n))
                    .map(|t| (*t).clone()),
            })
            .collect();
        self.figures = db.day_figures(day, now)?;
        Ok(())
    }

    pub fn selected_ticket(&self) -> Option<&Ticket> {
        self.rows.get(self.selected).map(|r| &r.ticket)
    }

    fn select_id(&mut self, id: i64) {
        if let Some(i) = self.rows.iter().position(|r| r.ticket.id == id) {
            self.selected = i;
        }
    }

    fn move_by(&mut self, action: &Action) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.selected,
        };
    }
}

/// Which ticket a step is for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    Ticket(i64),
    /// The next in call order.
    Next,
}

/// Why a lobby step did not happen.
#[derive(Debug)]
pub enum Failure {
    Refused(Refusal, String),
    NobodyWaiting,
    ChangedElsewhere,
    Store(StoreError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

/// The validated walk-in: a ticket to add and the client's name and mobile.
pub struct Walkin {
    pub ticket: NewTicket,
    pub name: Option<String>,
    pub mobile: Option<String>,
}

/// Check a walk-in's fields against the catalog and the rules; on failure,
/// each refused field with its message.
pub fn check_walkin(
    catalog: &Catalog,
    lang: i18n::Lang,
    service: &str,
    priority: &str,
    name: &str,
    mobile: &str,
) -> Result<Walkin, Vec<(Msg, String)>> {
    let mut errors = Vec::new();
    let list = |codes: Vec<&str>| codes.join(", ");
    if catalog.service(service).is_none() {
        let l = list(catalog.services.iter().map(|s| s.letter.as_str()).collect());
        errors.push((
            Msg::FieldService,
            Msg::ErrUnknownService.fill(lang, &[("s", &service), ("list", &l)]),
        ));
    }
    let prio = catalog.priority(priority);
    if prio.is_none() {
        let l = list(catalog.priorities.iter().map(|p| p.code.as_str()).collect());
        errors.push((
            Msg::FieldPriority,
            Msg::ErrUnknownPriority.fill(lang, &[("s", &priority), ("list", &l)]),
        ));
    }
    let name = validate::name(name, false)
        .map_err(|e| errors.push((Msg::FieldName, i18n::invalid(lang, e))))
        .ok()
        .flatten();
    let mobile = validate::mobile(mobile, false)
        .map_err(|e| errors.push((Msg::FieldMobile, i18n::invalid(lang, e))))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Walkin {
        ticket: NewTicket {
            service: service.to_string(),
            priority: priority.to_string(),
            is_priority: prio.is_some_and(|p| p.priority),
            client_id: None,
            note: None,
        },
        name,
        mobile,
    })
}

/// Register a walk-in in one transaction with its events; returns the ticket.
pub fn register(
    store: &mut Store,
    day: NaiveDate,
    now: DateTime<Utc>,
    actor: &str,
    mut walkin: Walkin,
) -> Result<Ticket, StoreError> {
    store.write(|db| {
        if walkin.name.is_some() || walkin.mobile.is_some() {
            let (id, created) =
                db.find_or_add_client(walkin.name.as_deref(), walkin.mobile.as_deref(), now)?;
            if created {
                db.add_event(
                    now,
                    actor,
                    crate::domain::event::EventKind::ClientAdd,
                    Some(id),
                    json!({}),
                )?;
            }
            walkin.ticket.client_id = Some(id);
        }
        let t = db.add_ticket(day, &walkin.ticket, now)?;
        db.add_event(
            now,
            actor,
            crate::domain::event::EventKind::TicketAdd,
            Some(t.id),
            json!({"number": t.number, "service": t.service, "priority": t.priority}),
        )?;
        Ok(t)
    })
}

impl App {
    pub(super) fn lobby_action(&mut self, action: Action) {
        use crate::domain::roles::Permission;
        let needs = match action {
            Action::Divert => Some(Permission::RunQueue),
            Action::NewWalkin
            | Action::Call
            | Action::Start
            | Action::Finish
            | Action::NoShow
            | Action::HoldResume
            | Action::Referral => Some(Permission::Serve),
            _ => None,
        };
        if needs.is_some_and(|p| !self.check(p)) {
            return;
        }
        // A teller works the tickets at their own counter.
        if matches!(
            action,
            Action::Start | Action::Finish | Action::NoShow | Action::HoldResume
        ) && !self.may(Permission::RunQueue)
        {
            if let Some(c) = self.lobby.selected_ticket().and_then(|t| t.counter) {
                if self.me.counter != Some(c) {
                    return self.complain(Msg::DenyCounter.fill(self.lang, &[("c", &c)]));
                }
            }
        }
        match action {
            Action::Up | Action::Down | Action::Top | Action::Bottom => self.lobby.move_by(&action),
            Action::NewWalkin => self.form = Some(self.walkin_form()),
            Action::Call => self.call(),
            Action::Start => self.step_selected(Step::Start),
            Action::Finish => self.step_selected(Step::Finish),
            Action::NoShow => self.step_selected(Step::NoShow),
            Action::HoldResume => self.hold_or_resume(),
            Action::Divert => self.open_divert(),
            Action::Referral => self.open_card_form(),
            _ => {}
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
            None => self.complain(self.t(Msg::NothingSelected).to_string()),
        }
    }

    fn hold_or_resume(&mut self) {
        let Some(t) = self.lobby.selected_ticket().cloned() else {
            return self.complain(self.t(Msg::NothingSelected).to_string());
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
        let Some(t) = self.lobby.selected_ticket() else {
            return self.complain(self.t(Msg::NothingSelected).to_string());
        };
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

    pub(super) fn submit_lobby_form(&mut self, form: Form) {
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
        let checked = check_walkin(
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
        let now = self.clock.now();
        let day = self.clock.today();
        match register(&mut self.store, day, now, &self.me.code.clone(), walkin) {
            Ok(t) => {
                self.form = None;
                self.after_write();
                self.lobby.select_id(t.id);
                self.say(Msg::Registered.fill(self.lang, &[("n", &t.number)]));
            }
            Err(e) => self.complain(e.message(self.lang)),
        }
    }

    /// Apply a life-cycle step in one transaction with its event, then report.
    pub fn run(&mut self, target: Target, step: Step) {
        let now = self.clock.now();
        let day = self.clock.today();
        let actor = self.me.code.clone();
        let catalog = &self.catalog;
        let result = self.store.write(|db| -> Result<(Ticket, Ticket), Failure> {
            let open = db.open_tickets(day)?;
            let ticket = match target {
                Target::Ticket(id) => match open.iter().find(|t| t.id == id) {
                    Some(t) => t.clone(),
                    None => db.ticket(id)?.ok_or(Failure::ChangedElsewhere)?,
                },
                Target::Next => {
                    let cap = catalog.thresholds.priority_streak_cap;
                    let streak = priority_streak(&db.recent_calls(day, cap + 1)?);
                    call_order(&open, streak, now, catalog.fairness())
                        .first()
                        .map(|t| (*t).clone())
                        .ok_or(Failure::NobodyWaiting)?
                }
            };
            let counter = match &step {
                Step::Call { counter, .. } | Step::Resume { counter, .. } => Some(*counter),
                _ => None,
            };
            let occupant = open
                .iter()
                .find(|t| counter.is_some() && t.counter == counter && t.status.holds_counter());
            let new = apply(&ticket, &step, now, occupant)
                .map_err(|r| Failure::Refused(r, ticket.number.clone()))?;
            if !db.update_ticket(&ticket, &new)? {
                return Err(Failure::ChangedElsewhere);
            }
            db.add_event(
                now,
                &actor,
                step.event(),
                Some(new.id),
                json!({
                    "number": new.number,
                    "from": ticket.status.as_str(),
                    "to": new.status.as_str(),
                    "counter": new.counter,
                    "calls": new.calls,
                    "divert_target": new.divert_target,
                }),
            )?;
            Ok((ticket, new))
        });
        self.after_write();
        match result {
            Ok((old, new)) => {
                self.lobby.select_id(new.id);
                let text = self.step_done_text(&step, &old, &new);
                self.say(text);
            }
            Err(f) => {
                let text = self.failure_text(&step, f);
                self.complain(text);
            }
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

    fn failure_text(&self, step: &Step, f: Failure) -> String {
        let lang = self.lang;
        match f {
            Failure::Refused(Refusal::Impossible { status, .. }, n) => Msg::RefusedStep.fill(
                lang,
                &[
                    ("step", &i18n::step(step).get(lang)),
                    ("n", &n),
                    ("s", &i18n::status(status).get(lang)),
                ],
            ),
            Failure::Refused(Refusal::CounterBusy { counter, number }, _) => {
                Msg::CounterBusy.fill(lang, &[("c", &counter), ("n", &number)])
            }
            Failure::Refused(Refusal::CalledElsewhere { counter }, _) => {
                Msg::CalledElsewhere.fill(lang, &[("c", &counter)])
            }
            Failure::NobodyWaiting => Msg::NobodyWaiting.get(lang).to_string(),
            Failure::ChangedElsewhere => Msg::ChangedElsewhere.get(lang).to_string(),
            Failure::Store(e) => e.message(lang),
        }
    }
}

/// The signed-in person's role, for the status line.
pub fn role_label(s: &Staff) -> Msg {
    let r = s.roles.first().map(String::as_str).unwrap_or("");
    match r {
        "teller" => Msg::RoleTeller,
        "wealth" => Msg::RoleWealth,
        "credit" => Msg::RoleCredit,
        "head" => Msg::RoleHead,
        _ => Msg::RoleLobby,
    }
}
