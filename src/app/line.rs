//! A line's pane (wealth, credit, …): its referral inbox and the selected
//! card's chain. What its keys do to cards is in `line/cards.rs`.

pub(super) mod cards;

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::form::{Form, Purpose};
use super::{Action, Changes, Component, Cursor, Cx, Selected};
use crate::domain::authority::{Act, Target};
use crate::domain::card::Card;
use crate::domain::event::Record;
use crate::i18n::Msg;
use crate::store::cards::{in_pane, pane_order, CardView};
use crate::store::{Store, StoreError};

/// How many rows of a pane are read at a time.
const PAGE: usize = 100;
/// How near the end of the rows read the cursor comes before a page more
/// is read (more than a screen's rows).
const MARGIN: usize = 60;

impl super::App {
    /// Whether a card the person may accept arrived in a pane since last
    /// asked: the terminal rings its bell once (the screen only draws).
    pub fn take_bell(&mut self) -> bool {
        let mut rang = self.take_notice_bell();
        for pane in &mut self.lines {
            rang |= std::mem::take(&mut pane.bell);
        }
        rang
    }
}

#[derive(Clone, Debug, Default)]
pub struct LinePane {
    /// The line's code in the catalog.
    pub line: String,
    /// The first rows of the pane: open cards and today's closed ones, new
    /// first. Read further as the cursor nears their end.
    pub cards: Vec<CardView>,
    /// How many rows are read (at least a page).
    limit: usize,
    /// Whether the pane goes on past the rows read.
    more: bool,
    /// How many cards wait to be accepted on the line.
    waiting: usize,
    pub cursor: Cursor,
    /// The selected card's whole chain across lines, oldest first.
    pub chain: Vec<Card>,
    /// Cards that arrived since the pane was last looked at: highlighted.
    pub fresh: HashSet<i64>,
    /// Open tickets routed to the signed-in person (clients with an
    /// appointment with them): `c` calls them.
    pub routed: Vec<crate::domain::ticket::Ticket>,
    /// A card the person may accept arrived: the terminal rings once.
    bell: bool,
    known: HashSet<i64>,
    loaded: bool,
    /// When the pane was last read, and the pair threshold then: whether a
    /// card meant for another manager is open to all (the hint line's `a`).
    now: DateTime<Utc>,
    pair_minutes: i64,
    /// The start of the day the list was read for: its closed cards are
    /// those closed since.
    since: DateTime<Utc>,
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
        self.waiting
    }

    /// Read the first rows of the line's cards since `since` (and those
    /// still open): as many as were read before, and at least a page.
    pub fn read(&mut self, cx: &Cx, since: DateTime<Utc>) -> Result<(), StoreError> {
        let keep = self.selected_card().cloned();
        self.read_rows(cx, since)?;
        self.settle(cx, keep)
    }

    fn read_rows(&mut self, cx: &Cx, since: DateTime<Utc>) -> Result<(), StoreError> {
        let db = cx.store.db();
        self.limit = self.limit.max(PAGE);
        self.cards = db.line_cards(&self.line, since, self.limit.saturating_add(1))?;
        self.more = self.cards.len() > self.limit;
        self.cards.truncate(self.limit);
        self.waiting = db.line_waiting(&self.line)?;
        self.since = since;
        Ok(())
    }

    /// After the cursor moved: read a page further when it came near the
    /// end of the rows read, or the rest of the pane for the last row. The
    /// cards this reads were there before: none is an arrival.
    fn read_further(&mut self, cx: &Cx, action: &Action) -> Result<(), StoreError> {
        if !self.more || self.cursor.at() + MARGIN < self.cards.len() {
            return Ok(());
        }
        let at = self.cursor.at();
        self.limit = match action {
            Action::Bottom => usize::MAX - 1,
            _ => self.cards.len() + PAGE,
        };
        self.read_rows(cx, self.since)?;
        self.known.extend(self.cards.iter().map(|v| v.card.id));
        let last = self.cards.len().saturating_sub(1);
        let at = if *action == Action::Bottom { last } else { at };
        self.cursor.keep(Some(at.min(last)), self.cards.len());
        Ok(())
    }

    /// Bring the list up to date after `changed`, reading again only the
    /// rows it touched: each changed card of the line (put in its place, or
    /// taken out once it no longer belongs) and each card showing a changed
    /// ticket or client.
    fn patch(&mut self, cx: &Cx, changed: &Changes) -> Result<(), StoreError> {
        let keep = self.selected_card().cloned();
        // Past the rows read, a card stays unread until the cursor comes.
        let boundary = self.cards.last().filter(|_| self.more).cloned();
        let mut again: Vec<i64> = Vec::new();
        for (id, card) in &changed.cards {
            match card {
                Some(c) if c.line == self.line => again.push(*id),
                Some(_) => {}
                None => self.cards.retain(|v| v.card.id != *id),
            }
        }
        again.extend(
            self.cards
                .iter()
                .filter(|v| {
                    v.card
                        .ticket_id
                        .is_some_and(|t| changed.tickets.contains(&t))
                        || changed.clients.contains(&v.card.client_id)
                })
                .map(|v| v.card.id),
        );
        again.sort_unstable();
        again.dedup();
        let db = cx.store.db();
        for id in again {
            self.cards.retain(|v| v.card.id != id);
            if let Some(v) = db.line_card(id)? {
                if v.card.line == self.line && in_pane(&v.card, self.since) {
                    self.cards.push(v);
                }
            }
        }
        self.cards.sort_by(|a, b| pane_order(&a.card, &b.card));
        if let Some(b) = boundary {
            let before = self.cards.len();
            self.cards
                .retain(|v| pane_order(&v.card, &b.card) != std::cmp::Ordering::Greater);
            self.more |= self.cards.len() < before;
        }
        self.limit = self.cards.len().max(PAGE);
        self.waiting = db.line_waiting(&self.line)?;
        self.settle(cx, keep)
    }

    /// After the list changed: cards that arrived since the last read are
    /// marked fresh; one the person may accept rings the bell. The
    /// selection (`keep`, the card selected before) stays on its card while
    /// the person can still act on it; otherwise (accepted by someone else,
    /// closed, gone) it moves to the newest arrival they may accept.
    fn settle(&mut self, cx: &Cx, keep: Option<Card>) -> Result<(), StoreError> {
        let mut arrived = Vec::new();
        for v in &self.cards {
            if self.known.insert(v.card.id) && self.loaded {
                self.fresh.insert(v.card.id);
                if cx.allows(Act::AcceptCard, offer(cx, &v.card)) {
                    arrived.push(v.card.id);
                }
            }
        }
        self.loaded = true;
        self.bell |= !arrived.is_empty();
        let find = |id: i64| self.cards.iter().position(|v| v.card.id == id);
        let now = keep.as_ref().and_then(|k| find(k.id));
        let workable = now.is_some_and(|i| {
            let c = &self.cards[i].card;
            cx.allows(Act::AcceptCard, offer(cx, c))
                || [Act::RecordOutcome, Act::ReferOn]
                    .into_iter()
                    .any(|act| cx.allows(act, Target::Card(c)))
        });
        // The newest arrival is the first listed: new cards come first, newest first.
        let found = match (workable, arrived.first()) {
            (false, Some(&id)) => find(id),
            _ => now,
        };
        self.cursor.keep(found, self.cards.len());
        self.load_chain(&cx.store)
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
        self.cards.get(self.cursor.at()).map(|v| &v.card)
    }

    pub fn selected_view(&self) -> Option<&CardView> {
        self.cards.get(self.cursor.at())
    }

    /// Whether `changed` touches a card the pane shows: one on its line, in
    /// a chain it shows, or showing a changed ticket or client.
    fn stale(&self, changed: &Changes) -> bool {
        changed.all
            || changed.cards.iter().any(|(id, card)| {
                let root = card.as_ref().and_then(|c| c.root_id).unwrap_or(*id);
                card.as_ref().is_none_or(|c| c.line == self.line)
                    || self.shows(|c| c.id == *id || c.root_id == Some(root))
            })
            || changed
                .tickets
                .iter()
                .any(|id| self.shows(|c| c.ticket_id == Some(*id)))
            || changed
                .clients
                .iter()
                .any(|id| self.shows(|c| c.client_id == *id))
    }
}

