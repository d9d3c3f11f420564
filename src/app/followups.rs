//! The Follow-ups tab (跟进): prospects due today, overdue, upcoming and ended,
//! and the keys that act on the selected one. Its forms open in `forms`
//! and are saved through the follow-up operations in `saves`.

mod counts;
mod forms;
mod saves;

pub(in crate::app) use forms::add_client_as_prospect;
pub(in crate::app) use saves::submit;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::form::{Form, Purpose};
use super::window;
use super::{Action, Changes, Component, Cursor, Cx, Selected};
use crate::domain::authority::{self, Act, Denial, Target};
use crate::domain::event::Record;
use crate::domain::followup::{self, Bucket, Rules};
use crate::i18n::{Lang, Msg};
use crate::store::clients::HistoryItem;
use crate::store::prospects::{Filter, Prospect, Window, PARTS};
use crate::store::{Store, StoreError};

/// How many of each kind of history entry to show.
const HISTORY_LIMIT: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct FollowState {
    pub filter: Filter,
    pub escalated_only: bool,
    /// The rows read: a window of the list, sorted by section (overdue,
    /// today, upcoming, ended), then due date, from row `first` on (the
    /// whole list when it is short). Read again as the cursor nears its ends.
    pub rows: Vec<(Bucket, Prospect)>,
    /// Where `rows` starts in the list.
    pub first: usize,
    /// How many prospects each part of the list holds (counted off the
    /// indexes; `PARTS` in `store::prospects`).
    counts: [usize; PARTS],
    /// A searched list: its prospects' ids, in its order (its rows are read
    /// by id); `None` for the list as the indexes order it.
    found: Option<Vec<i64>>,
    /// When the first of the list's ended prospects ended: the list changes
    /// when the window of ended prospects moves past it.
    oldest_ended: Option<DateTime<Utc>>,
    /// The counts of the list last read unsearched, until the prospects
    /// change: going back to it from a search counts nothing again.
    counted: Option<Counted>,
    /// The selected row of the whole list.
    pub cursor: Cursor,
    /// The selected prospect's client: visits, cards, contacts, newest first.
    pub history: Vec<HistoryItem>,
    /// What the list was read for.
    scope: Scope,
}

/// The counts of a list, and what they were counted for.
#[derive(Clone, Debug, PartialEq)]
struct Counted {
    filter: Filter,
    today: NaiveDate,
    escalated_before: Option<NaiveDate>,
    counts: [usize; PARTS],
    oldest_ended: Option<DateTime<Utc>>,
}

/// Which prospects the list may show at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// The day the sections were worked out for; `None` before the first read.
    today: Option<NaiveDate>,
    /// Ended prospects stay listed from this instant on.
    ended_since: DateTime<Utc>,
    /// Everyone but the branch head sees only their own prospects.
    only_owner: Option<String>,
}

impl Scope {
    pub fn new(today: NaiveDate, now: DateTime<Utc>, only_owner: Option<&str>) -> Scope {
        Scope {
            today: Some(today),
            ended_since: now - Duration::days(followup::ENDED_DAYS),
            only_owner: only_owner.map(str::to_string),
        }
    }
}

impl FollowState {
    /// Read the list again (its counts and the window around the cursor),
    /// for `scope`.
    pub fn read_all(
        &mut self,
        store: &Store,
        rules: &Rules,
        scope: Scope,
    ) -> Result<(), StoreError> {
        self.scope = scope;
        self.counted = None;
        self.read(store, rules)
    }

