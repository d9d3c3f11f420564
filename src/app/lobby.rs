//! The lobby screen: the walk-in queue and the counters, as read from the
//! store. What its keys do to tickets is in `lobby/tickets.rs`, the referral
//! card it flags in `lobby/card.rs`.

mod card;
mod counters;
pub mod prompt;
mod tickets;
mod transfer;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::form::{line_follows_need, Form, Purpose};
use super::{Action, Changes, Component, Cursor, Cx, Selected};
use crate::domain::authority::{self, Act, LOBBY};
use crate::domain::event::Record;
use crate::domain::queue::WhyNext;
use crate::domain::ticket::{Status, Ticket, RECALL_WINDOW_MINUTES};
use crate::i18n::Msg;
use crate::store::staff::Staff;
use crate::store::tickets::DayFigures;
use crate::store::StoreError;

/// Which ticket a step is for (the queue's operations' own name for it).
pub use crate::ops::tickets::TicketTarget as Target;

/// A row of the queue table: a ticket and, while waiting, its place in line
/// and its expected wait (minutes from now until its call).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub ticket: Ticket,
    pub position: Option<usize>,
    /// The client's tier (a code) when it is above the normal one.
    pub tier: Option<String>,
    pub expected: Option<f64>,
}

/// A counter (or a line's desk) as the counters panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Counter {
    pub number: u32,
    /// Its name in the settings.
    pub label: crate::config::Label,
    /// The service letters it takes.
    pub services: Vec<String>,
    /// Who is there (name).
    pub teller: Option<String>,
    pub ticket: Option<Ticket>,
    /// Its pause while it is paused.
    pub pause: Option<crate::store::counters::Pause>,
}

#[derive(Clone, Debug, Default)]
pub struct LobbyState {
    /// Open tickets: at counters, then on hold, then waiting in call order;
    /// then the no-shows of the recall window, who may come back.
    pub rows: Vec<Row>,
    pub cursor: Cursor,
    pub counters: Vec<Counter>,
    /// The lines' desks, shown under the counters.
    pub desks: Vec<Counter>,
    /// The signed-in person's own counter or desk (none for the lobby
    /// manager and the head, who pick one each time).
    pub mine: Option<u32>,
    pub figures: DayFigures,
    /// The next ticket's number and why it is next.
    pub why_next: Option<(String, WhyNext)>,
    /// Today's appointments (expected arrivals), by time.
    pub arrivals: Vec<crate::domain::appointment::Appointment>,
    /// The cross-sell prompts shown on today's tickets (`lobby/prompt.rs`).
    pub prompts: Vec<crate::store::cross_sell::Shown>,
    /// A ticket just saved, selected once the queue is read again.
    want: Option<i64>,
    /// Each service's usual minutes at a counter, read once a day.
    usual: Option<(NaiveDate, BTreeMap<String, f64>)>,
    /// The day and minute the queue was last read for.
    read_at: Option<(NaiveDate, i64)>,
}

impl LobbyState {
    /// Read the queue, the counters and the day's figures.
    pub fn read(
        &mut self,
        cx: &Cx,
        changed: &Changes,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (db, catalog) = (cx.store.db(), &cx.catalog);
        let keep = self.selected_ticket().map(|t| t.id);
        let open = changed.open_tickets(&db, day)?;
        if self.usual.as_ref().is_none_or(|u| u.0 != day) {
            self.usual = Some((day, crate::ops::queue::usual_minutes(&db, day)?));
        }
        let usual = self.usual.as_ref().map(|u| &u.1).expect("just read");
        let inputs = crate::ops::queue::Inputs::read(&db, catalog, day)?;
        let queue = crate::ops::queue::view(catalog, &open, &inputs, now, usual);
        self.why_next = queue
            .waiting
            .first()
            .zip(queue.why_next)
            .map(|(p, why)| (p.ticket.number.clone(), why));

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
                tier: None,
                expected: None,
            })
            .collect();
        rows.extend(queue.waiting.into_iter().map(|p| Row {
            ticket: p.ticket,
            position: Some(p.place),
            expected: Some(p.expected_minutes),
            tier: None,
        }));
        // Last, the no-shows who may still come back and be put in line again.
        let window = chrono::Duration::minutes(RECALL_WINDOW_MINUTES);
        rows.extend(
            db.no_shows_since(day, now - window)?
                .into_iter()
                .map(|ticket| Row {
                    ticket,
                    position: None,
                    tier: None,
                    expected: None,
                }),
        );
        // A recognised client of a tier above the settings' first (the
        // normal one): the lobby greets them as such (the tier is read with
        // the ticket, in the reload's one query).
        let normal = catalog.tiers.first().map(|t| t.code.as_str());
        for row in &mut rows {
            row.tier = (row.ticket.client_tier.clone()).filter(|t| Some(t.as_str()) != normal);
        }
        let at = |id: i64| rows.iter().position(|r| r.ticket.id == id);
        let found = self.want.take().and_then(at).or(keep.and_then(at));
        self.cursor.keep(found, rows.len());
        self.rows = rows;

        let (counters, desks) = counters::read(catalog, &cx.roster, &inputs.pauses, &at_counters);
        self.counters = counters;
        self.desks = desks;
        self.figures = db.day_figures(day, now)?;
        self.arrivals = db.appointments_of(day)?;
        self.prompts = db.cross_sell_shown_on(day)?;
        Ok(())
    }

    pub fn selected_ticket(&self) -> Option<&Ticket> {
        self.rows.get(self.cursor.at()).map(|r| &r.ticket)
    }

    /// Select the ticket `id` once the queue is read again (after a write).
    fn select_after_write(&mut self, id: i64) {
        self.want = Some(id);
    }
}

