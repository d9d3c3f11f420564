//! The Follow-ups tab (跟进): prospects due today, overdue, upcoming and ended,
//! and what can be done with one: log a contact, reschedule, won, lost, hand
//! back, reassign; a filter and search; adding a prospect by hand.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;

use super::form::{entries, numbered, yes_no, Choice, Field, Form, Purpose};
use super::{Action, App};
use crate::config::{Catalog, Entry};
use crate::domain::card;
use crate::domain::followup::{self, Bucket, FollowRefusal, Rules, Stage};
use crate::domain::validate;
use crate::i18n::{self, Lang, Msg};
use crate::store::clients::HistoryItem;
use crate::store::prospects::{Contact, Filter, NewProspect, Prospect};
use crate::store::{Db, Store, StoreError};

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
    pub selected: usize,
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
    pub fn reload(&mut self, store: &Store, rules: &Rules, scope: Scope) -> Result<(), StoreError> {
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
    pub fn update(
        &mut self,
        store: &Store,
        rules: &Rules,
        scope: Scope,
        changed: &[i64],
        clients: &[i64],
    ) -> Result<(), StoreError> {
        if scope.today != self.scope.today || scope.only_owner != self.scope.only_owner {
            return self.reload(store, rules, scope);
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
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|(_, p)| p.id == id))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
    }

    /// Read the selected prospect's client's history.
    pub(super) fn load_history(&mut self, store: &Store) -> Result<(), StoreError> {
        self.history = match self.selected_prospect() {
            Some(p) => store.db().client_history(p.client_id, HISTORY_LIMIT)?,
            None => Vec::new(),
        };
        Ok(())
    }

    pub fn selected_prospect(&self) -> Option<&Prospect> {
        self.rows.get(self.selected).map(|(_, p)| p)
    }

    /// How many prospects fall in each section (counted on every frame: the
    /// rows are sorted by section, so two binary searches).
    pub fn count(&self, bucket: Bucket) -> usize {
        let first = self.rows.partition_point(|(b, _)| *b < bucket);
        let after = self.rows.partition_point(|(b, _)| *b <= bucket);
        after - first
    }
}

/// Why a follow-up step did not happen.
#[derive(Debug)]
enum Failure {
    Refused(FollowRefusal),
    Changed,
    /// Someone else owns the prospect now.
    NotOwner(String),
    Store(StoreError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<FollowRefusal> for Failure {
    fn from(r: FollowRefusal) -> Self {
        Failure::Refused(r)
    }
}

/// A choice list led by "all" (code ""), for filters.
fn with_all(lang: Lang, rest: Vec<(String, String)>) -> Vec<Choice> {
    std::iter::once((String::new(), Msg::All.get(lang).to_string()))
        .chain(rest)
        .enumerate()
        .map(|(i, (code, label))| Choice {
            key: i.to_string(),
            code,
            label: format!("{i} {label}"),
        })
        .collect()
}

/// A prospect as the authority table sees it.
pub fn state(p: &Prospect) -> crate::domain::authority::ProspectState<'_> {
    crate::domain::authority::ProspectState {
        owner: &p.owner,
        stage: p.stage,
        consent: p.consent,
    }
}

pub fn rules(catalog: &Catalog) -> Rules {
    Rules {
        cadence_days: catalog.followup.cadence_days.clone(),
        alert_days: catalog.followup.overdue_alert_days,
        escalate_days: catalog.followup.escalate_days,
    }
}

/// Check a typed date: a date, not before today.
fn due_date(lang: Lang, s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let d = followup::parse_date(s, today)
        .ok_or_else(|| Msg::InvalidDate.fill(lang, &[("hint", &Msg::DateHint.get(lang))]))?;
    followup::check_due(d, today).map_err(|_| Msg::DueInPast.get(lang).to_string())?;
    Ok(d)
}

fn event(
    db: &Db,
    now: DateTime<Utc>,
    actor: &str,
    kind: crate::domain::event::EventKind,
    id: i64,
    details: serde_json::Value,
) -> Result<(), StoreError> {
    db.add_event(now, actor, kind, Some(id), details)
}

impl App {
    pub(super) fn followup_action(&mut self, action: Action) {
        let last = self.followups.rows.len().saturating_sub(1);
        let f = &mut self.followups;
        let moved = match action {
            Action::Up => Some(f.selected.saturating_sub(1)),
            Action::Down => Some((f.selected + 1).min(last)),
            Action::Top => Some(0),
            Action::Bottom => Some(last),
            _ => None,
        };
        if let Some(i) = moved {
            f.selected = i;
            if let Err(e) = f.load_history(&self.store) {
                self.complain(e.message(self.lang));
            }
            return;
        }
        match action {
            Action::Filter => return self.open_filter_form(),
            Action::AddProspect => return self.open_add_prospect_form("", "", true),
            _ => {}
        }
        let Some(p) = self.followups.selected_prospect().cloned() else {
            return self.complain(self.t(Msg::NoProspectSelected).to_string());
        };
        self.followup_action_on(&p, action);
    }

