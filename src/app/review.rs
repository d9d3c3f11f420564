//! The end-of-day review (日终): one day's figures, and the closing sweep
//! through today's cards and prospects that are still open.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::followups::{rules, state};
use super::{Action, App};
use crate::domain::authority::{Act, Target};
use crate::domain::card::Card;
use crate::domain::followup;
use crate::i18n::Msg;
use crate::report::{Period, Report};
use crate::store::cards::CardView;
use crate::store::prospects::Prospect;
use crate::store::StoreError;

/// One open item of the closing sweep.
#[derive(Clone, Debug, PartialEq)]
pub enum SweepItem {
    Card(Box<CardView>),
    Prospect(Box<Prospect>),
}

#[derive(Clone, Debug, Default)]
pub struct ReviewState {
    /// The day shown; `None` until the tab is first opened (then today).
    pub day: Option<NaiveDate>,
    pub report: Option<Report>,
    /// Lines scrolled off the top.
    pub scroll: u16,
    /// The closing sweep, while it runs: the open items and the one shown.
    pub sweep: Option<(Vec<SweepItem>, usize)>,
    /// The newest event and the instant the figures were computed at: they
    /// are computed again on coming back to the tab only if either moved.
    pub(super) read_at: Option<(i64, DateTime<Utc>)>,
}

impl ReviewState {
    /// The sweep's item on screen, while the sweep runs.
    pub fn sweep_item(&self) -> Option<&SweepItem> {
        self.sweep.as_ref().and_then(|(items, k)| items.get(*k))
    }
}

/// What a key does to a sweep item: the act and its record.
pub fn sweep_act<'a>(item: &'a SweepItem, action: &Action) -> Option<(Act, Target<'a>)> {
    let act = match (item, action) {
        (SweepItem::Card(_), Action::Reschedule) => Act::SweepCardLater,
        (SweepItem::Card(_), Action::HandBack) => Act::SweepCardHandBack,
        (SweepItem::Card(_), Action::Won | Action::Lost) => Act::RecordOutcome,
        (SweepItem::Prospect(_), Action::Reschedule) => Act::Reschedule,
        (SweepItem::Prospect(_), Action::Won) => Act::Win,
        (SweepItem::Prospect(_), Action::Lost) => Act::Lose,
        (SweepItem::Prospect(_), Action::HandBack) => Act::HandBack,
        _ => return None,
    };
    let target = match item {
        SweepItem::Card(v) => Target::Card(&v.card),
        SweepItem::Prospect(p) => Target::Prospect(super::followups::state(p)),
    };
    Some((act, target))
}

impl App {
    /// Compute the shown day's figures (only while the review is on screen).
    pub(super) fn reload_review(&mut self) -> Result<(), StoreError> {
        self.review.read_at = None;
        let day = *self.review.day.get_or_insert(self.clock.today());
        let report = Report::compute(
            &self.store.db(),
            &self.catalog,
            Period::day(day),
            self.clock.clone(),
            self.now,
        )?;
        self.review.report = Some(report);
        if self.review.sweep.is_some() {
            let items = self.sweep_items()?;
            let k = self.review.sweep.as_ref().map_or(0, |s| s.1);
            self.review.sweep = Some((items, k));
        }
        if let Some((items, k)) = &mut self.review.sweep {
            *k = (*k).min(items.len().saturating_sub(1));
        }
        self.review.read_at = Some((self.seen_event, self.now));
        Ok(())
    }

    /// Coming back to the tab: the figures again if anything was saved, or
    /// the shown time moved, since they were computed.
    pub(super) fn review_shown(&mut self) {
        if self.review.read_at != Some((self.seen_event, self.now)) {
            self.refresh_review();
        }
    }

    /// What is left open that this person may settle: today's open cards
    /// they may move on (the lobby manager and the head any, a line's
    /// managers their line's) or record the outcome of (their receiver), then
    /// the prospects due today or overdue that are theirs (all, for the head).
    fn sweep_items(&self) -> Result<Vec<SweepItem>, StoreError> {
        let midnight = self.clock.start_of_today();
        let today = self.clock.today();
        let mut items: Vec<SweepItem> = self
            .lines
            .iter()
            .flat_map(|p| p.cards.iter())
            .filter(|v| v.card.status.is_open() && v.card.created_at >= midnight)
            .filter(|v| {
                [Act::SweepCardLater, Act::RecordOutcome]
                    .into_iter()
                    .any(|act| self.allows(act, Target::Card(&v.card)))
            })
            .map(|v| SweepItem::Card(Box::new(v.clone())))
            .collect();
        items.extend(
            self.store
                .db()
                .due_prospects(today)?
                .into_iter()
                .filter(|p| self.allows(Act::Reschedule, Target::Prospect(state(p))))
                .map(|p| SweepItem::Prospect(Box::new(p))),
        );
        Ok(items)
    }

