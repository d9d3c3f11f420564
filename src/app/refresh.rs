//! Reading again what the screens show: everything, or only the records the
//! events saved since name (by this process or another), each screen taking
//! what concerns it.

use super::{App, Changes, Component, Tab};
use crate::store::StoreError;

/// How many events [`App::refresh`] follows record by record; past that, it is
/// simpler (and as quick) to read everything again.
const CHANGES_LIMIT: usize = 200;

impl App {
    /// Read again everything the screens show.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        // Until all is read, the next refresh reads everything again.
        self.day = None;
        let cx = &mut self.cx;
        cx.now = cx.clock.now();
        // Read before the records: whatever is saved meanwhile is read again.
        self.data_version = cx.store.data_version()?;
        cx.seen_event = cx.store.db().last_event_id()?;
        cx.roster = cx.store.db().roster()?;
        let day = cx.clock.today();
        self.read(&Changes::all())?;
        self.day = Some(day);
        Ok(())
    }

    /// Read again what changed since the shown state was read: the records
    /// named by the events saved since (by this process or another; every
    /// change writes one), and what shows the time. Everything is read again
    /// on a new day, after a change to the roster or many changes, and when
    /// another process changed the file without an event.
    pub fn refresh(&mut self) -> Result<(), StoreError> {
        let read = self.read_changes();
        if read.is_err() {
            // Half read: the next refresh reads everything again.
            self.day = None;
        }
        read
    }

    fn read_changes(&mut self) -> Result<(), StoreError> {
        let cx = &self.cx;
        let now = cx.clock.now();
        let day = cx.clock.today();
        let version = cx.store.data_version()?;
        let events = cx.store.db().changed_since(cx.seen_event, CHANGES_LIMIT)?;
        let unexplained = version != self.data_version && events.records.is_empty();
        if self.day != Some(day) || events.more || unexplained {
            return self.reload();
        }
        let mut changes = Changes::default();
        for (record, id) in &events.records {
            match (record.as_str(), *id) {
                ("card", Some(id)) => changes.cards.push((id, cx.store.db().card(id)?)),
                ("ticket", Some(id)) => changes.tickets.push(id),
                ("client", Some(id)) => changes.clients.push(id),
                ("prospect", Some(id)) => changes.prospects.push(id),
                ("notice", _) => changes.notices = true,
                ("complaint" | "rating", _) => changes.complaints = true,
                // The roster, and anything new: read everything again.
                _ => return self.reload(),
            }
        }
        self.cx.now = now;
        self.data_version = version;
        self.cx.seen_event = events.last;
        self.read(&changes)
    }

    /// Each screen reads again what `changes` touched, in tab order.
    fn read(&mut self, changes: &Changes) -> Result<(), StoreError> {
        let tab = self.tab;
        let cx = &self.cx;
        for (t, screen) in screens!(self, &mut) {
            screen.reload(cx, changes, t == tab)?;
        }
        self.read_notices(changes);
        // A visit to rate: one of the counter's finished today, or a rating.
        if changes.all || changes.complaints || !changes.tickets.is_empty() {
            self.offer_rate = self.rateable();
        }
        if changes.all || changes.complaints {
            self.offer_resolve = self.has_resolvable();
        }
        Ok(())
    }
}
