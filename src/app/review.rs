//! The end-of-day review (日终): one day's figures, and the closing sweep
//! through today's cards and prospects that are still open. The sweep's
//! keys open the line panes' outcome form (`line::cards`) and the
//! follow-ups' forms (`followups::act_on`), and this screen saves them
//! through the same functions those screens use.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::followups::{self, rules, state};
use super::form::{keyed, unanswered, Field, Form, Purpose};
use super::line::cards;
use super::recent::Recent;
use super::sweep::SweepList;
use super::{Action, Changes, Component, Cx, Selected};
use crate::domain::authority::{Act, Target};
use crate::domain::card::Card;
use crate::domain::followup;
use crate::domain::validate::Invalid;
use crate::i18n::Msg;
use crate::report::targets::TargetReport;
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
    /// The business day it was when the figures were last computed: a
    /// review showing that day moves on with the clock to the new one.
    today: Option<NaiveDate>,
    pub report: Option<Report>,
    /// The targets of the shown day's month, as of that day.
    pub targets: Option<TargetReport>,
    /// The figures and targets computed lately, by the day shown, the
    /// newest event and the instant then: paging through days computes
    /// each once while nothing is written.
    seen: Recent<(NaiveDate, i64, DateTime<Utc>), (Report, TargetReport), 8>,
    /// Lines scrolled off the top.
    pub scroll: u16,
    /// The closing sweep, while it runs: the open items and the one shown.
    pub sweep: Option<(SweepList, usize)>,
    /// The newest event and the instant the figures were computed at: they
    /// are computed again on coming back to the tab only if either moved.
    read_at: Option<(i64, DateTime<Utc>)>,
    /// The campaigns (the head only, read only; see [`super::campaigns`]).
    pub campaigns: Vec<super::campaigns::CampaignLine>,
    /// Whether the signed-in person sees the campaigns section.
    pub campaigns_shown: bool,
    /// The complaints open now (the lobby manager and the head; see
    /// [`super::review_complaints`]).
    pub complaints: super::review_complaints::OpenComplaints,
    /// The newest event and the minute the campaigns were read at: their
    /// audiences do not follow the day shown, so paging through days reads
    /// them (every client of the branch) once.
    campaigns_read: Option<(i64, i64)>,
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
        SweepItem::Prospect(p) => Target::Prospect(state(p)),
    };
    Some((act, target))
}

impl ReviewState {
    /// Compute the shown day's figures (only while the review is on screen).
    fn compute(&mut self, cx: &Cx) -> Result<(), StoreError> {
        self.read_at = None;
        let today = cx.clock.today();
        if self.day.is_none() || self.day == self.today {
            self.day = Some(today);
        }
        self.today = Some(today);
        let day = self.day.unwrap_or(today);
        let (report, targets) = self.seen.get_or((day, cx.seen_event, cx.now), || {
            let db = cx.store.db();
            let report =
                Report::compute(&db, &cx.catalog, Period::day(day), cx.clock.clone(), cx.now)?;
            // The targets of the day's month, as of the day.
            let month = crate::domain::target::Period::month_of(day);
            let targets =
                TargetReport::compute(&db, &cx.catalog, month, day, cx.clock.clone(), cx.now)?;
            Ok::<_, StoreError>((report, targets))
        })?;
        self.report = Some(report);
        self.targets = Some(targets);
        self.campaigns_shown = cx.allows(Act::Campaign, Target::Branch);
        let key = Some((cx.seen_event, cx.now.timestamp() / 60));
        if self.campaigns_read != key {
            self.campaigns_read = None;
            self.campaigns = super::campaigns::load(cx)?;
            self.campaigns_read = key;
        }
        self.complaints = super::review_complaints::load(cx)?;
        super::sweep::again(&mut self.sweep, cx)?;
        self.read_at = Some((cx.seen_event, cx.now));
        Ok(())
    }

    fn recompute(&mut self, cx: &mut Cx) {
        if let Err(e) = self.compute(cx) {
            cx.complain(e.message(cx.lang));
        }
    }