    /// Read the list again when the prospects `changed`, or the clients
    /// `clients` (a prospect saved may have changed its client's consent or
    /// name), or an ended one shown left the window of ended prospects, which
    /// moves with the scope's time. On another day, or for another person,
    /// the list is read again whatever changed. Prospects shown and still
    /// open move between the parts' counts (`counts`) rather than the list
    /// being counted again.
    pub fn read_changed(
        &mut self,
        store: &Store,
        rules: &Rules,
        scope: Scope,
        changed: &[i64],
        clients: &[i64],
    ) -> Result<(), StoreError> {
        if scope.today != self.scope.today || scope.only_owner != self.scope.only_owner {
            return self.read_all(store, rules, scope);
        }
        self.scope = scope;
        let expired = self
            .oldest_ended
            .is_some_and(|at| at < self.scope.ended_since);
        // A changed client shows in the list only through a prospect: a
        // walk-in's new or returning client without one changes nothing here.
        let mut listed = false;
        for &c in clients {
            if !store.db().client_prospects(c)?.is_empty() {
                listed = true;
                break;
            }
        }
        if changed.is_empty() && !listed && !expired {
            return Ok(());
        }
        if !listed && !expired && self.found.is_none() && !self.escalated_only {
            let (filter, _) = self.window_filter(rules);
            // The ended part's window moves with the time: no ended
            // prospect left it (`expired`), so its counts still hold.
            let same = |f: &Filter| Filter {
                ended_since: None,
                ..f.clone()
            };
            if let (Some(c), Some(today)) = (&mut self.counted, self.scope.today) {
                if same(&c.filter) == same(&filter)
                    && c.today == today
                    && c.escalated_before.is_none()
                {
                    let window = Window {
                        filter: &filter,
                        today,
                        escalated_before: None,
                    };
                    let moved = counts::moved(&store.db(), c.counts, &self.rows, changed, &window)?;
                    if let Some(n) = moved {
                        c.counts = n;
                        c.filter = filter;
                        return self.read(store, rules);
                    }
                }
            }
        }
        self.counted = None;
        self.read(store, rules)
    }

    /// Show what the (changed) filter lets through.
    pub fn refilter(&mut self, store: &Store, rules: &Rules) -> Result<(), StoreError> {
        self.read(store, rules)
    }

    /// The person's filter within the scope (for everyone but the head,
    /// their own prospects whatever owner they chose), and the escalated
    /// only: those due before the day it returns.
    fn window_filter(&self, rules: &Rules) -> (Filter, Option<NaiveDate>) {
        let mut filter = Filter {
            ended_since: Some(self.scope.ended_since),
            ..self.filter.clone()
        };
        if let Some(me) = &self.scope.only_owner {
            filter.owner = Some(me.clone());
        }
        let today = self.scope.today.unwrap_or_default();
        let escalated = self
            .escalated_only
            .then(|| today - Duration::days(rules.escalate_days));
        (filter, escalated)
    }

    /// Count the list again, read the window around the cursor, and keep
    /// the selected prospect selected wherever it moved within it (failing
    /// that, the same place in the list).
    fn read(&mut self, store: &Store, rules: &Rules) -> Result<(), StoreError> {
        let keep = self.selected_prospect().map(|p| p.id);
        let (filter, escalated_before) = self.window_filter(rules);
        let window = Window {
            filter: &filter,
            today: self.scope.today.unwrap_or_default(),
            escalated_before,
        };
        match store.db().searched_prospects(&window)? {
            // A search finds few: where each goes is read, its rows a
            // window at a time, the selected one kept wherever it went.
            Some(found) => {
                self.counts = found.counts;
                self.oldest_ended = found.oldest_ended;
                let at = keep.and_then(|id| found.ids.iter().position(|&i| i == id));
                self.found = Some(found.ids);
                self.cursor.keep(at, self.len());
            }
            None => {
                let counted = match self.counted.take() {
                    Some(c)
                        if c.filter == filter
                            && c.today == window.today
                            && c.escalated_before == escalated_before =>
                    {
                        c
                    }
                    _ => Counted {
                        counts: store.db().prospect_counts(&window)?,
                        oldest_ended: store.db().oldest_ended(&window)?,
                        filter: filter.clone(),
                        today: window.today,
                        escalated_before,
                    },
                };
                self.counts = counted.counts;
                self.oldest_ended = counted.oldest_ended;
                self.counted = Some(counted);
                self.found = None;
                self.cursor.keep(None, self.len());
            }
        }
        self.rows.clear();
        self.read_rows(store, &window)?;
        let found = keep.and_then(|id| self.rows.iter().position(|(_, p)| p.id == id));
        self.cursor.keep(found.map(|i| self.first + i), self.len());
        self.load_history(store)
    }

