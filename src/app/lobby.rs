//! The lobby screen's state: the walk-in queue and the counters, as read
//! from the store. What its keys do is in `lobby/tickets.rs`.

mod tickets;

use chrono::{DateTime, NaiveDate, Utc};

use super::Action;
use crate::config::Catalog;
use crate::domain::queue::{call_order, priority_streak};
use crate::domain::ticket::{Status, Ticket};
use crate::i18n::Msg;
use crate::store::staff::Staff;
use crate::store::tickets::DayFigures;
use crate::store::{Store, StoreError};

/// Which ticket a step is for (the queue's operations' own name for it).
pub use crate::ops::tickets::TicketTarget as Target;

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
