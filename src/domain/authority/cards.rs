//! The authority table's rules for referral cards: who accepts a card, records
//! its outcome or refers it on, and which cards the closing sweep moves on.

use super::{Act, Denial, Person};
use crate::domain::card::{self, Card, CardStatus};

/// A new card is accepted by a manager of its line; one meant for another
/// manager only once the wait for them has passed (`open`).
pub(super) fn accept(who: &Person, c: &Card, open: bool) -> Result<(), Denial> {
    line(who, c)?;
    if let Some(r) = &c.receiver {
        if c.status.is_open() {
            return Err(Denial::AlreadyAccepted(r.clone()));
        }
    }
    if c.status != CardStatus::New {
        return Err(Denial::Card(c.status));
    }
    // The branch head may take any card at once; a line's other managers
    // once it has waited for the one it is meant for.
    match &c.assigned_to {
        Some(to) if *to != who.code && !open && !who.is_head() => Err(Denial::MeantFor(to.clone())),
        _ => Ok(()),
    }
}

/// Recording a card's outcome or referring it on: its receiver, while open.
pub(super) fn settle(who: &Person, act: Act, c: &Card) -> Result<(), Denial> {
    line(who, c)?;
    // A contracted card may still pass on (the client needs another
    // line too); its outcome is recorded.
    let open = match act {
        Act::ReferOn => card::can_refer_on(c.status),
        _ => c.status.is_open(),
    };
    if !open {
        return Err(Denial::Card(c.status));
    }
    match &c.receiver {
        None if act == Act::RecordOutcome => Err(Denial::NotAccepted),
        Some(r) if *r != who.code => Err(Denial::NotReceiver(r.clone())),
        _ => Ok(()),
    }
}

/// A card nobody settled today moves on; an intent card is already
/// being followed up (its documents pending): only its receiver
/// records what became of it.
pub(super) fn sweep(who: &Person, c: &Card) -> Result<(), Denial> {
    if !who.runs_queue() {
        line(who, c)?;
    }
    match c.status {
        CardStatus::New | CardStatus::Accepted => Ok(()),
        s => Err(Denial::Card(s)),
    }
}

fn line(who: &Person, c: &Card) -> Result<(), Denial> {
    match who.works_line(&c.line) {
        true => Ok(()),
        false => Err(Denial::NotLine(c.line.clone())),
    }
}