    /// Read the rows around the cursor not held yet.
    fn read_rows(&mut self, store: &Store, window: &Window) -> Result<(), StoreError> {
        let held = self.first..self.first + self.rows.len();
        let Some(want) = window::hold(held, self.cursor.at(), self.len()) else {
            return Ok(());
        };
        let (db, today) = (store.db(), window.today);
        let (found, counts) = (&self.found, &self.counts);
        window::refill(&mut self.rows, &mut self.first, want, |r| {
            let rows = match found {
                Some(ids) => db.prospects_by_id(&ids[r])?,
                None => db.prospect_window(window, counts, r.start, r.len())?,
            };
            Ok::<_, StoreError>(
                rows.into_iter()
                    .map(|p| (followup::bucket(p.stage, p.next_due, today), p))
                    .collect(),
            )
        })
    }

    /// After the cursor moved: read the rows around it not held yet.
    fn follow_cursor(&mut self, store: &Store, rules: &Rules) -> Result<(), StoreError> {
        let held = self.first..self.first + self.rows.len();
        if window::hold(held, self.cursor.at(), self.len()).is_none() {
            return Ok(());
        }
        let (filter, escalated_before) = self.window_filter(rules);
        let window = Window {
            filter: &filter,
            today: self.scope.today.unwrap_or_default(),
            escalated_before,
        };
        self.read_rows(store, &window)
    }

    /// Read the selected prospect's client's history.
    fn load_history(&mut self, store: &Store) -> Result<(), StoreError> {
        self.history = match self.selected_prospect() {
            Some(p) => store.db().client_history(p.client_id, HISTORY_LIMIT)?,
            None => Vec::new(),
        };
        Ok(())
    }

    pub fn selected_prospect(&self) -> Option<&Prospect> {
        let i = self.cursor.at().checked_sub(self.first)?;
        self.rows.get(i).map(|(_, p)| p)
    }

    /// How many prospects the list holds.
    pub fn len(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows `range` of the list, of those read.
    pub fn shown(&self, range: std::ops::Range<usize>) -> &[(Bucket, Prospect)] {
        window::shown(&self.rows, self.first, range)
    }

    /// How many prospects fall in each section.
    pub fn count(&self, bucket: Bucket) -> usize {
        let c = &self.counts;
        match bucket {
            Bucket::Overdue => c[0],
            Bucket::DueToday => c[1],
            Bucket::Upcoming => c[2] + c[3],
            Bucket::Ended => c[4] + c[5],
        }
    }
}

pub use crate::ops::prospects::{rules, state};

/// Check a typed date: a date, not before today.
fn due_date(lang: Lang, s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let d = followup::parse_date(s, today)
        .ok_or_else(|| Msg::InvalidDate.fill(lang, &[("hint", &Msg::DateHint.get(lang))]))?;
    followup::check_due(d, today).map_err(|_| Msg::DueInPast.get(lang).to_string())?;
    Ok(d)
}

impl Component for FollowState {
    /// With how many prospects are due today or overdue.
    fn title(&self, cx: &Cx) -> String {
        match self.count(Bucket::Overdue) + self.count(Bucket::DueToday) {
            0 => cx.t(Msg::TabFollowups).to_string(),
            n => format!("{}({n})", cx.t(Msg::TabFollowups)),
        }
    }

    fn handle(&mut self, cx: &mut Cx, action: &Action) {
        if self.cursor.step(action, self.len()) {
            let moved = self
                .follow_cursor(&cx.store, &rules(&cx.catalog))
                .and_then(|()| self.load_history(&cx.store));
            if let Err(e) = moved {
                cx.complain(e.message(cx.lang));
            }
            return;
        }
        match action {
            Action::Filter => return self.open_filter_form(cx),
            Action::AddProspect => {
                if cx.permitted(Act::AddProspect, Target::Branch) {
                    forms::open_add_prospect_form(cx, None);
                }
                return;
            }
            _ => {}
        }
        let Some(p) = self.selected_prospect().cloned() else {
            return cx.complain(cx.t(Msg::NoProspectSelected).to_string());
        };
        if *action == Action::Book {
            let name = p.client_name.as_deref();
            return super::appointments::open_book_form(cx, p.client_id, Some(p.id), name);
        }
        act_on(cx, &p, action);
    }