    fn sweep_action(&mut self, cx: &mut Cx, action: &Action) {
        let Some((items, k)) = self.sweep.as_mut() else {
            return;
        };
        let n = items.len();
        match action {
            Action::Form(crate::app::Input::Cancel) => {
                self.sweep = None;
                return;
            }
            Action::Skip | Action::Down | Action::Up => {
                *k = match action {
                    Action::Up => k.saturating_sub(1),
                    _ if n == 0 => 0,
                    _ => (*k + 1) % n,
                };
                if let Err(e) = items.show(cx, *k) {
                    cx.complain(e.message(cx.lang));
                }
                return;
            }
            _ => {}
        }
        let Some(item) = items.get(*k).cloned() else {
            return;
        };
        // Only what the authority table allows this person on this item.
        let Some((act, target)) = sweep_act(&item, action) else {
            return;
        };
        if !cx.permitted(act, target) {
            return;
        }
        match (item, action) {
            (SweepItem::Card(v), Action::Reschedule) => sweep_card(cx, &v.card, false),
            (SweepItem::Card(v), Action::HandBack) => sweep_card(cx, &v.card, true),
            (SweepItem::Card(v), Action::Won) => {
                cards::open_outcome_form(cx, &v.card, Some("contracted"))
            }
            (SweepItem::Card(v), _) => cards::open_outcome_form(cx, &v.card, Some("declined")),
            (SweepItem::Prospect(p), Action::Reschedule) => sweep_reschedule(cx, &p),
            (SweepItem::Prospect(p), action) => followups::act_on(cx, &p, action),
        }
        self.recompute(cx);
    }
}

impl Component for ReviewState {
    fn title(&self, cx: &Cx) -> String {
        cx.t(Msg::TabReview).to_string()
    }

    fn handle(&mut self, cx: &mut Cx, action: &Action) {
        if self.sweep.is_some() {
            return self.sweep_action(cx, action);
        }
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = (self.scroll + 1).min(self.last_row()),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.last_row(),
            Action::PrevDay | Action::NextDay => {
                let today = cx.clock.today();
                let d = self.day.unwrap_or(today);
                if *action == Action::NextDay && d >= today {
                    // No figures for a day still to come.
                    return cx.say(cx.t(Msg::RvNoLaterDay).to_string());
                }
                let step = if *action == Action::PrevDay { -1 } else { 1 };
                self.day = Some(d + Duration::days(step));
                self.scroll = 0;
                self.recompute(cx);
            }
            Action::Sweep => {
                // The sweep settles what is open now: today's.
                let today = cx.clock.today();
                if self.day.is_some_and(|d| d != today) {
                    let text = Msg::RvSweepToday.fill(cx.lang, &[("d", &today)]);
                    return cx.complain(text);
                }
                match sweep_items(cx) {
                    Ok(items) => self.sweep = Some((items, 0)),
                    Err(e) => cx.complain(e.message(cx.lang)),
                }
            }
            Action::CloseDay => self.ask_close(cx),
            _ => {}
        }
    }

    /// The sweep's forms (a card's outcome, or one about a prospect), and
    /// the day's close.
    fn submit(&mut self, cx: &mut Cx, form: Form) {
        match form.purpose {
            Purpose::CloseDay { day } => self.close(cx, form, day),
            Purpose::Outcome { card } => cards::submit_outcome(cx, form, card),
            _ => followups::submit(cx, form),
        }
    }

    fn edited(&self, cx: &Cx, form: &mut Form) {
        cards::keep_in_step(cx, form);
    }

    /// Computed again only while on view (or when next shown).
    fn reload(&mut self, cx: &Cx, changed: &Changes, shown: bool) -> Result<(), StoreError> {
        if changed.all {
            self.read_at = None;
        }
        if shown {
            self.compute(cx)?;
        }
        Ok(())
    }

    /// Coming back to the tab: the figures again if anything was saved, or
    /// the shown time moved, since they were computed.
    fn shown(&mut self, cx: &mut Cx) {
        if self.read_at != Some((cx.seen_event, cx.now)) {
            self.recompute(cx);
        }
    }

    fn selected(&self, _: &Cx) -> Option<Selected> {
        None
    }

    fn act_of(&self, action: &Action) -> Option<(Act, Target<'_>)> {
        match (self.sweep_item(), action) {
            (None, Action::CloseDay) => Some((Act::CloseDay, self.shown_day())),
            // Not while the sweep runs.
            (Some(_), Action::CloseDay) => Some((Act::CloseDay, Target::Branch)),
            (item, _) => sweep_act(item?, action),
        }
    }
}

