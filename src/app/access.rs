//! Roles, the privacy shield and revealing one record: who may do what, and
//! what clients' details the screen may show.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::{App, Tab};
use crate::domain::roles::{self, Permission};
use crate::i18n::Msg;

/// How long a revealed record stays in full view.
pub const REVEAL_SECONDS: i64 = 30;

impl App {
    /// Whether the signed-in person may do it.
    pub fn may(&self, p: Permission) -> bool {
        let catalog = &self.catalog;
        roles::allowed(&self.me.roles, &self.me.code, p, |line| {
            catalog.line(line).and_then(|l| l.role.clone())
        })
    }

    /// Check a permission; a refusal says why.
    pub(super) fn check(&mut self, p: Permission) -> bool {
        if self.may(p) {
            return true;
        }
        let lang = self.lang;
        let text = match p {
            Permission::Serve => Msg::DenyServe.get(lang).to_string(),
            Permission::RunQueue => Msg::DenyQueue.get(lang).to_string(),
            Permission::WorkLine(line) => {
                Msg::DenyLine.fill(lang, &[("line", &self.line_label(line))])
            }
            Permission::WorkProspect { owner } => {
                Msg::DenyProspect.fill(lang, &[("o", &self.staff_name(owner))])
            }
            Permission::Head => Msg::DenyHead.get(lang).to_string(),
        };
        self.complain(text);
        false
    }

    /// Whether the hint line should offer an action to this person here.
    pub fn offers(&self, action: &crate::app::Action) -> bool {
        use crate::app::Action as A;
        match action {
            A::Divert | A::Sweep => self.may(Permission::RunQueue),
            A::NewWalkin
            | A::Call
            | A::Start
            | A::Finish
            | A::HoldResume
            | A::NoShow
            | A::Referral => self.may(Permission::Serve),
            A::Accept | A::Outcome | A::ReferOn => match self.tab {
                Tab::Line(i) => self.may(Permission::WorkLine(&self.lines[i].line)),
                _ => true,
            },
            A::Reassign => self.may(Permission::Head),
            _ => true,
        }
    }

    /// The tab a person starts on: their own line's pane for a manager, the
    /// follow-ups for the branch head, else the lobby.
    pub(super) fn home_tab(&self) -> Tab {
        if self.me.has_role(roles::HEAD) {
            return Tab::Followups;
        }
        let line = self
            .catalog
            .lines
            .iter()
            .position(|l| l.role.as_deref().is_some_and(|r| self.me.has_role(r)));
        match line {
            Some(i) if !self.me.has_role(roles::TELLER) && !self.me.has_role(roles::LOBBY) => {
                Tab::Line(i)
            }
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
        let head = self.may(Permission::Head);
        if !head && !owners.contains(&self.me.code) {
            return self.complain(self.t(Msg::DenyReveal).to_string());
        }
        let Some(client) = client else { return };
        let now = self.clock.now();
        let me = self.me.code.clone();
        let result = self.store.write(|db| {
            db.add_event(
                now,
                &me,
                crate::domain::event::EventKind::ClientReveal,
                Some(client),
                json!({"record": record, "id": id}),
            )
        });
        match result {
            Ok(()) => {
                self.now = now;
                self.revealed = Some((client, now + Duration::seconds(REVEAL_SECONDS)));
                self.say(Msg::Revealed.fill(self.lang, &[("s", &REVEAL_SECONDS)]));
            }
            Err(e) => self.complain(e.message(self.lang)),
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
    pub(super) fn selected_record(&self) -> Option<(Option<i64>, &'static str, i64, Vec<String>)> {
        let lobby_staff: Vec<String> = self
            .roster
            .iter()
            .filter(|s| s.has_role(roles::LOBBY))
            .map(|s| s.code.clone())
            .collect();
        match self.tab {
            Tab::Lobby => self.lobby.selected_ticket().map(|t| {
                let mut owners = lobby_staff;
                owners.extend(t.teller.clone());
                (t.client_id, "ticket", t.id, owners)
            }),
            Tab::Line(i) => self.lines[i].selected_card().map(|c| {
                let owners = c.receiver.iter().chain([&c.referred_by]).cloned().collect();
                (Some(c.client_id), "card", c.id, owners)
            }),
            Tab::Followups => self
                .followups
                .selected_prospect()
                .map(|p| (Some(p.client_id), "prospect", p.id, vec![p.owner.clone()])),
            Tab::Clients => self
                .clients
                .selected_client()
                .map(|f| (Some(f.client.id), "client", f.client.id, Vec::new())),
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
        match self.store.db().events_of(record, id) {
            Ok(events) => {
                let kind = match record {
                    "ticket" => Msg::RecTicket,
                    "card" => Msg::RecCard,
                    "prospect" => Msg::RecProspect,
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
