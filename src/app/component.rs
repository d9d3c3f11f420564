//! What every screen is: a component behind one trait (its title, its keys,
//! its forms' saves, reading again what changed, the selected record), and
//! the one list cursor the screens share.

use std::cell::OnceCell;

use chrono::NaiveDate;

use super::cx::Cx;
use super::form::Form;
use super::Action;
use crate::domain::authority::{Act, Target};
use crate::domain::card::Card;
use crate::domain::event::Record;
use crate::domain::ticket::Ticket;
use crate::ops::disclose::Via;
use crate::store::{Db, StoreError};

/// A screen of the application. `App` keeps the tabs and the overlays and
/// hands the screen on view the keys it does not handle itself, and its open
/// form to save (whichever screen's form it is).
///
/// Screens do not reach into one another. Where one opens another's form
/// (the closing sweep on the Review tab opens a card's outcome form and the
/// forms about a prospect; the Clients tab the add-prospect form), it calls
/// the function that screen's file offers for it (`line::cards`,
/// `followups::act_on`, `followups::add_client_as_prospect`), and its own
/// `submit` saves the form with the same file's save function.
pub trait Component {
    /// The tab's title.
    fn title(&self, cx: &Cx) -> String;

    /// A key pressed on this screen: writes go through `cx.act`, refusals
    /// and results to the message line.
    fn handle(&mut self, cx: &mut Cx, action: &Action);

    /// Save the open form (a clone of `cx.form`, left open unless the save
    /// closes it). A screen saves the forms it opens, including those it
    /// opens on another screen's behalf (the sweep's outcome form).
    fn submit(&mut self, _cx: &mut Cx, _form: Form) {}

    /// Keep a form's dependent fields in step after an edit.
    fn edited(&self, _cx: &Cx, _form: &mut Form) {}

    /// Read again what `changed` touched; `shown`: the screen is on view.
    fn reload(&mut self, cx: &Cx, changed: &Changes, shown: bool) -> Result<(), StoreError>;

    /// The screen comes into view.
    fn shown(&mut self, _cx: &mut Cx) {}

    /// The screen goes out of view.
    fn left(&mut self) {}

    /// The selected record, its client and who may see it in full.
    fn selected(&self, cx: &Cx) -> Option<Selected>;

    /// The act a key asks for here, and what it is done to: `None` for keys
    /// that only move, look or filter.
    fn act_of(&self, _action: &Action) -> Option<(Act, Target<'_>)> {
        None
    }
}

/// The record a screen has selected.
#[derive(Clone, Debug, PartialEq)]
pub struct Selected {
    pub client: Option<i64>,
    pub record: Record,
    pub id: i64,
    /// Who may see its client in full besides the branch head.
    pub owners: Vec<String>,
}

impl Selected {
    /// The way its client is reached, for a disclosure.
    pub fn via(self) -> Via {
        Via {
            record: self.record,
            id: self.id,
            owners: self.owners,
        }
    }
}

/// What was saved since the screens were last read: everything (`all`), or
/// the records named by the events since.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    pub all: bool,
    /// Each card saved, as it is now (`None`: no longer there).
    pub cards: Vec<(i64, Option<Card>)>,
    pub tickets: Vec<i64>,
    pub clients: Vec<i64>,
    pub prospects: Vec<i64>,
    /// A notice was written (to anyone).
    pub notices: bool,
    /// A complaint was recorded or resolved, or a visit rated.
    pub complaints: bool,
    /// The day's open tickets, read once for all the screens that show them.
    open: OnceCell<(NaiveDate, Vec<Ticket>)>,
}

impl Changes {
    /// Read everything again.
    pub fn all() -> Changes {
        Changes {
            all: true,
            ..Changes::default()
        }
    }

    /// The open tickets of `day` (the lobby's queue, the tickets routed to a
    /// line's managers): read by the first screen that asks, once.
    pub fn open_tickets(&self, db: &Db, day: NaiveDate) -> Result<Vec<Ticket>, StoreError> {
        match self.open.get() {
            Some((d, open)) if *d == day => Ok(open.clone()),
            _ => {
                let open = db.open_tickets(day)?;
                let _ = self.open.set((day, open.clone()));
                Ok(open)
            }
        }
    }

    /// Whether a visit, card or client changed: a client's history.
    pub fn visits(&self) -> bool {
        self.all || !self.cards.is_empty() || !self.tickets.is_empty() || !self.clients.is_empty()
    }

    /// Whether the history of the client `id` changed: their details, or
    /// one of their visits, cards or prospects (one read by primary key per
    /// changed visit or prospect).
    pub fn touch_client(&self, db: &Db, id: i64) -> Result<bool, StoreError> {
        if self.all || self.clients.contains(&id) {
            return Ok(true);
        }
        let card = |c: &Option<Card>| c.as_ref().is_none_or(|c| c.client_id == id);
        if self.cards.iter().any(|(_, c)| card(c)) {
            return Ok(true);
        }
        for &t in &self.tickets {
            if db.ticket_client(t)? == Some(id) {
                return Ok(true);
            }
        }
        for &p in &self.prospects {
            if db.prospect_client(p)? == Some(id) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Which row of a list is selected: moved by Up, Down, Top and Bottom the
/// same way on every screen, and kept on its record when the list is read again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor(usize);

impl Cursor {
    /// The selected row.
    pub fn at(self) -> usize {
        self.0
    }

    /// Move for Up, Down, Top or Bottom within `len` rows; false (and no
    /// move) for any other key.
    pub fn step(&mut self, action: &Action, len: usize) -> bool {
        let last = len.saturating_sub(1);
        self.0 = match action {
            Action::Up => self.0.saturating_sub(1),
            Action::Down => (self.0 + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    /// The list was read again: the row `found` (where the selected record
    /// is now), failing that the same place, within the `len` rows.
    pub fn keep(&mut self, found: Option<usize>, len: usize) {
        self.0 = found.unwrap_or(self.0).min(len.saturating_sub(1));
    }
}