impl ReviewState {
    /// How far the figures scroll at most (the screen clamps exactly).
    fn last_row(&self) -> u16 {
        let rows = self.report.as_ref().map_or(0, |x| {
            34 + x.waits.by_service.len()
                + x.service.by_counter.len()
                + x.service.by_teller.len()
                + x.referrals.by_line.len()
                + x.referrals.by_referrer.len()
                + x.staff.len()
        }) + self
            .targets
            .as_ref()
            .map_or(0, |t| t.targets.len() + t.branch.len() + 3)
            + self.section_rows();
        rows.min(u16::MAX as usize) as u16
    }

    /// The rows of the sections after the points: pairs, cross-sell,
    /// campaigns, complaints (a bound: the screen clamps exactly).
    fn section_rows(&self) -> usize {
        let report = self.report.as_ref();
        let pairs = report.map_or(0, |r| r.pairs.len() + 3);
        let cross_sell = report.map_or(0, |r| r.cross_sell.len() + 3);
        let campaigns = self.campaigns.len() + 3;
        let complaints = self.complaints.lines.len() + 6;
        pairs + cross_sell + campaigns + complaints
    }

    /// The day shown, as the authority table sees it.
    fn shown_day(&self) -> Target<'static> {
        Target::Day {
            closed: self.report.as_ref().is_some_and(|r| r.closed.is_some()),
            future: self.day.is_some_and(|d| Some(d) > self.today),
        }
    }

    /// `c`: close the day shown, after a yes (nothing pre-selected).
    fn ask_close(&mut self, cx: &mut Cx) {
        if !cx.permitted(Act::CloseDay, self.shown_day()) {
            return;
        }
        let day = self.day.unwrap_or(cx.clock.today());
        let answers = keyed(&[("y", "yes", Msg::Yes), ("n", "no", Msg::No)], cx.lang);
        let title = Msg::FormCloseDay;
        let form = Form::new(
            Purpose::CloseDay { day },
            title,
            vec![Field::choice(Msg::FieldConfirm, unanswered(answers), 0)],
        );
        cx.form = Some(form.about(day.to_string()));
    }

    /// The close confirmed: every open ticket closed, the figures frozen.
    fn close(&mut self, cx: &mut Cx, form: Form, day: NaiveDate) {
        match form.field(Msg::FieldConfirm).get() {
            "yes" => {}
            "no" => return cx.form = None,
            _ => {
                let required = crate::i18n::invalid(cx.lang, Invalid::Required);
                return cx.refuse_form(form, vec![(Msg::FieldConfirm, required)]);
            }
        }
        let clock = cx.clock.clone();
        match cx.act(|db, op| crate::ops::day::close_day(db, op, day, &clock)) {
            Ok(c) => {
                cx.form = None;
                cx.after_write();
                let args: [(&str, &dyn std::fmt::Display); 3] =
                    [("d", &c.day), ("u", &c.unserved), ("f", &c.unfinished)];
                cx.say(Msg::DayClosedNow.fill(cx.lang, &args));
                self.read_at = None;
            }
            Err(e) => cx.form_failed(form, e),
        }
    }
}

/// The closing sweep from its first item (see [`SweepList::read`]).
fn sweep_items(cx: &Cx) -> Result<SweepList, StoreError> {
    let mut list = SweepList::read(cx)?;
    list.show(cx, 0)?;
    Ok(list)
}

/// A card left open at close goes on the follow-up list, or straight to the
/// branch head's pool.
fn sweep_card(cx: &mut Cx, c: &Card, hand_back: bool) {
    let result = cx.act(|db, op| crate::ops::cards::sweep_card(db, op, c.id, hand_back));
    cx.after_write();
    match result {
        Ok(_) if hand_back => cx.say(cx.t(Msg::HandedBack).to_string()),
        Ok(s) => cx.say(Msg::SweptLater.fill(cx.lang, &[("d", &s.due)])),
        Err(e) => cx.complain(e.message(&cx.names())),
    }
}

/// One key: the prospect's next contact moves to the cadence's next date.
fn sweep_reschedule(cx: &mut Cx, p: &Prospect) {
    let today = cx.clock.today();
    let due = followup::next_due(&rules(&cx.catalog), p.contacts as usize, today);
    let result = cx.act(|db, op| crate::ops::prospects::reschedule(db, op, p.id, due));
    cx.after_write();
    match result {
        Ok(()) => cx.say(Msg::SweptLater.fill(cx.lang, &[("d", &due)])),
        Err(e) => cx.complain(e.message(&cx.names())),
    }
}
