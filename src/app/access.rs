//! What the hint line offers (what the authority table allows on the
//! selected record), the tab a person starts on, the privacy shield,
//! revealing one record and its event history.

use chrono::{DateTime, Duration, Utc};

use super::{Action, App, Tab};
use crate::domain::authority::{Act, Target};
use crate::domain::authority::{LOBBY, TELLER};
use crate::domain::event::Record;
use crate::i18n::Msg;
use crate::ops::disclose::{self, Purpose};

/// How long a revealed record stays in full view.
pub const REVEAL_SECONDS: i64 = 30;

impl App {
    /// Whether the hint line should offer an action to this person here:
    /// exactly what the authority table allows on the selected record.
    pub fn offers(&self, action: &Action) -> bool {
        if *action == Action::Reveal {
            return self.selected_record().is_some_and(|(_, _, _, owners)| {
                self.allows(Act::RevealClient, Target::Client { owners: &owners })
            });
        }
        match action {
            Action::Complain => return self.allows(Act::RecordComplaint, Target::Branch),
            Action::Rate => {
                return self
                    .offer_rate
                    .as_ref()
                    .is_some_and(|t| self.allows(Act::RateVisit, Target::Ticket(t)))
            }
            Action::Resolve => return self.offer_resolve,
            _ => {}
        }
        match self.act_of(action) {
            Some((act, target)) => self.allows(act, target),
            None => true,
        }
    }

    /// The act a key asks for here, and what it is done to: `None` for keys
    /// that only move, look or filter.
    pub fn act_of(&self, action: &Action) -> Option<(Act, Target<'_>)> {
        self.screen(self.tab)?.act_of(action)
    }

    /// The selected record on this tab: its client, kind, id and owners.
    pub fn selected_record(&self) -> Option<(Option<i64>, Record, i64, Vec<String>)> {
        let s = self.screen(self.tab)?.selected(&self.cx)?;
        Some((s.client, s.record, s.id, s.owners))
    }

    /// The tab a person starts on: their own line's pane for a manager, the
    /// follow-ups for the branch head, else the lobby.
    pub(super) fn home_tab(&self) -> Tab {
        if self.person.is_head() {
            return Tab::Followups;
        }
        let line = self
            .catalog
            .lines
            .iter()
            .position(|l| l.role.as_deref().is_some_and(|r| self.me.has_role(r)));
        match line {
            Some(i) if !self.me.has_role(TELLER) && !self.me.has_role(LOBBY) => Tab::Line(i),
            _ => Tab::Lobby,
        }
    }

    /// The client shown in full right now, if any.
    pub fn revealed_client(&self) -> Option<i64> {
        self.revealed
            .filter(|(_, until)| self.now < *until)
            .map(|(id, _)| id)
    }

    /// `Ctrl-p`: hide every client detail at once, until pressed again.
    pub(super) fn toggle_shield(&mut self) {
        self.shield = !self.shield;
        self.revealed = None;
        if self.shield {
            self.cx.say(self.t(Msg::ShieldOn).to_string());
        }
    }

    /// `v`: the selected record's client in full for a moment, as an audited event.
    pub(super) fn reveal(&mut self) {
        let Some(selected) = self.screen(self.tab).and_then(|s| s.selected(&self.cx)) else {
            return self.cx.complain(self.t(Msg::NothingSelected).to_string());
        };
        let client = selected.client;
        let via = selected.via();
        let cx = &mut self.cx;
        if !cx.permitted(
            Act::RevealClient,
            Target::Client {
                owners: &via.owners,
            },
        ) {
            return;
        }
        let Some(client) = client else { return };
        match cx.act(|db, op| {
            disclose::reveal(db, op, client, &via, Purpose::Reveal)?;
            Ok(op.now)
        }) {
            Ok(now) => {
                cx.now = now;
                self.revealed = Some((client, now + Duration::seconds(REVEAL_SECONDS)));
                cx.say(Msg::Revealed.fill(cx.lang, &[("s", &REVEAL_SECONDS)]));
            }
            Err(e) => cx.complain(e.message(&cx.names())),
        }
    }

    /// A reveal has run out: hide again (called on the tick).
    pub(super) fn reveal_expired(&mut self, now: DateTime<Utc>) -> bool {
        match self.revealed {
            Some((_, until)) if now >= until => {
                self.revealed = None;
                true
            }
            _ => false,
        }
    }

    /// The selected record's events, oldest first, in an overlay.
    pub(super) fn show_history(&mut self) {
        let Some((_, record, id, _)) = self.selected_record() else {
            return self.cx.complain(self.t(Msg::NothingSelected).to_string());
        };
        match self.store.db().events_of(record.as_str(), id) {
            Ok(events) => {
                let kind = match record {
                    Record::Ticket => Msg::RecTicket,
                    Record::Card => Msg::RecCard,
                    Record::Prospect => Msg::RecProspect,
                    _ => Msg::RecClient,
                };
                let title =
                    Msg::HistoryOf.fill(self.lang, &[("r", &format!("{} #{id}", self.t(kind)))]);
                self.history = Some((title, events));
            }
            Err(e) => self.cx.complain(e.message(self.lang)),
        }
    }
}