    /// A step on one prospect (from the Follow-ups tab or the closing sweep).
    pub(super) fn followup_action_on(&mut self, p: &Prospect, action: Action) {
        use crate::domain::roles::Permission;
        let p = p.clone();
        let needs = match action {
            Action::Reassign => Permission::Head,
            _ => Permission::WorkProspect { owner: &p.owner },
        };
        if !self.check(needs) {
            return;
        }
        match action {
            Action::LogContact => self.open_log_form(&p),
            Action::Consent => self.followup_form(
                &p,
                Purpose::Consent {
                    prospect: p.id,
                    then_log: false,
                },
                Msg::FormConsent,
                vec![Field::choice(
                    Msg::FieldConsent,
                    yes_no(self.lang, p.consent),
                    0,
                )],
            ),
            Action::Reschedule => self.open_reschedule_form(&p),
            Action::Won => self.open_won_form(&p),
            Action::Lost => self.open_lost_form(&p),
            Action::HandBack => self.hand_back(&p),
            Action::Reassign => self.open_reassign_form(&p),
            _ => {}
        }
    }

    /// Open a form about one prospect: its client, masked, beside the title.
    fn followup_form(&mut self, p: &Prospect, purpose: Purpose, title: Msg, fields: Vec<Field>) {
        let name = p.client_name.as_deref().unwrap_or("");
        let form = Form::new(purpose, title, fields).about(crate::domain::privacy::mask_name(name));
        self.form = Some(form);
    }

    fn open_log_form(&mut self, p: &Prospect) {
        if let Err(r) = followup::must_be_open(p.stage) {
            return self.follow_refused(r);
        }
        let lang = self.lang;
        if !p.consent {
            return self.followup_form(
                p,
                Purpose::Consent {
                    prospect: p.id,
                    then_log: true,
                },
                Msg::FormConsent,
                vec![Field::choice(Msg::FieldConsent, yes_no(lang, true), 0)],
            );
        }
        let due = followup::next_due(
            &rules(&self.catalog),
            p.contacts as usize + 1,
            self.clock.today(),
        );
        self.followup_form(
            p,
            Purpose::LogContact { prospect: p.id },
            Msg::FormLog,
            vec![
                Field::choice(
                    Msg::FieldChannel,
                    numbered(entries(self.catalog.channels.iter(), lang)),
                    0,
                ),
                Field::text(Msg::FieldSummary, false),
                Field::text(Msg::FieldOutcome, true),
                Field::text(Msg::FieldNextStep, true),
                Field::text(Msg::FieldDue, false).with_text(&due.to_string()),
            ],
        );
    }

    fn open_reschedule_form(&mut self, p: &Prospect) {
        if let Err(r) = followup::must_be_open(p.stage) {
            return self.follow_refused(r);
        }
        let due = p.next_due.unwrap_or(self.clock.today()).to_string();
        self.followup_form(
            p,
            Purpose::Reschedule { prospect: p.id },
            Msg::FormReschedule,
            vec![Field::text(Msg::FieldDue, false).with_text(&due)],
        );
    }

    fn open_won_form(&mut self, p: &Prospect) {
        if let Err(r) = followup::must_be_open(p.stage) {
            return self.follow_refused(r);
        }
        let products = self
            .catalog
            .products
            .iter()
            .filter(|x| p.line.is_none() || x.line == p.line);
        self.followup_form(
            p,
            Purpose::Won { prospect: p.id },
            Msg::FormWon,
            vec![
                Field::choice(Msg::FieldProduct, numbered(entries(products, self.lang)), 0),
                Field::text(Msg::FieldAmount, false),
            ],
        );
    }

