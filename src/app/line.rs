//! A line's pane (wealth, credit, …): its referral inbox.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{Action, App};
use crate::domain::card::Card;
use crate::i18n::Msg;
use crate::store::cards::CardView;
use crate::store::{Store, StoreError};

#[derive(Clone, Debug, Default)]
pub struct LinePane {
    /// The line's code in the catalog.
    pub line: String,
    /// Open cards and today's closed ones: new first.
    pub cards: Vec<CardView>,
    pub selected: usize,
    /// The selected card's whole chain across lines, oldest first.
    pub chain: Vec<Card>,
    /// Cards that arrived since the pane was last looked at: highlighted.
    pub fresh: HashSet<i64>,
    known: HashSet<i64>,
    loaded: bool,
}

impl LinePane {
    pub fn new(line: &str) -> LinePane {
        LinePane {
            line: line.to_string(),
            ..LinePane::default()
        }
    }

    /// Cards waiting to be accepted.
    pub fn new_count(&self) -> usize {
        self.cards
            .iter()
            .filter(|v| v.card.status == crate::domain::card::CardStatus::New)
            .count()
    }

    pub fn reload(&mut self, store: &Store, since: DateTime<Utc>) -> Result<(), StoreError> {
        let keep = self.selected_card().map(|c| c.id);
        self.cards = store.db().line_cards(&self.line, since)?;
        for v in &self.cards {
            if self.known.insert(v.card.id) && self.loaded {
                self.fresh.insert(v.card.id);
            }
        }
        self.loaded = true;
        self.selected = keep
            .and_then(|id| self.cards.iter().position(|v| v.card.id == id))
            .unwrap_or(self.selected)
            .min(self.cards.len().saturating_sub(1));
        self.load_chain(store)
    }

    fn load_chain(&mut self, store: &Store) -> Result<(), StoreError> {
        self.chain = match self.selected_card() {
            Some(c) => store.db().chain(c.root_id.unwrap_or(c.id))?,
            None => Vec::new(),
        };
        Ok(())
    }

    /// Whether a card the pane lists (or its chain) passes `test`.
    pub fn shows(&self, test: impl Fn(&Card) -> bool) -> bool {
        self.cards.iter().any(|v| test(&v.card)) || self.chain.iter().any(test)
    }

    pub fn selected_card(&self) -> Option<&Card> {
        self.cards.get(self.selected).map(|v| &v.card)
    }

    pub fn selected_view(&self) -> Option<&CardView> {
        self.cards.get(self.selected)
    }
}

impl App {
    pub(super) fn line_action(&mut self, pane: usize, action: Action) {
        let Some(p) = self.lines.get_mut(pane) else {
            return;
        };
        let last = p.cards.len().saturating_sub(1);
        let moved = match action {
            Action::Up => Some(p.selected.saturating_sub(1)),
            Action::Down => Some((p.selected + 1).min(last)),
            Action::Top => Some(0),
            Action::Bottom => Some(last),
            _ => None,
        };
        if let Some(i) = moved {
            p.selected = i;
            if let Err(e) = p.load_chain(&self.store) {
                self.complain(e.message(self.lang));
            }
            return;
        }
        let Some(card) = p.selected_card().cloned() else {
            return self.complain(self.t(Msg::NoCardSelected).to_string());
        };
        // Each refuses, in words, what the authority table refuses, before
        // any form opens.
        match action {
            Action::Accept => self.accept_card(&card),
            Action::Outcome => self.open_outcome_form(&card, None),
            Action::ReferOn => self.open_refer_form(&card),
            _ => {}
        }
    }
}
