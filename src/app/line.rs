//! A line's pane (wealth, credit, …): its referral inbox and the selected
//! card's chain. What its keys do to cards is in `line/cards.rs`.

pub(super) mod cards;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::form::{Form, Purpose};
use super::window;
use super::{Action, Changes, Component, Cursor, Cx, Selected};
use crate::domain::authority::{Act, Target};
use crate::domain::card::Card;
use crate::domain::event::Record;
use crate::i18n::Msg;
use crate::store::cards::{CardView, Place};
use crate::store::{Store, StoreError};

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
    /// Every card of the pane, in its order (open cards and today's closed
    /// ones, new first).
    places: Vec<Place>,
    /// The rows read: a window of the pane around the cursor, from row
    /// `first` on. Read again as the cursor nears its ends.
    pub cards: Vec<CardView>,
    pub first: usize,
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
        self.places.iter().filter(|p| p.waiting()).count()
    }

    /// How many cards the pane lists.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The rows `range` of the pane, of those read.
    pub fn shown(&self, range: std::ops::Range<usize>) -> &[CardView] {
        window::shown(&self.cards, self.first, range)
    }

    /// Read the line's cards since `since` (and those still open): where
    /// each goes, and the rows around the cursor, all read again.
    pub fn read(&mut self, cx: &Cx, since: DateTime<Utc>) -> Result<(), StoreError> {
        let keep = self.selected_card().map(|c| c.id);
        self.since = since;
        self.places = cx.store.db().line_places(&self.line, since)?;
        self.cards.clear();
        self.settle(cx, keep)
    }

    /// After `changed`: each changed card of the line put in its new place
    /// (or taken out), and the rows around the cursor read again where a
    /// change touched them. Nothing is read when nothing shown changed.
    fn patch(&mut self, cx: &Cx, changed: &Changes) -> Result<(), StoreError> {
        let keep = self.selected_card().map(|c| c.id);
        let mut rows = self.rows_touched(changed);
        for (id, card) in &changed.cards {
            let listed = self.places.iter().position(|p| p.id == *id);
            let place = card
                .as_ref()
                .filter(|c| c.line == self.line)
                .and_then(|c| Place::of(c, self.since));
            if listed.is_none() && place.is_none() {
                continue;
            }
            if let Some(i) = listed {
                self.places.remove(i);
            }
            if let Some(p) = place {
                let at = self.places.partition_point(|q| *q < p);
                self.places.insert(at, p);
            }
            rows.insert(*id);
        }
        if rows.is_empty() {
            return Ok(());
        }
        self.cards.retain(|v| !rows.contains(&v.card.id));
        self.settle(cx, keep)
    }

    /// Read the rows around the cursor not read yet (rows read may have
    /// been taken out anywhere, or moved with their places: each is kept by
    /// its card).
    fn read_rows(&mut self, store: &Store) -> Result<(), StoreError> {
        let len = self.len();
        let held = self.first..(self.first + self.cards.len()).min(len);
        let want = window::hold(held.clone(), self.cursor.at(), len).unwrap_or(held);
        let ids: Vec<i64> = self.places[want.clone()].iter().map(|p| p.id).collect();
        let mut read: HashMap<i64, CardView> = std::mem::take(&mut self.cards)
            .into_iter()
            .map(|v| (v.card.id, v))
            .collect();
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !read.contains_key(id))
            .collect();
        read.extend(
            store
                .db()
                .line_cards_by_id(&missing)?
                .into_iter()
                .map(|v| (v.card.id, v)),
        );
        self.first = want.start;
        self.cards = ids.iter().filter_map(|id| read.remove(id)).collect();
        Ok(())
    }

    /// After the cursor moved: read the rows around it not read yet.
    fn follow_cursor(&mut self, store: &Store) -> Result<(), StoreError> {
        let held = self.first..self.first + self.cards.len();
        match window::hold(held, self.cursor.at(), self.len()) {
            Some(_) => self.read_rows(store),
            None => Ok(()),
        }
    }

    /// After the pane was read: cards that arrived since the last read are
    /// marked fresh; one the person may accept rings the bell. The
    /// selection (`keep`, the card selected before) stays on its card while
    /// the person can still act on it; otherwise (accepted by someone else,
    /// closed, gone) it moves to the newest arrival they may accept.
    fn settle(&mut self, cx: &Cx, keep: Option<i64>) -> Result<(), StoreError> {
        let db = cx.store.db();
        let mut arrived = Vec::new();
        for &Place { id, .. } in &self.places {
            if self.known.insert(id) && self.loaded {
                self.fresh.insert(id);
                if let Some(card) = db.card(id)? {
                    if cx.allows(Act::AcceptCard, offer(cx, &card)) {
                        arrived.push(id);
                    }
                }
            }
        }
        self.loaded = true;
        self.bell |= !arrived.is_empty();
        let places = std::mem::take(&mut self.places);
        let find = |id: i64| places.iter().position(|p| p.id == id);
        self.cursor.keep(keep.and_then(find), places.len());
        let arrival = arrived.first().and_then(|&id| find(id));
        self.places = places;
        self.read_rows(&cx.store)?;
        let workable = keep.is_some()
            && self.selected_card().is_some_and(|c| {
                Some(c.id) == keep
                    && (cx.allows(Act::AcceptCard, offer(cx, c))
                        || [Act::RecordOutcome, Act::ReferOn]
                            .into_iter()
                            .any(|act| cx.allows(act, Target::Card(c))))
            });
        // The newest arrival is the first listed: new cards come first, newest first.
        if let (false, Some(at)) = (workable, arrival) {
            self.cursor.keep(Some(at), self.len());
            self.follow_cursor(&cx.store)?;
        }
        self.load_chain(&cx.store)
    }

    fn load_chain(&mut self, store: &Store) -> Result<(), StoreError> {
        self.chain = match self.selected_card() {
            Some(c) => store.db().chain(c.root_id.unwrap_or(c.id))?,
            None => Vec::new(),
        };
        Ok(())
    }

    pub fn selected_card(&self) -> Option<&Card> {
        self.selected_view().map(|v| &v.card)
    }

    pub fn selected_view(&self) -> Option<&CardView> {
        let i = self.cursor.at().checked_sub(self.first)?;
        self.cards.get(i)
    }

    /// The rows read that show a changed ticket or client, and the changed
    /// cards of the chain shown (read again with the rows).
    fn rows_touched(&self, changed: &Changes) -> HashSet<i64> {
        let mut rows = HashSet::new();
        for (id, card) in &changed.cards {
            let root = card.as_ref().and_then(|c| c.root_id).unwrap_or(*id);
            if self.chain.iter().any(|c| c.root_id == Some(root)) {
                rows.insert(*id);
            }
        }
        rows.extend(
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
        rows
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
        if self.cursor.step(action, self.len()) {
            let moved = self
                .follow_cursor(&cx.store)
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
            self.routed = super::appointments::routed_to_me(cx, changed)?;
        }
        let since = cx.clock.start_of_today();
        if changed.all || !self.loaded || since != self.since {
            return self.read(cx, since);
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