    fn open_lost_form(&mut self, p: &Prospect) {
        if let Err(r) = followup::must_be_open(p.stage) {
            return self.follow_refused(r);
        }
        let lang = self.lang;
        let mut reasons = numbered(entries(self.catalog.objections.iter(), lang));
        let n = reasons.len() + 1;
        reasons.push(Choice {
            key: n.to_string(),
            code: "other".into(),
            label: format!("{n} {}", Msg::Other.get(lang)),
        });
        self.followup_form(
            p,
            Purpose::Lost { prospect: p.id },
            Msg::FormLost,
            vec![
                Field::choice(Msg::FieldReason, reasons, 0),
                Field::text(Msg::FieldNote, true),
            ],
        );
    }

    fn open_reassign_form(&mut self, p: &Prospect) {
        let people: Vec<(String, String)> = self
            .roster
            .iter()
            .filter(|s| s.active && s.code != p.owner && s.code != "LOBBY")
            .map(|s| (s.code.clone(), s.name.clone()))
            .collect();
        let choices = people
            .into_iter()
            .enumerate()
            .map(|(i, (code, name))| Choice {
                key: ((i + 1) % 10).to_string(),
                code,
                label: format!("{} {name}", i + 1),
            })
            .collect();
        self.followup_form(
            p,
            Purpose::Reassign { prospect: p.id },
            Msg::FormReassign,
            vec![Field::choice(Msg::FieldOwner, choices, 0)],
        );
    }

    fn open_filter_form(&mut self) {
        let lang = self.lang;
        let f = self.followups.filter.clone();
        let staff = self
            .roster
            .iter()
            .filter(|s| s.active)
            .map(|s| (s.code.clone(), s.name.clone()))
            .collect();
        let entries = |list: &[Entry]| {
            list.iter()
                .map(|e| (e.code.clone(), e.label.get(lang).to_string()))
                .collect()
        };
        let mut form = Form::new(
            Purpose::Filter,
            Msg::FormFilter,
            vec![
                Field::text(Msg::FieldSearch, true).with_text(f.search.as_deref().unwrap_or("")),
                Field::choice(Msg::FieldOwner, with_all(lang, staff), 0),
                Field::choice(
                    Msg::FieldLine,
                    with_all(lang, entries(&self.catalog.lines)),
                    0,
                ),
                Field::choice(
                    Msg::FieldTier,
                    with_all(lang, entries(&self.catalog.tiers)),
                    0,
                ),
                Field::choice(Msg::FieldEscalated, yes_no(lang, false), 0),
            ],
        );
        form.choose(Msg::FieldOwner, f.owner.as_deref().unwrap_or(""));
        form.choose(Msg::FieldLine, f.line.as_deref().unwrap_or(""));
        form.choose(Msg::FieldTier, f.tier.as_deref().unwrap_or(""));
        form.choose(
            Msg::FieldEscalated,
            if self.followups.escalated_only {
                "yes"
            } else {
                "no"
            },
        );
        self.form = Some(form);
    }

    /// The form to put a client on the follow-up list by hand, filled in with
    /// what is known of them (from the Clients tab), or empty.
    pub(super) fn open_add_prospect_form(&mut self, name: &str, mobile: &str, consent: bool) {
        let lang = self.lang;
        let due = super::cards::first_due(&self.catalog, self.clock.today());
        self.form = Some(Form::new(
            Purpose::AddProspect,
            Msg::FormAddProspect,
            vec![
                Field::text(Msg::FieldName, false).with_text(name),
                Field::text(Msg::FieldMobile, false).with_text(mobile),
                Field::choice(
                    Msg::FieldLine,
                    numbered(entries(self.catalog.lines.iter(), lang)),
                    0,
                ),
                Field::choice(Msg::FieldConsent, yes_no(lang, consent), 0),
                Field::text(Msg::FieldNote, true),
                Field::text(Msg::FieldDue, false).with_text(&due.to_string()),
            ],
        ));
    }

