//! The Mine tab (我的): the cards I referred, at every depth of re-referral,
//! for today, this month or this quarter; my points for that period with
//! what earned them and my place among the branch's referrers, as the report
//! counts them; my targets for the month, as the review figures them; and
//! my recent notices.

use chrono::{Datelike, NaiveDate};

use super::recent::Recent;
use super::{Action, Changes, Component, Cursor, Cx, Selected};
use crate::domain::event::Record;
use crate::domain::notice::Notice;
use crate::domain::target::{self, Whom};
use crate::i18n::Msg;
use crate::ops::OpError;
use crate::report::points::{self, Standing};
use crate::report::targets::{TargetFigures, TargetReport};
use crate::report::{Period, Report};
use crate::store::mine::{CreditRow, MyCard};
use crate::store::report::Bounds;
use crate::store::StoreError;

/// What the tab reads for a period: my cards, my credits, and everyone's
/// standings.
type Read = (Vec<MyCard>, Vec<CreditRow>, Vec<Standing>);

/// How many of my notices the tab lists.
pub const NOTICES: usize = 20;

/// The periods the tab shows, `p` going from one to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Span {
    #[default]
    Today,
    Month,
    Quarter,
}

impl Span {
    pub fn next(self) -> Span {
        match self {
            Span::Today => Span::Month,
            Span::Month => Span::Quarter,
            Span::Quarter => Span::Today,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Span::Today => Msg::MineToday,
            Span::Month => Msg::MineMonth,
            Span::Quarter => Msg::MineQuarter,
        }
    }

