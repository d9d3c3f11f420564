//! Which open cards and prospects the closing sweep offers a person: the
//! authority table's sweep rules said as a scope a query can hold, so the
//! sweep reads only the items it lists (its tests hold the scope to the table).

use super::authority::Person;
use super::card::{Card, CardStatus};

/// The cards of one line the sweep offers a person: those they may move on
/// (`SweepCardLater`) or record the outcome of (`RecordOutcome`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardScope {
    /// The line's new and accepted cards: the sweep moves them on.
    pub move_on: bool,
    /// The line's open cards this person received (their code): they
    /// record the outcome.
    pub received_by: Option<String>,
}

impl CardScope {
    /// Whether the sweep lists this (open, today's) card of the line.
    pub fn admits(&self, c: &Card) -> bool {
        let movable = matches!(c.status, CardStatus::New | CardStatus::Accepted);
        c.status.is_open()
            && ((self.move_on && movable)
                || (self.received_by.is_some() && c.receiver == self.received_by))
    }

    /// Whether no card of the line is offered.
    pub fn is_empty(&self) -> bool {
        !self.move_on && self.received_by.is_none()
    }
}

/// The cards of `line` the sweep offers `who`, as `authority::allowed`
/// has it: whoever runs the queue or works the line moves its new and
/// accepted cards on; a line's manager records the outcome of the open
/// cards they received. A kiosk or a calling display settles nothing.
pub fn cards(who: &Person, line: &str) -> CardScope {
    if who.is_kiosk() || who.is_display() {
        return CardScope {
            move_on: false,
            received_by: None,
        };
    }
    let works = who.works_line(line);
    CardScope {
        move_on: who.runs_queue() || works,
        received_by: works.then(|| who.code.clone()),
    }
}

/// The open prospects due by the day the sweep offers a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProspectScope {
    /// None (a kiosk, a calling display).
    Nobody,
    /// Everyone's (the branch head).
    All,
    /// This owner's (by code).
    Owner(String),
}

/// The prospects `who` may reschedule (`authority::allowed`, `Reschedule`):
/// the head everyone's, anyone else their own.
pub fn prospects(who: &Person) -> ProspectScope {
    if who.is_kiosk() || who.is_display() {
        ProspectScope::Nobody
    } else if who.is_head() {
        ProspectScope::All
    } else {
        ProspectScope::Owner(who.code.clone())
    }
}

#[cfg(test)]
mod tests;