    /// Save one of the follow-up forms.
    pub(super) fn submit_followup(&mut self, form: Form) {
        let lang = self.lang;
        let today = self.clock.today();
        let get = |m| form.field(m).get().to_string();
        let mut errors: Vec<(Msg, String)> = Vec::new();
        let mut text = |m: Msg, max: usize, optional: bool| {
            validate::text(&get(m), max, !optional)
                .map_err(|e| errors.push((m, i18n::invalid(lang, e))))
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        match form.purpose {
            Purpose::Consent { prospect, then_log } => {
                self.form = None;
                let consent = get(Msg::FieldConsent) == "yes";
                let done = self.follow_write(prospect, |db, p, me, now| {
                    // A withdrawal takes the client off every contact list at once.
                    db.record_consent(p.client_id, consent, me, now, Some(("prospect", p.id)))?;
                    Ok(if consent {
                        Msg::ConsentRecorded
                    } else {
                        Msg::ConsentRefused
                    }
                    .get(lang)
                    .to_string())
                });
                if done && consent && then_log {
                    if let Some(p) = self.followups.selected_prospect().cloned() {
                        self.open_log_form(&p);
                    }
                }
            }
            Purpose::LogContact { prospect } => {
                let summary = text(Msg::FieldSummary, validate::NOTE_MAX, false);
                let result = text(Msg::FieldOutcome, validate::NOTE_MAX, true);
                let next_step = text(Msg::FieldNextStep, validate::NOTE_MAX, true);
                let due = due_date(lang, &get(Msg::FieldDue), today)
                    .map_err(|e| errors.push((Msg::FieldDue, e)))
                    .ok();
                if !errors.is_empty() {
                    return self.refuse_form(form, errors);
                }
                let due = due.expect("checked");
                let channel = get(Msg::FieldChannel);
                self.follow_submit(form, prospect, move |db, p, me, now| {
                    followup::can_contact(p.stage, p.consent)?;
                    db.add_contact(&Contact {
                        prospect_id: p.id,
                        at: now,
                        by: me.to_string(),
                        channel: channel.clone(),
                        summary: summary.clone(),
                        result: result.clone(),
                        next_step: next_step.clone(),
                        next_due: Some(due),
                    })?;
                    event(
                        db,
                        now,
                        me,
                        crate::domain::event::EventKind::ProspectContact,
                        p.id,
                        json!({"channel": channel, "next_due": due.to_string()}),
                    )?;
                    Ok(Msg::Logged.fill(lang, &[("d", &due)]))
                });
            }
            Purpose::Reschedule { prospect } => {
                let due = match due_date(lang, &get(Msg::FieldDue), today) {
                    Ok(d) => d,
                    Err(e) => return self.refuse_form(form, vec![(Msg::FieldDue, e)]),
                };
                self.follow_submit(form, prospect, move |db, p, me, now| {
                    followup::must_be_open(p.stage)?;
                    db.set_due(p.id, due)?;
                    event(
                        db,
                        now,
                        me,
                        crate::domain::event::EventKind::ProspectReschedule,
                        p.id,
                        json!({"from": p.next_due.map(|d| d.to_string()), "to": due.to_string()}),
                    )?;
                    Ok(Msg::Rescheduled.fill(lang, &[("d", &due)]))
                });
            }
            Purpose::Won { prospect } => {
                let product = get(Msg::FieldProduct);
                let amount = match validate::amount(&get(Msg::FieldAmount)) {
                    Ok(a) => a,
                    Err(e) => {
                        return self
                            .refuse_form(form, vec![(Msg::FieldAmount, i18n::invalid(lang, e))])
                    }
                };
                let names = self.roster.clone();
                self.follow_submit(form, prospect, move |db, p, me, now| {
                    followup::must_be_open(p.stage)?;
                    if !db.end_prospect(p.id, Stage::Won, None, Some(&product), Some(amount), "", now)? {
                        return Err(Failure::Changed);
                    }
                    event(db, now, me, crate::domain::event::EventKind::ProspectWon, p.id, json!({"product": product, "amount_cents": amount}))?;
                    let Some(source) = p.source_card.map(|id| db.card(id)).transpose()?.flatten() else {
                        return Ok(Msg::WonNoCard.get(lang).to_string());
                    };
                    let credited = card::credited(&db.chain(source.root_id.unwrap_or(source.id))?)
                        .unwrap_or(&source.referrer)
                        .to_string();
                    if let Ok(won) = card::win_later(&source, &product, amount, now) {
                        if !db.update_card(&source, &won)? {
                            return Err(Failure::Changed);
                        }
                        db.add_event(now, me, crate::domain::event::EventKind::CardContracted, Some(source.id), json!({"product": product, "amount_cents": amount, "credited": credited, "prospect": p.id}))?;
                    }
                    let name = names.iter().find(|s| s.code == credited).map_or(credited.clone(), |s| s.name.clone());
                    Ok(Msg::WonSaved.fill(lang, &[("r", &name)]))
                });
            }
            Purpose::Lost { prospect } => {
                let reason = get(Msg::FieldReason);
                let note = text(Msg::FieldNote, validate::NOTE_MAX, true);
                if !errors.is_empty() {
                    return self.refuse_form(form, errors);
                }
                self.follow_submit(form, prospect, move |db, p, me, now| {
                    followup::must_be_open(p.stage)?;
                    if !db.end_prospect(p.id, Stage::Lost, Some(&reason), None, None, &note, now)? {
                        return Err(Failure::Changed);
                    }
                    event(
                        db,
                        now,
                        me,
                        crate::domain::event::EventKind::ProspectLost,
                        p.id,
                        json!({"reason": reason}),
                    )?;
                    Ok(Msg::LostSaved.get(lang).to_string())
                });
            }
            Purpose::Reassign { prospect } => {
                let to = get(Msg::FieldOwner);
                if to.is_empty() {
                    return self.form = None;
                }
                let name = self.staff_name(&to);
                let due = super::cards::first_due(&self.catalog, today);
                self.follow_submit(form, prospect, move |db, p, me, now| {
                    followup::can_reassign(p.stage, &p.owner, &to)?;
                    if !db.reassign_prospect(p.id, &to, due)? {
                        return Err(Failure::Changed);
                    }
                    event(
                        db,
                        now,
                        me,
                        crate::domain::event::EventKind::ProspectReassign,
                        p.id,
                        json!({"from": p.owner, "to": to, "stage": p.stage.as_str()}),
                    )?;
                    Ok(Msg::Reassigned.fill(lang, &[("o", &name)]))
                });
            }
            Purpose::Filter => {
                let search = text(Msg::FieldSearch, 40, true);
                if !errors.is_empty() {
                    return self.refuse_form(form, errors);
                }
                let some = |s: String| (!s.is_empty()).then_some(s);
                self.followups.filter = Filter {
                    owner: some(get(Msg::FieldOwner)),
                    line: some(get(Msg::FieldLine)),
                    tier: some(get(Msg::FieldTier)),
                    search: some(search),
                    ..Filter::default()
                };
                self.followups.escalated_only = get(Msg::FieldEscalated) == "yes";
                self.form = None;
                let rules = rules(&self.catalog);
                if let Err(e) = self.followups.refilter(&self.store, &rules) {
                    self.complain(e.message(self.lang));
                }
            }
            Purpose::AddProspect => self.submit_add_prospect(form),
            _ => {}
        }
    }

    fn submit_add_prospect(&mut self, form: Form) {
        let lang = self.lang;
        let today = self.clock.today();
        let get = |m| form.field(m).get().to_string();
        let mut errors = Vec::new();
        let name = validate::name(&get(Msg::FieldName), true)
            .map_err(|e| errors.push((Msg::FieldName, i18n::invalid(lang, e))))
            .ok()
            .flatten()
            .unwrap_or_default();
        let mobile = validate::mobile(&get(Msg::FieldMobile), true)
            .map_err(|e| errors.push((Msg::FieldMobile, i18n::invalid(lang, e))))
            .ok()
            .flatten()
            .unwrap_or_default();
        let note = validate::text(&get(Msg::FieldNote), validate::NOTE_MAX, false)
            .map_err(|e| errors.push((Msg::FieldNote, i18n::invalid(lang, e))))
            .ok()
            .flatten()
            .unwrap_or_default();
        let due = due_date(lang, &get(Msg::FieldDue), today)
            .map_err(|e| errors.push((Msg::FieldDue, e)))
            .ok();
        if !errors.is_empty() {
            return self.refuse_form(form, errors);
        }
        let (line, consent) = (get(Msg::FieldLine), get(Msg::FieldConsent) == "yes");
        let now = self.clock.now();
        let me = self.me.code.clone();
        let result = self.store.write(|db| -> Result<bool, StoreError> {
            let (client, created) = db.find_or_add_client(Some(&name), Some(&mobile), now)?;
            if db.open_prospect(client, Some(&line))?.is_some() {
                return Ok(false);
            }
            if created {
                db.add_event(
                    now,
                    &me,
                    crate::domain::event::EventKind::ClientAdd,
                    Some(client),
                    json!({}),
                )?;
            }
            db.complete_client(client, &name, &mobile)?;
            db.record_consent(client, consent, &me, now, None)?;
            let id = db.add_prospect(
                &NewProspect {
                    client_id: client,
                    owner: me.clone(),
                    source_card: None,
                    line: Some(line.clone()),
                    next_due: due.expect("checked"),
                },
                now,
            )?;
            event(
                db,
                now,
                &me,
                crate::domain::event::EventKind::ProspectAdd,
                id,
                json!({"by_hand": true, "note": note, "consent": consent}),
            )?;
            Ok(true)
        });
        match result {
            Ok(true) => {
                self.form = None;
                self.after_write();
                self.say(Msg::ProspectAddedHand.get(lang).to_string());
            }
            Ok(false) => {
                self.form = Some(form);
                self.complain(Msg::AlreadyProspect.get(lang).to_string());
            }
            Err(e) => {
                self.form = Some(form);
                self.complain(e.message(lang));
            }
        }
    }

    fn hand_back(&mut self, p: &Prospect) {
        let lang = self.lang;
        self.follow_write(p.id, move |db, p, me, now| {
            followup::must_be_open(p.stage)?;
            if !db.end_prospect(p.id, Stage::HandedBack, None, None, None, "", now)? {
                return Err(Failure::Changed);
            }
            event(
                db,
                now,
                me,
                crate::domain::event::EventKind::ProspectHandBack,
                p.id,
                json!({"owner": p.owner}),
            )?;
            Ok(Msg::HandedBack.get(lang).to_string())
        });
    }

    /// Save a form's step; on failure the form stays open with the reason.
    fn follow_submit(
        &mut self,
        form: Form,
        prospect: i64,
        step: impl FnOnce(&Db, &Prospect, &str, DateTime<Utc>) -> Result<String, Failure>,
    ) {
        self.form = None;
        if !self.follow_write(prospect, step) {
            self.form = Some(form);
        }
    }

    /// Run a step on a prospect in one transaction; report the outcome.
    fn follow_write(
        &mut self,
        prospect: i64,
        step: impl FnOnce(&Db, &Prospect, &str, DateTime<Utc>) -> Result<String, Failure>,
    ) -> bool {
        let now = self.clock.now();
        let me = self.me.code.clone();
        let head = self.may(crate::domain::roles::Permission::Head);
        let result = self.store.write(|db| {
            let p = db.prospect(prospect)?.ok_or(Failure::Changed)?;
            // Checked again on the saved record: it may have been reassigned meanwhile.
            if !head && p.owner != me {
                return Err(Failure::NotOwner(p.owner));
            }
            step(db, &p, &me, now)
        });
        self.after_write();
        match result {
            Ok(text) => {
                self.say(text);
                true
            }
            Err(Failure::Refused(r)) => {
                self.follow_refused(r);
                false
            }
            Err(Failure::Changed) => {
                self.complain(self.t(Msg::ProspectChanged).to_string());
                false
            }
            Err(Failure::NotOwner(owner)) => {
                let text = Msg::DenyProspect.fill(self.lang, &[("o", &self.staff_name(&owner))]);
                self.complain(text);
                false
            }
            Err(Failure::Store(e)) => {
                self.complain(e.message(self.lang));
                false
            }
        }
    }

    fn follow_refused(&mut self, r: FollowRefusal) {
        let lang = self.lang;
        let text = match r {
            FollowRefusal::Ended(s) => {
                Msg::RefEnded.fill(lang, &[("s", &i18n::stage(s).get(lang))])
            }
            FollowRefusal::NoConsent => Msg::RefNoConsent.get(lang).to_string(),
            FollowRefusal::SameOwner => Msg::RefSameOwner.get(lang).to_string(),
            FollowRefusal::DueInPast => Msg::DueInPast.get(lang).to_string(),
        };
        self.complain(text);
    }
}