    fn submit(&mut self, cx: &mut Cx, form: Form) {
        match form.purpose {
            Purpose::Filter => self.submit_filter(cx, form),
            Purpose::Book { client, prospect } => {
                super::appointments::submit_book(cx, form, client, prospect)
            }
            _ => submit(cx, form),
        }
    }

    fn reload(&mut self, cx: &Cx, changed: &Changes, _: bool) -> Result<(), StoreError> {
        let rules = rules(&cx.catalog);
        if changed.all {
            return self.read_all(&cx.store, &rules, scope(cx));
        }
        self.read_changed(
            &cx.store,
            &rules,
            scope(cx),
            &changed.prospects,
            &changed.clients,
        )?;
        let selected = self.selected_prospect().map(|p| p.client_id);
        if let Some(client) = selected {
            if changed.touch_client(&cx.store.db(), client)? {
                self.load_history(&cx.store)?;
            }
        }
        Ok(())
    }

    /// The prospect; its owner may see its client.
    fn selected(&self, _: &Cx) -> Option<Selected> {
        let p = self.selected_prospect()?;
        Some(Selected {
            client: Some(p.client_id),
            record: Record::Prospect,
            id: p.id,
            owners: vec![p.owner.clone()],
        })
    }

    fn act_of(&self, action: &Action) -> Option<(Act, Target<'_>)> {
        let act = match action {
            Action::AddProspect => return Some((Act::AddProspect, Target::Branch)),
            Action::Book => return Some((Act::BookAppointment, Target::Branch)),
            // Without the client's consent, `l` starts by asking for it.
            Action::LogContact if self.selected_prospect().is_some_and(|p| !p.consent) => {
                Act::RecordConsent
            }
            Action::LogContact => Act::LogContact,
            Action::Reschedule => Act::Reschedule,
            Action::Won => Act::Win,
            Action::Lost => Act::Lose,
            Action::HandBack => Act::HandBack,
            Action::Reassign => Act::Reassign,
            Action::Consent => Act::RecordConsent,
            _ => return None,
        };
        // Nothing selected: the key says so, whoever presses it.
        let target = self.selected_prospect().map(|p| Target::Prospect(state(p)));
        Some((act, target.unwrap_or(Target::Branch)))
    }
}

/// Which prospects the list may show now: everyone but the branch head sees
/// only their own.
fn scope(cx: &Cx) -> Scope {
    let only = (!cx.person.is_head()).then_some(cx.me.code.as_str());
    Scope::new(cx.clock.today(), cx.now, only)
}

/// A step on one prospect (from the Follow-ups tab or the closing sweep):
/// refused in words, before any form opens, if the authority table refuses it.
pub(in crate::app) fn act_on(cx: &mut Cx, p: &Prospect, action: &Action) {
    let target = Target::Prospect(state(p));
    let refusal = |act| authority::allowed(&cx.person, act, target).err();
    // Without the client's consent, contacting starts with asking for it.
    let ask_consent =
        *action == Action::LogContact && refusal(Act::LogContact) == Some(Denial::NoConsent);
    let act = match action {
        _ if ask_consent => Act::RecordConsent,
        Action::LogContact => Act::LogContact,
        Action::Consent => Act::RecordConsent,
        Action::Reschedule => Act::Reschedule,
        Action::Won => Act::Win,
        Action::Lost => Act::Lose,
        Action::HandBack => Act::HandBack,
        Action::Reassign => Act::Reassign,
        _ => return,
    };
    if act == Act::Reassign && refusal(act) == Some(Denial::NotHead) {
        // The sentence that names the act.
        return cx.complain(cx.t(Msg::DenyHead).to_string());
    }
    if !cx.permitted(act, target) {
        return;
    }
    match action {
        _ if ask_consent => forms::open_consent_form(cx, p, true),
        Action::LogContact => forms::open_log_form(cx, p),
        Action::Consent => forms::open_consent_form(cx, p, false),
        Action::Reschedule => forms::open_reschedule_form(cx, p),
        Action::Won => forms::open_won_form(cx, p),
        Action::Lost => forms::open_lost_form(cx, p),
        Action::HandBack => saves::hand_back(cx, p.id),
        _ => forms::open_reassign_form(cx, p),
    }
}
