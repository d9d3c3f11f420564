//! Roles, the privacy shield and revealing one record: who may do what, and
//! what clients' details the screen may show.

use chrono::{DateTime, Duration, Utc};

use super::{App, Tab};
use crate::domain::authority::{self, Act, Target};
use crate::domain::authority::{LOBBY, TELLER};
use crate::domain::event::Record;
use crate::i18n::Msg;
use crate::ops::disclose::{self, Purpose, Via};
use crate::ops::{Op, OpError};

/// How long a revealed record stays in full view.
pub const REVEAL_SECONDS: i64 = 30;

impl App {
    /// Whether the hint line should offer an action to this person here:
    /// exactly what the authority table allows on the selected record.
    pub fn offers(&self, action: &crate::app::Action) -> bool {
        if *action == crate::app::Action::Reveal {
            return self.selected_record().is_some_and(|(_, _, _, owners)| {
                self.allows(Act::RevealClient, Target::Client { owners: &owners })
            });
        }
        match self.act_of(action) {
            Some((act, target)) => self.allows(act, target),
            None => true,
        }
    }

    /// Whether the authority table allows it (with the selected record).
    pub fn allows(&self, act: Act, target: Target) -> bool {
        authority::allowed(&self.person, act, target).is_ok()
    }

    /// The act a key asks for here, and what it is done to: `None` for keys
    /// that only move, look or filter.
    pub fn act_of(&self, action: &crate::app::Action) -> Option<(Act, Target<'_>)> {
        use crate::app::Action as A;
        if let (Tab::Review, Some(item)) = (self.tab, self.review.sweep_item()) {
            return super::review::sweep_act(item, action);
        }
        let ticket = || self.lobby.selected_ticket().map(Target::Ticket);
        let card = || match self.tab {
            Tab::Line(i) => self.lines[i].selected_card().map(Target::Card),
            _ => None,
        };
        let prospect = || {
            self.followups
                .selected_prospect()
                .map(|p| Target::Prospect(super::followups::state(p)))
        };
        // Nothing selected: the key says so, whoever presses it.
        fn on(act: Act, target: Option<Target<'_>>) -> Option<(Act, Target<'_>)> {
            Some((act, target.unwrap_or(Target::Branch)))
        }
        match (self.tab, action) {
            (Tab::Lobby, A::NewWalkin) => Some((Act::RegisterWalkin, Target::Branch)),
            (Tab::Lobby, A::Call) => Some((Act::Call, Target::Branch)),
            (Tab::Lobby, A::Start) => on(Act::Start, ticket()),
            (Tab::Lobby, A::Finish) => on(Act::Finish, ticket()),
            (Tab::Lobby, A::NoShow) => on(Act::NoShow, ticket()),
            (Tab::Lobby, A::HoldResume) => {
                let held = self
                    .lobby
                    .selected_ticket()
                    .is_some_and(|t| t.status == crate::domain::ticket::Status::OnHold);
                on(if held { Act::Resume } else { Act::Hold }, ticket())
            }
            (Tab::Lobby, A::Divert) => on(Act::Divert, ticket()),
            (Tab::Lobby, A::Referral) => on(Act::FlagCard, ticket()),
            (Tab::Line(_), A::Accept) => on(Act::AcceptCard, card()),
            (Tab::Line(_), A::Outcome) => on(Act::RecordOutcome, card()),
            (Tab::Line(_), A::ReferOn) => on(Act::ReferOn, card()),
            // Without the client's consent, `l` starts by asking for it.
            (Tab::Followups, A::LogContact) => match self.followups.selected_prospect() {
                Some(p) if !p.consent => on(Act::RecordConsent, prospect()),
                _ => on(Act::LogContact, prospect()),
            },
            (Tab::Followups, A::Reschedule) => on(Act::Reschedule, prospect()),
            (Tab::Followups, A::Won) => on(Act::Win, prospect()),
            (Tab::Followups, A::Lost) => on(Act::Lose, prospect()),
            (Tab::Followups, A::HandBack) => on(Act::HandBack, prospect()),
            (Tab::Followups, A::Reassign) => on(Act::Reassign, prospect()),
            (Tab::Followups, A::Consent) => on(Act::RecordConsent, prospect()),
            (Tab::Followups | Tab::Clients, A::AddProspect) => {
                Some((Act::AddProspect, Target::Branch))
            }
            _ => None,
        }
    }

