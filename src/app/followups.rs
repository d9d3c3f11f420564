//! The Follow-ups tab (跟进): prospects due today, overdue, upcoming and ended,
//! and the keys that act on the selected one. Its forms open in `forms`
//! and are saved through the follow-up operations in `saves`.

mod forms;
mod saves;

pub(in crate::app) use forms::add_client_as_prospect;
pub(in crate::app) use saves::submit;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::form::{Form, Purpose};
use super::{Action, Changes, Component, Cursor, Cx, Selected};
use crate::domain::authority::{self, Act, Denial, Target};
use crate::domain::event::Record;
use crate::domain::followup::{self, Bucket, Rules};
use crate::i18n::{Lang, Msg};
use crate::store::clients::HistoryItem;
use crate::store::prospects::{Filter, Prospect};
use crate::store::{Store, StoreError};

/// How far back ended prospects stay in the list.
const ENDED_DAYS: i64 = 30;
/// How many of each kind of history entry to show.
const HISTORY_LIMIT: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct FollowState {
    pub filter: Filter,
    pub escalated_only: bool,
    /// Sorted by section (overdue, today, upcoming, ended), then due date.
    pub rows: Vec<(Bucket, Prospect)>,
    pub cursor: Cursor,
    /// The selected prospect's client: visits, cards, contacts, newest first.
    pub history: Vec<HistoryItem>,
    /// The prospects the filter hides, sorted the same way. With `rows`, every
    /// prospect the list may show whatever the filter: read once, then kept
    /// up to date record by record, and filtered in memory.
    hidden: Vec<(Bucket, Prospect)>,
    /// What the list was read for.
    scope: Scope,
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
            ended_since: now - Duration::days(ENDED_DAYS),
            only_owner: only_owner.map(str::to_string),
        }
    }

    /// Every prospect in scope, whatever the person's filter.
    fn filter(&self) -> Filter {
        Filter {
            owner: self.only_owner.clone(),
            ended_since: Some(self.ended_since),
            ..Filter::default()
        }
    }
}

/// The list's order: by section, then due date, the latest ended first, then id.
fn listed_before((a, p): &(Bucket, Prospect), (b, q): &(Bucket, Prospect)) -> std::cmp::Ordering {
    a.cmp(b)
        .then(p.next_due.cmp(&q.next_due))
        .then(q.ended_at.cmp(&p.ended_at))
        .then(p.id.cmp(&q.id))
}

impl FollowState {
    /// Read the whole list again, for `scope`.
    pub fn read_all(
        &mut self,
        store: &Store,
        rules: &Rules,
        scope: Scope,
    ) -> Result<(), StoreError> {
        let keep = self.selected_prospect().map(|p| p.id);
        let today = scope.today.unwrap_or_default();
        self.scope = scope;
        let all = store
            .db()
            .prospects(&self.scope.filter())?
            .into_iter()
            .map(|p| (followup::bucket(p.stage, p.next_due, today), p))
            .collect();
        self.arrange(rules, all);
        self.reselect(keep);
        self.load_history(store)
    }

    /// Read again only the prospects `changed` and every prospect of their
    /// clients and of the clients `clients` (a prospect saved may have changed
    /// its client's consent or name); let go of ended ones that left the
    /// window, which moves with the scope's time. On another day, or for
    /// another person, the whole list is read. The selected client's history
    /// is read again when the list changed.
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
        let today = scope.today.unwrap_or_default();
        self.scope = scope;
        let in_scope = self.scope.filter();
        let expired = |rows: &[(Bucket, Prospect)]| rows.iter().any(|(_, p)| !in_scope.matches(p));
        if changed.is_empty()
            && clients.is_empty()
            && !expired(&self.rows)
            && !expired(&self.hidden)
        {
            return Ok(());
        }
        let keep = self.selected_prospect().map(|p| p.id);
        let db = store.db();
        let mut clients = clients.to_vec();
        for &id in changed {
            if let Some(p) = db.prospect(id)? {
                clients.push(p.client_id);
            }
        }
        clients.sort_unstable();
        clients.dedup();
        let mut fresh = Vec::new();
        for &client in &clients {
            fresh.extend(db.client_prospects(client)?);
        }
        let mut all = std::mem::take(&mut self.rows);
        all.append(&mut self.hidden);
        all.retain(|(_, p)| {
            in_scope.matches(p)
                && !changed.contains(&p.id)
                && clients.binary_search(&p.client_id).is_err()
        });
        all.extend(
            fresh
                .into_iter()
                .filter(|p| in_scope.matches(p))
                .map(|p| (followup::bucket(p.stage, p.next_due, today), p)),
        );
        self.arrange(rules, all);
        self.reselect(keep);
        self.load_history(store)
    }

    /// Show what the (changed) filter lets through, from what was read.
    pub fn refilter(&mut self, store: &Store, rules: &Rules) -> Result<(), StoreError> {
        let keep = self.selected_prospect().map(|p| p.id);
        let mut all = std::mem::take(&mut self.rows);
        all.append(&mut self.hidden);
        self.arrange(rules, all);
        self.reselect(keep);
        self.load_history(store)
    }

    /// Sort `all` into the list's order and split it into the rows the
    /// filter shows and those it hides.
    fn arrange(&mut self, rules: &Rules, all: Vec<(Bucket, Prospect)>) {
        // Sort a permutation, not the wide rows themselves: far less to move.
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by(|&i, &j| listed_before(&all[i], &all[j]));
        let mut slots: Vec<Option<(Bucket, Prospect)>> = all.into_iter().map(Some).collect();
        // The person's filter within the scope (for everyone but the head,
        // their own prospects whatever owner they chose).
        let mut filter = Filter {
            ended_since: Some(self.scope.ended_since),
            ..self.filter.clone()
        };
        if let Some(me) = &self.scope.only_owner {
            filter.owner = Some(me.clone());
        }
        let today = self.scope.today.unwrap_or_default();
        let escalated_only = self.escalated_only;
        let shows = |p: &Prospect| {
            filter.matches(p)
                && (!escalated_only || followup::escalated(rules, p.stage, p.next_due, today))
        };
        self.rows.clear();
        self.hidden.clear();
        for i in order {
            let Some(row) = slots[i].take() else { continue };
            if shows(&row.1) {
                self.rows.push(row);
            } else {
                self.hidden.push(row);
            }
        }
    }

    /// Keep the prospect `keep` selected wherever it moved; failing that, the
    /// same place in the list.
    fn reselect(&mut self, keep: Option<i64>) {
        let found = keep.and_then(|id| self.rows.iter().position(|(_, p)| p.id == id));
        self.cursor.keep(found, self.rows.len());
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
        self.rows.get(self.cursor.at()).map(|(_, p)| p)
    }

    /// How many prospects fall in each section (counted on every frame: the
    /// rows are sorted by section, so two binary searches).
    pub fn count(&self, bucket: Bucket) -> usize {
        let first = self.rows.partition_point(|(b, _)| *b < bucket);
        let after = self.rows.partition_point(|(b, _)| *b <= bucket);
        after - first
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
        if self.cursor.step(action, self.rows.len()) {
            if let Err(e) = self.load_history(&cx.store) {
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
        if changed.visits() {
            // The selected client's visits and cards.
            self.load_history(&cx.store)?;
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