    /// The business days from the period's first to `today`.
    pub fn period(self, today: NaiveDate) -> Period {
        let first = match self {
            Span::Today => today,
            Span::Month => today.with_day(1).unwrap_or(today),
            Span::Quarter => {
                let month = (today.month() - 1) / 3 * 3 + 1;
                NaiveDate::from_ymd_opt(today.year(), month, 1).unwrap_or(today)
            }
        };
        Period {
            from: first,
            to: today,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct MineState {
    pub span: Span,
    /// The period shown (of `span`, on the day it was read).
    pub period: Option<Period>,
    /// My cards in the period, newest chain first, each chain in order.
    pub cards: Vec<MyCard>,
    pub cursor: Cursor,
    /// My points for the period (`None`: none yet), as the report has them.
    pub standing: Option<Standing>,
    /// My place among the period's referrers, and how many there are.
    pub place: Option<(usize, usize)>,
    /// What earned my points, newest first.
    pub credits: Vec<CreditRow>,
    /// The targets set for me this month, with their figures (none: none
    /// set), and the month with the share of it gone by.
    pub targets: Vec<TargetFigures>,
    pub target_month: Option<(target::Period, f64)>,
    /// The newest event and the day the targets were read at: they do not
    /// follow the span, so changing it does not read them again.
    targets_read: Option<(i64, NaiveDate)>,
    /// Each span's cards, credits and standings read lately, by the period
    /// and the newest event: going round the spans reads each once while
    /// nothing is written.
    seen: Recent<(Period, i64), Read, 3>,
    /// The open complaints I own (the head: every open one), the earliest
    /// promised first.
    pub complaints: Vec<crate::domain::complaint::Complaint>,
    /// My newest notices, newest first.
    pub notices: Vec<Notice>,
    /// Each notice in one sentence.
    pub said: Vec<String>,
    /// The newest event when all this was read: read again on coming back
    /// to the tab only if something was saved since.
    read_at: Option<i64>,
}

impl MineState {
    pub fn selected_card(&self) -> Option<&MyCard> {
        self.cards.get(self.cursor.at())
    }

    /// Read everything the tab shows for the period of its span.
    fn read(&mut self, cx: &Cx) -> Result<(), StoreError> {
        self.read_at = None;
        let period = self.span.period(cx.clock.today());
        let db = cx.store.db();
        let me = cx.me.code.as_str();
        let b = Bounds::new(period.from, period.to, |d| cx.clock.offset_on(d), cx.now);
        let keep = self.selected_card().map(|c| c.id);
        let (cards, credits, standings) = self.seen.get_or((period, cx.seen_event), || {
            db.report_snapshot(|db| {
                let standings =
                    Report::standings(db, &cx.catalog, period, cx.clock.clone(), cx.now)?;
                Ok((db.my_referrals(me, &b)?, db.my_credits(me, &b)?, standings))
            })
        })?;
        self.cards = cards;
        let found = keep.and_then(|id| self.cards.iter().position(|c| c.id == id));
        self.cursor.keep(found, self.cards.len());
        self.credits = credits;
        self.place = points::place(&standings, me);
        self.standing = standings.into_iter().find(|s| s.code == me);
        let today = cx.clock.today();
        if self.targets_read != Some((cx.seen_event, today)) {
            let month = target::Period::month_of(today);
            let t =
                TargetReport::compute(&db, &cx.catalog, month, today, cx.clock.clone(), cx.now)?;
            let mine = Whom::Person(me.to_string());
            self.targets = t.targets.into_iter().filter(|x| x.whom == mine).collect();
            self.target_month = Some((t.period, t.elapsed_percent));
            self.targets_read = Some((cx.seen_event, today));
        }
        let owner = (!cx.person.is_head()).then_some(me);
        self.complaints = db.open_complaints(owner)?;
        self.notices = match crate::ops::notices::recent(&db, &cx.person, NOTICES) {
            Ok(n) => n.into_iter().rev().collect(),
            Err(OpError::Store(e)) => return Err(e),
            Err(_) => Vec::new(),
        };
        self.said = self
            .notices
            .iter()
            .map(|n| super::notices::say(cx, n))
            .collect();
        self.period = Some(period);
        self.read_at = Some(cx.seen_event);
        Ok(())
    }

    /// On view: read again if anything was saved since it was read.
    fn read_if_stale(&mut self, cx: &Cx) -> Result<(), StoreError> {
        let today = cx.clock.today();
        let same_day = self.period == Some(self.span.period(today));
        if same_day && self.read_at == Some(cx.seen_event) {
            return Ok(());
        }
        self.read(cx)
    }

    fn read_or_say(&mut self, cx: &mut Cx) {
        if let Err(e) = self.read(cx) {
            cx.complain(e.message(cx.lang));
        }
    }
}

impl Component for MineState {
    fn title(&self, cx: &Cx) -> String {
        cx.t(Msg::TabMine).to_string()
    }

    fn handle(&mut self, cx: &mut Cx, action: &Action) {
        if self.cursor.step(action, self.cards.len()) {
            return;
        }
        if *action == Action::Period {
            self.span = self.span.next();
            self.cursor = Cursor::default();
            self.read_or_say(cx);
        }
    }

    /// Cards, contacts (points, places) and notices change with others'
    /// work: read again while on view, or when next shown.
    fn reload(&mut self, cx: &Cx, changed: &Changes, shown: bool) -> Result<(), StoreError> {
        let touched = changed.all
            || changed.notices
            || changed.complaints
            || !changed.cards.is_empty()
            || !changed.prospects.is_empty();
        if touched {
            self.read_at = None;
        }
        if shown {
            self.read_if_stale(cx)?;
        }
        Ok(())
    }

    fn shown(&mut self, cx: &mut Cx) {
        if let Err(e) = self.read_if_stale(cx) {
            cx.complain(e.message(cx.lang));
        }
    }

    /// The selected card: its history (Enter) and, for whoever may, its
    /// client in full.
    fn selected(&self, _: &Cx) -> Option<Selected> {
        let c = self.selected_card()?;
        Some(Selected {
            client: Some(c.client_id),
            record: Record::Card,
            id: c.id,
            // As the line's pane has it: its receiver and who made it.
            owners: c.receiver.iter().chain([&c.referred_by]).cloned().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_run_from_their_first_day_to_today() {
        let today = d(2026, 11, 23);
        assert_eq!(Span::Today.period(today), Period::day(today));
        assert_eq!(Span::Month.period(today).from, d(2026, 11, 1));
        assert_eq!(Span::Quarter.period(today).from, d(2026, 10, 1));
        assert_eq!(Span::Quarter.period(d(2026, 3, 31)).from, d(2026, 1, 1));
        assert_eq!(Span::Quarter.period(d(2026, 4, 1)).from, d(2026, 4, 1));
        assert_eq!(Span::Today.next().next().next(), Span::Today);
    }
}
