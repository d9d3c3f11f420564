//! The notices a desk shows: what the person missed while away, said once
//! at sign-in; what arrives while they work, with the bell and a message;
//! either way a mark on the tab it concerns until they look there.

use std::collections::HashSet;

use super::{App, Changes, Cx, Tab};
use crate::config::Catalog;
use crate::domain::event::Record;
use crate::domain::notice::{Notice, NoticeKind};
use crate::i18n::{self, Msg};
use crate::ops;

#[derive(Clone, Debug, Default)]
pub struct Inbox {
    /// Tabs with something new for the person, until they look there.
    pub marks: HashSet<Tab>,
    bell: bool,
    /// The first read (at sign-in) is done: what comes later is live.
    live: bool,
    /// The clock's minute the waiting cards were last looked for in.
    waiting_checked: Option<i64>,
    /// A look at the notices failed: the next refresh looks again.
    unread: bool,
}

impl App {
    /// Tell of cards left waiting (any desk may notice) and of complaints
    /// overdue, then show the person's notices they have not seen, and mark
    /// them seen. A failure leaves them unseen for the next look. Each is
    /// asked only when it may have changed: the waiting cards once a minute
    /// (their threshold is in minutes), the overdue complaints when one
    /// changed (their due is a day), the notices when one was written.
    pub(super) fn read_notices(&mut self, changes: &Changes) {
        if self.cx.person.is_kiosk() {
            return;
        }
        let minute = self.cx.clock.now().timestamp() / 60;
        let mut told = false;
        if changes.all || self.inbox.waiting_checked != Some(minute) {
            self.inbox.waiting_checked = Some(minute);
            told |= self.tell_waiting_cards();
        }
        if changes.all || changes.complaints {
            told |= self.tell_overdue_complaints();
        }
        if !(changes.all || changes.notices || told || self.inbox.unread) {
            return;
        }
        let Ok(unseen) = ops::notices::unseen(&self.cx.store.db(), &self.cx.person) else {
            self.inbox.unread = true;
            return;
        };
        self.inbox.unread = false;
        let Some(last) = unseen.last().map(|n| n.id) else {
            self.inbox.live = true;
            return;
        };
        for n in &unseen {
            if let Some(tab) = self.notice_tab(n).filter(|t| *t != self.tab) {
                self.inbox.marks.insert(tab);
            }
        }
        let latest = unseen.last().map(|n| say(&self.cx, n)).unwrap_or_default();
        if self.inbox.live {
            self.cx.say(latest);
            self.inbox.bell = true;
        } else {
            let n = unseen.len();
            let text = Msg::NoticesMissed.fill(self.cx.lang, &[("n", &n), ("s", &latest)]);
            self.cx.say(text);
            self.inbox.live = true;
        }
        let marked = self.cx.act(|db, op| ops::notices::mark_seen(db, op, last));
        self.inbox.unread = marked.is_err();
    }

    /// Tell of the cards waiting past the threshold: whether any was told.
    fn tell_waiting_cards(&mut self) -> bool {
        let minutes = self.cx.catalog.thresholds.card_wait_minutes;
        let cutoff = self.cx.clock.now() - chrono::Duration::minutes(minutes);
        // Read first: a write only when there is something to tell.
        let waiting = self.cx.store.db().cards_waiting(cutoff);
        waiting.is_ok_and(|c| !c.is_empty())
            && self
                .cx
                .act(ops::notices::tell_waiting_cards)
                .is_ok_and(|n| n > 0)
    }

    /// Whether a notice asked for the bell since last asked.
    pub(super) fn take_notice_bell(&mut self) -> bool {
        std::mem::take(&mut self.inbox.bell)
    }

    /// The tab a notice concerns, when that tab does not count it itself
    /// (a line's tab counts its new cards): the lobby for a client waiting
    /// there, Mine for what became of my cards.
    fn notice_tab(&self, n: &Notice) -> Option<Tab> {
        match n.kind {
            NoticeKind::CardWaiting => Some(Tab::Lobby),
            NoticeKind::CardAccepted | NoticeKind::CardSettled => Some(Tab::Mine),
            NoticeKind::ClientArrived | NoticeKind::AppointmentArrived => Some(Tab::Lobby),
            NoticeKind::CardLanded => None,
            NoticeKind::ComplaintOwned | NoticeKind::ComplaintOverdue => Some(Tab::Mine),
        }
    }
}

/// A notice in one sentence, its record named as people know it.
pub fn say(cx: &Cx, n: &Notice) -> String {
    let about = match n.record {
        Record::Ticket => {
            let number = cx.store.db().ticket(n.record_id).ok().flatten();
            let tier = Catalog::label(&cx.catalog.tiers, &n.detail, cx.lang);
            match number {
                Some(t) if n.detail.is_empty() => t.number,
                Some(t) => format!("{} · {tier}", t.number),
                None => String::new(),
            }
        }
        _ => String::new(),
    };
    i18n::notice(cx.lang, n, &cx.staff_name(&n.by), &about)
}