/// Accepting `card` now, as the operation will decide it.
pub(super) fn offer<'a>(cx: &Cx, card: &'a Card) -> Target<'a> {
    crate::ops::pairs::offer(card, cx.clock.now(), &cx.catalog)
}

impl Component for LinePane {
    /// The line's name, with the cards waiting to be accepted.
    fn title(&self, cx: &Cx) -> String {
        let name = cx.line_label(&self.line);
        match self.new_count() {
            0 => name,
            n => format!("{name}({n})"),
        }
    }

    fn handle(&mut self, cx: &mut Cx, action: &Action) {
        if self.cursor.step(action, self.cards.len()) {
            let moved = self
                .read_further(cx, action)
                .and_then(|()| self.load_chain(&cx.store));
            if let Err(e) = moved {
                cx.complain(e.message(cx.lang));
            }
            return;
        }
        if *action == Action::Call {
            return super::appointments::call_routed(cx, &self.routed);
        }
        let Some(card) = self.selected_card().cloned() else {
            return cx.complain(cx.t(Msg::NoCardSelected).to_string());
        };
        // Each refuses, in words, what the authority table refuses, before
        // any form opens.
        match action {
            Action::Accept => cards::accept_card(cx, &card),
            Action::Outcome => cards::open_outcome_form(cx, &card, None),
            Action::ReferOn => cards::open_refer_form(cx, &card),
            _ => {}
        }
    }

