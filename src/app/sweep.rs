//! The closing sweep's list (the Review tab's `s`): the open items this
//! person may settle, held as light keys read off the indexes, and the one
//! item on screen, read whole when it is shown.

use super::review::SweepItem;
use super::Cx;
use crate::domain::sweep;
use crate::store::StoreError;

/// One open item of the sweep, by its record's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepKey {
    Card(i64),
    Prospect(i64),
}

/// The sweep's items in order, and the one read for the screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepList {
    keys: Vec<SweepKey>,
    /// The item on screen and its place in `keys`.
    shown: Option<(usize, SweepItem)>,
}

impl SweepList {
    /// What is left open that this person may settle: today's open cards
    /// they may move on (the lobby manager and the head any, a line's
    /// managers their line's) or record the outcome of (their receiver),
    /// line by line in the pane's order, then the prospects due today or
    /// overdue that are theirs (all, for the head). Keys only: nothing is
    /// shown until [`SweepList::show`].
    pub fn read(cx: &Cx) -> Result<SweepList, StoreError> {
        let midnight = cx.clock.start_of_today();
        let today = cx.clock.today();
        let db = cx.store.db();
        let mut keys = Vec::new();
        for line in &cx.catalog.lines {
            let scope = sweep::cards(&cx.person, &line.code);
            let cards = db.sweep_cards(&line.code, midnight, &scope)?;
            keys.extend(cards.into_iter().map(SweepKey::Card));
        }
        let scope = sweep::prospects(&cx.person);
        let due = db.sweep_prospects(today, &scope)?;
        keys.extend(due.into_iter().map(SweepKey::Prospect));
        Ok(SweepList { keys, shown: None })
    }

    /// Read the item at `k` whole, for the screen (none past the end).
    pub fn show(&mut self, cx: &Cx, k: usize) -> Result<(), StoreError> {
        self.shown = None;
        let Some(key) = self.keys.get(k) else {
            return Ok(());
        };
        let db = cx.store.db();
        let item = match *key {
            SweepKey::Card(id) => db.line_card(id)?.map(|v| SweepItem::Card(Box::new(v))),
            SweepKey::Prospect(id) => db.prospect(id)?.map(|p| SweepItem::Prospect(Box::new(p))),
        };
        self.shown = item.map(|item| (k, item));
        Ok(())
    }

    /// How many items the sweep holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every item's key, in the sweep's order.
    pub fn keys(&self) -> &[SweepKey] {
        &self.keys
    }

    /// The item at `k`, when it is the one shown.
    pub fn get(&self, k: usize) -> Option<&SweepItem> {
        self.shown
            .as_ref()
            .filter(|(at, _)| *at == k)
            .map(|(_, item)| item)
    }
}

/// The sweep read again after a change (a running sweep only): the same
/// place in it, or its last item if fewer are left.
pub(super) fn again(sweep: &mut Option<(SweepList, usize)>, cx: &Cx) -> Result<(), StoreError> {
    let Some((_, k)) = sweep else {
        return Ok(());
    };
    let mut list = SweepList::read(cx)?;
    let k = (*k).min(list.len().saturating_sub(1));
    list.show(cx, k)?;
    *sweep = Some((list, k));
    Ok(())
}