    pub(super) fn review_action(&mut self, action: Action) {
        if self.review.sweep.is_some() {
            return self.sweep_action(action);
        }
        let r = &mut self.review;
        match action {
            Action::Up => r.scroll = r.scroll.saturating_sub(1),
            Action::Down => {
                // At most as far as the figures go (the screen clamps exactly).
                let rows = r.report.as_ref().map_or(0, |x| {
                    30 + x.waits.by_service.len()
                        + x.service.by_counter.len()
                        + x.service.by_teller.len()
                        + x.referrals.by_line.len()
                        + x.referrals.by_referrer.len()
                        + x.staff.len()
                });
                r.scroll = (r.scroll + 1).min(rows as u16);
            }
            Action::Top => r.scroll = 0,
            Action::PrevDay | Action::NextDay => {
                let d = r.day.unwrap_or(self.clock.today());
                let step = if action == Action::PrevDay { -1 } else { 1 };
                r.day = Some(d + Duration::days(step));
                r.scroll = 0;
                self.refresh_review();
            }
            Action::Sweep => match self.sweep_items() {
                Ok(items) => self.review.sweep = Some((items, 0)),
                Err(e) => self.complain(e.message(self.lang)),
            },
            _ => {}
        }
    }

    pub(super) fn refresh_review(&mut self) {
        if let Err(e) = self.reload_review() {
            self.complain(e.message(self.lang));
        }
    }

    fn sweep_action(&mut self, action: Action) {
        let Some((items, k)) = self.review.sweep.as_mut() else {
            return;
        };
        let n = items.len();
        match action {
            Action::Form(crate::app::Input::Cancel) => {
                self.review.sweep = None;
                return;
            }
            Action::Skip | Action::Down => {
                *k = if n == 0 { 0 } else { (*k + 1) % n };
                return;
            }
            Action::Up => {
                *k = k.saturating_sub(1);
                return;
            }
            _ => {}
        }
        let Some(item) = items.get(*k).cloned() else {
            return;
        };
        // Only what the authority table allows this person on this item.
        let Some((act, target)) = sweep_act(&item, &action) else {
            return;
        };
        if !self.permitted(act, target) {
            return;
        }
        match (item, action) {
            (SweepItem::Card(v), Action::Reschedule) => self.sweep_card(&v.card, false),
            (SweepItem::Card(v), Action::HandBack) => self.sweep_card(&v.card, true),
            (SweepItem::Card(v), Action::Won) => {
                self.open_outcome_form(&v.card, Some("contracted"))
            }
            (SweepItem::Card(v), _) => self.open_outcome_form(&v.card, Some("declined")),
            (SweepItem::Prospect(p), Action::Reschedule) => self.sweep_reschedule(&p),
            (SweepItem::Prospect(p), action) => self.followup_action_on(&p, action),
        }
        self.refresh_review();
    }

    /// A card left open at close goes on the follow-up list, or straight to the
    /// branch head's pool.
    fn sweep_card(&mut self, c: &Card, hand_back: bool) {
        let result = self.act(|db, op| crate::ops::cards::sweep_card(db, op, c.id, hand_back));
        self.after_write();
        match result {
            Ok(_) if hand_back => self.say(self.t(Msg::HandedBack).to_string()),
            Ok(s) => self.say(Msg::SweptLater.fill(self.lang, &[("d", &s.due)])),
            Err(e) => self.complain(e.message(&self.names())),
        }
    }

    /// One key: the prospect's next contact moves to the cadence's next date.
    fn sweep_reschedule(&mut self, p: &Prospect) {
        let today = self.clock.today();
        let due = followup::next_due(&rules(&self.catalog), p.contacts as usize, today);
        let result = self.act(|db, op| crate::ops::prospects::reschedule(db, op, p.id, due));
        self.after_write();
        match result {
            Ok(()) => self.say(Msg::SweptLater.fill(self.lang, &[("d", &due)])),
            Err(e) => self.complain(e.message(&self.names())),
        }
    }
}