impl Component for LobbyState {
    fn title(&self, cx: &Cx) -> String {
        cx.t(Msg::TabLobby).to_string()
    }

    fn handle(&mut self, cx: &mut Cx, action: &Action) {
        let len = self.rows.len();
        if self.cursor.step(action, len) {
            return;
        }
        if *action == Action::CheckIn {
            return super::appointments::open_check_in(cx, &self.arrivals);
        }
        self.ticket_action(cx, action);
    }

    fn submit(&mut self, cx: &mut Cx, form: Form) {
        match form.purpose {
            Purpose::Card { ticket } => card::submit_card(cx, form, ticket),
            Purpose::PauseCounter => self.submit_pause(cx, form),
            Purpose::Transfer { ticket } => self.submit_transfer(cx, form, ticket),
            Purpose::CheckIn => {
                if let Some(id) = super::appointments::submit_check_in(cx, form) {
                    self.select_after_write(id);
                }
            }
            _ => self.submit_ticket_form(cx, form),
        }
    }

    fn edited(&self, cx: &Cx, form: &mut Form) {
        if let Purpose::Card { .. } = form.purpose {
            line_follows_need(form, &cx.catalog);
            card::receiver_follows_line(cx, form);
        }
    }

    /// Today's open tickets are read again when a ticket or client changed,
    /// and when the minute turned: their waits run with the clock, counted
    /// to the minute shown. Cards, prospects, notices and complaints show
    /// nowhere in the lobby.
    fn reload(&mut self, cx: &Cx, changed: &Changes, _: bool) -> Result<(), StoreError> {
        let minute = cx.now.timestamp().div_euclid(60) * 60;
        let at = (cx.clock.today(), minute);
        let unseen = changed.all || !changed.tickets.is_empty() || !changed.clients.is_empty();
        if !unseen && self.read_at == Some(at) {
            return Ok(());
        }
        self.mine = cx.person.counter.filter(|_| !cx.person.runs_queue());
        let now = DateTime::from_timestamp(minute, 0).unwrap_or(cx.now);
        self.read(cx, changed, at.0, now)?;
        self.read_at = Some(at);
        Ok(())
    }

    /// The ticket; the lobby staff and its teller may see its client.
    fn selected(&self, cx: &Cx) -> Option<Selected> {
        let t = self.selected_ticket()?;
        let mut owners: Vec<String> = cx
            .roster
            .iter()
            .filter(|s| s.has_role(LOBBY))
            .map(|s| s.code.clone())
            .collect();
        owners.extend(t.teller.clone());
        Some(Selected {
            client: t.client_id,
            record: Record::Ticket,
            id: t.id,
            owners,
        })
    }

    fn act_of(&self, action: &Action) -> Option<(Act, authority::Target<'_>)> {
        let ticket = self.selected_ticket();
        // Nothing selected: the key says so, whoever presses it.
        let on = |act| {
            Some((
                act,
                ticket.map_or(authority::Target::Branch, authority::Target::Ticket),
            ))
        };
        match action {
            Action::NewWalkin => Some((Act::RegisterWalkin, authority::Target::Branch)),
            Action::Call => Some((Act::Call, self.call_target())),
            Action::PauseCounter => Some(self.pause_act()),
            Action::Start => on(Act::Start),
            Action::Finish => on(Act::Finish),
            Action::NoShow => on(Act::NoShow),
            Action::Reinstate => on(Act::Reinstate),
            Action::HoldResume => {
                let held = ticket.is_some_and(|t| t.status == Status::OnHold);
                on(if held { Act::Resume } else { Act::Hold })
            }
            Action::Divert => on(Act::Divert),
            Action::Referral => on(Act::FlagCard),
            Action::Transfer => on(Act::Transfer),
            Action::CheckIn => {
                let first = super::appointments::booked(&self.arrivals).next();
                Some((
                    Act::CheckInAppointment,
                    first.map_or(authority::Target::Branch, |a| {
                        authority::Target::Appointment(crate::ops::appointments::state(a))
                    }),
                ))
            }
            _ => None,
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