    fn submit(&mut self, cx: &mut Cx, form: Form) {
        match form.purpose {
            Purpose::Outcome { card } => cards::submit_outcome(cx, form, card),
            Purpose::ReferOn { card } => cards::submit_refer(cx, form, card),
            _ => {}
        }
    }

    fn edited(&self, cx: &Cx, form: &mut Form) {
        cards::keep_in_step(cx, form);
    }

    fn reload(&mut self, cx: &Cx, changed: &Changes, _: bool) -> Result<(), StoreError> {
        self.now = cx.now;
        self.pair_minutes = cx.catalog.thresholds.pair_accept_minutes;
        if changed.all || !changed.tickets.is_empty() {
            self.routed = super::appointments::routed_to_me(cx)?;
        }
        let since = cx.clock.start_of_today();
        if changed.all || !self.loaded || since != self.since {
            return self.read(cx, since);
        }
        if !self.stale(changed) {
            return Ok(());
        }
        self.patch(cx, changed)
    }

    /// Leaving the pane: its new arrivals have been seen.
    fn left(&mut self) {
        self.fresh.clear();
    }

    /// The card; its receiver and its referrer may see its client.
    fn selected(&self, _: &Cx) -> Option<Selected> {
        let c = self.selected_card()?;
        Some(Selected {
            client: Some(c.client_id),
            record: Record::Card,
            id: c.id,
            owners: c.receiver.iter().chain([&c.referred_by]).cloned().collect(),
        })
    }

    fn act_of(&self, action: &Action) -> Option<(Act, Target<'_>)> {
        if *action == Action::Call {
            let t = super::appointments::to_call(&self.routed);
            return Some((Act::Call, t.map_or(Target::Branch, Target::Ticket)));
        }
        let act = match action {
            Action::Accept => Act::AcceptCard,
            Action::Outcome => Act::RecordOutcome,
            Action::ReferOn => Act::ReferOn,
            _ => return None,
        };
        // Nothing selected: the key says so, whoever presses it.
        let target = match (act, self.selected_card()) {
            (_, None) => Target::Branch,
            (Act::AcceptCard, Some(card)) => Target::Offer {
                card,
                open: crate::domain::card::waited_past(card, self.now, self.pair_minutes),
            },
            (_, Some(card)) => Target::Card(card),
        };
        Some((act, target))
    }
}