    /// Refuse, in words, what the authority table refuses; true when allowed.
    pub(super) fn permitted(&mut self, act: Act, target: Target) -> bool {
        match authority::allowed(&self.person, act, target) {
            Ok(()) => true,
            Err(d) => {
                let text = d.message(&self.names());
                self.complain(text);
                false
            }
        }
    }

    /// What a refusal needs to name people and lines.
    pub fn names(&self) -> crate::ops::Names<'_> {
        crate::ops::Names {
            lang: self.lang,
            roster: &self.roster,
            catalog: &self.catalog,
        }
    }

    /// Run operations as the signed-in person, now, in one transaction.
    pub fn act<T>(
        &mut self,
        f: impl FnOnce(&crate::store::Db, &Op) -> Result<T, OpError>,
    ) -> Result<T, OpError> {
        let op = Op {
            who: &self.person,
            now: self.clock.now(),
            day: self.clock.today(),
            catalog: &self.catalog,
        };
        self.store.write(|db| f(db, &op))
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
            self.say(self.t(Msg::ShieldOn).to_string());
        }
    }

    /// `v`: the selected record's client in full for a moment, as an audited event.
    pub(super) fn reveal(&mut self) {
        let Some((client, record, id, owners)) = self.selected_record() else {
            return self.complain(self.t(Msg::NothingSelected).to_string());
        };
        let via = Via { record, id, owners };
        if !self.permitted(
            Act::RevealClient,
            Target::Client {
                owners: &via.owners,
            },
        ) {
            return;
        }
        let Some(client) = client else { return };
        match self.act(|db, op| {
            disclose::reveal(db, op, client, &via, Purpose::Reveal)?;
            Ok(op.now)
        }) {
            Ok(now) => {
                self.now = now;
                self.revealed = Some((client, now + Duration::seconds(REVEAL_SECONDS)));
                self.say(Msg::Revealed.fill(self.lang, &[("s", &REVEAL_SECONDS)]));
            }
            Err(e) => self.complain(e.message(&self.names())),
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

    /// The selected record on this tab: its client, kind, id and owners.
    pub fn selected_record(&self) -> Option<(Option<i64>, Record, i64, Vec<String>)> {
        let lobby_staff: Vec<String> = self
            .roster
            .iter()
            .filter(|s| s.has_role(LOBBY))
            .map(|s| s.code.clone())
            .collect();
        match self.tab {
            Tab::Lobby => self.lobby.selected_ticket().map(|t| {
                let mut owners = lobby_staff;
                owners.extend(t.teller.clone());
                (t.client_id, Record::Ticket, t.id, owners)
            }),
            Tab::Line(i) => self.lines[i].selected_card().map(|c| {
                let owners = c.receiver.iter().chain([&c.referred_by]).cloned().collect();
                (Some(c.client_id), Record::Card, c.id, owners)
            }),
            Tab::Followups => self.followups.selected_prospect().map(|p| {
                (
                    Some(p.client_id),
                    Record::Prospect,
                    p.id,
                    vec![p.owner.clone()],
                )
            }),
            Tab::Clients => self
                .clients
                .selected_client()
                .map(|f| (Some(f.client.id), Record::Client, f.client.id, Vec::new())),
            Tab::Review => None,
        }
    }
}

impl App {
    /// The selected record's events, oldest first, in an overlay.
    pub(super) fn show_history(&mut self) {
        let Some((_, record, id, _)) = self.selected_record() else {
            return self.complain(self.t(Msg::NothingSelected).to_string());
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
            Err(e) => self.complain(e.message(self.lang)),
        }
    }
}
