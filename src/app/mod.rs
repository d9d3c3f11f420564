//! The application state and `update(action)`: one Action enum, one state per screen.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Clock;
use crate::config::Catalog;
use crate::i18n::{Lang, Msg};
use crate::store::staff::Staff;
use crate::store::{Store, StoreError};

pub mod access;
pub mod cards;
pub mod clients;
pub mod followups;
pub mod form;
pub mod line;
pub mod lobby;
pub mod review;

pub use form::{Form, Input};
pub use line::LinePane;
pub use lobby::LobbyState;

/// The screens, in tab order: the lobby, then one pane per line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Lobby,
    /// The pane of the catalog's n-th line.
    Line(usize),
    Followups,
    Clients,
    Review,
}

/// The kind of screen a tab shows: what the key table is scoped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Lobby,
    Line,
    Followups,
    Clients,
    Review,
}

impl Tab {
    pub fn screen(self) -> Screen {
        match self {
            Tab::Lobby => Screen::Lobby,
            Tab::Line(_) => Screen::Line,
            Tab::Followups => Screen::Followups,
            Tab::Clients => Screen::Clients,
            Tab::Review => Screen::Review,
        }
    }
}

/// Everything a person (or the clock) can ask of the application.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    GoTab(usize),
    ToggleHelp,
    Up,
    Down,
    Top,
    Bottom,
    NewWalkin,
    Call,
    Start,
    Finish,
    HoldResume,
    NoShow,
    Divert,
    Referral,
    Accept,
    Outcome,
    ReferOn,
    LogContact,
    /// Record the client's consent to contact, or its withdrawal.
    Consent,
    Reschedule,
    Won,
    Lost,
    HandBack,
    Reassign,
    Filter,
    AddProspect,
    PrevDay,
    NextDay,
    Sweep,
    Skip,
    /// `Ctrl-p`: hide every client detail, until pressed again.
    Shield,
    /// Show the selected record's client in full for a moment (audited).
    Reveal,
    /// The selected record's event history.
    History,
    Form(Input),
    /// Time passed: reload if another process wrote, refresh shown timers.
    Tick,
}

/// A line of feedback under the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub catalog: Catalog,
    pub lang: Lang,
    pub me: Staff,
    /// The signed-in person as the authority table sees them.
    pub person: crate::domain::authority::Person,
    pub roster: Vec<Staff>,
    pub tab: Tab,
    pub lobby: LobbyState,
    pub lines: Vec<LinePane>,
    pub followups: followups::FollowState,
    pub clients: clients::ClientsState,
    pub review: review::ReviewState,
    pub form: Option<Form>,
    pub help: bool,
    /// The event history overlay: its title and events, oldest first.
    pub history: Option<(String, Vec<crate::store::events::Event>)>,
    pub shield: bool,
    /// The client shown in full, and until when.
    pub revealed: Option<(i64, DateTime<Utc>)>,
    pub flash: Option<Flash>,
    pub quit: bool,
    /// The instant the shown state was computed for.
    pub now: DateTime<Utc>,
    /// The business day the shown state was read for.
    day: Option<NaiveDate>,
    /// The newest event the shown state reflects.
    seen_event: i64,
    data_version: i64,
}

/// How many events [`App::refresh`] follows record by record; past that, it is
/// simpler (and as quick) to read everything again.
const CHANGES_LIMIT: usize = 200;

impl App {
    pub fn new(
        mut store: Store,
        clock: Clock,
        catalog: Catalog,
        lang: Lang,
        me: Staff,
    ) -> Result<App, StoreError> {
        store.defer_checkpoints()?;
        let now = clock.now();
        let lines = catalog
            .lines
            .iter()
            .map(|l| LinePane::new(&l.code))
            .collect();
        let person = crate::ops::person(&me, &catalog);
        let mut app = App {
            store,
            clock,
            catalog,
            lang,
            me,
            person,
            roster: Vec::new(),
            tab: Tab::Lobby,
            lobby: LobbyState::default(),
            lines,
            followups: followups::FollowState::default(),
            clients: clients::ClientsState::default(),
            review: review::ReviewState::default(),
            form: None,
            help: false,
            history: None,
            shield: false,
            revealed: None,
            flash: None,
            quit: false,
            now,
            day: None,
            seen_event: 0,
            data_version: 0,
        };
        app.reload()?;
        app.tab = app.home_tab();
        Ok(app)
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.get(self.lang)
    }

    /// Read again everything the screens show.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        // Until all is read, the next refresh reads everything again.
        self.day = None;
        self.now = self.clock.now();
        // Read before the records: whatever is saved meanwhile is read again.
        self.data_version = self.store.data_version()?;
        self.seen_event = self.store.db().last_event_id()?;
        self.roster = self.store.db().roster()?;
        let day = self.clock.today();
        self.lobby
            .reload(&self.store, &self.catalog, day, self.now)?;
        let midnight = self.clock.start_of_today();
        for pane in &mut self.lines {
            pane.reload(&self.store, midnight)?;
        }
        let scope = self.followup_scope();
        self.followups
            .reload(&self.store, &followups::rules(&self.catalog), scope)?;
        // Whatever changed, the other tabs read again when next shown.
        self.review.read_at = None;
        self.clients.read_at = None;
        match self.tab {
            Tab::Review => self.reload_review()?,
            Tab::Clients => self.reload_clients()?,
            _ => {}
        }
        self.day = Some(day);
        Ok(())
    }

    /// Read again what changed since the shown state was read: the records
    /// named by the events saved since (by this process or another; every
    /// change writes one), and what shows the time. Everything is read again
    /// on a new day, after a change to the roster or many changes, and when
    /// another process changed the file without an event.
    pub fn refresh(&mut self) -> Result<(), StoreError> {
        let read = self.read_changes();
        if read.is_err() {
            // Half read: the next refresh reads everything again.
            self.day = None;
        }
        read
    }

    fn read_changes(&mut self) -> Result<(), StoreError> {
        let now = self.clock.now();
        let day = self.clock.today();
        let version = self.store.data_version()?;
        let changes = self
            .store
            .db()
            .changed_since(self.seen_event, CHANGES_LIMIT)?;
        let unexplained = version != self.data_version && changes.records.is_empty();
        if self.day != Some(day) || changes.more || unexplained {
            return self.reload();
        }
        // The panes showing a changed card, ticket or client.
        let mut panes = vec![false; self.lines.len()];
        // Whether a visit, card or client changed: the follow-ups' history.
        let mut visits = false;
        let (mut prospects, mut clients) = (Vec::new(), Vec::new());
        for (record, id) in &changes.records {
            match (record.as_str(), *id) {
                // The card's line, and any pane showing its chain.
                ("card", Some(id)) => {
                    let card = self.store.db().card(id)?;
                    let root = card.as_ref().and_then(|c| c.root_id).unwrap_or(id);
                    for (stale, pane) in panes.iter_mut().zip(&self.lines) {
                        *stale |= card.as_ref().is_none_or(|c| c.line == pane.line)
                            || pane.shows(|c| c.id == id || c.root_id == Some(root));
                    }
                    visits = true;
                }
                // A card shows its client's ticket: is the client still here?
                ("ticket", Some(id)) => {
                    for (stale, pane) in panes.iter_mut().zip(&self.lines) {
                        *stale |= pane.shows(|c| c.ticket_id == Some(id));
                    }
                    visits = true;
                }
                // Names, mobiles, tiers and consent show on every screen.
                ("client", Some(id)) => {
                    for (stale, pane) in panes.iter_mut().zip(&self.lines) {
                        *stale |= pane.shows(|c| c.client_id == id);
                    }
                    visits = true;
                    clients.push(id);
                }
                ("prospect", Some(id)) => prospects.push(id),
                // The roster, and anything new: read everything again.
                _ => return self.reload(),
            }
        }
        self.now = now;
        self.data_version = version;
        self.seen_event = changes.last;
        // Today's open tickets only, and their waits run with the clock.
        self.lobby
            .reload(&self.store, &self.catalog, day, self.now)?;
        let midnight = self.clock.start_of_today();
        for (pane, _) in self.lines.iter_mut().zip(&panes).filter(|(_, s)| **s) {
            pane.reload(&self.store, midnight)?;
        }
        let scope = self.followup_scope();
        self.followups.update(
            &self.store,
            &followups::rules(&self.catalog),
            scope,
            &prospects,
            &clients,
        )?;
        if visits {
            // The selected client's visits and cards, in the follow-ups.
            self.followups.load_history(&self.store)?;
        }
        match self.tab {
            Tab::Review => self.reload_review()?,
            Tab::Clients => self.clients_shown()?,
            _ => {}
        }
        Ok(())
    }

    /// The tabs in order.
    pub fn tabs(&self) -> Vec<Tab> {
        std::iter::once(Tab::Lobby)
            .chain((0..self.lines.len()).map(Tab::Line))
            .chain([Tab::Followups, Tab::Clients, Tab::Review])
            .collect()
    }

    /// A tab's title; a line's pane counts the cards waiting to be accepted.
    pub fn tab_title(&self, tab: Tab) -> String {
        match tab {
            Tab::Lobby => self.t(Msg::TabLobby).to_string(),
            Tab::Review => self.t(Msg::TabReview).to_string(),
            Tab::Clients => self.t(Msg::TabClients).to_string(),
            Tab::Followups => {
                let due = self
                    .followups
                    .count(crate::domain::followup::Bucket::Overdue)
                    + self
                        .followups
                        .count(crate::domain::followup::Bucket::DueToday);
                match due {
                    0 => self.t(Msg::TabFollowups).to_string(),
                    n => format!("{}({n})", self.t(Msg::TabFollowups)),
                }
            }
            Tab::Line(i) => {
                let code = self.lines[i].line.as_str();
                let name = self.line_label(code);
                match self.lines[i].new_count() {
                    0 => name,
                    n => format!("{name}({n})"),
                }
            }
        }
    }

    /// Show a refused form again with each field's message beside it.
    fn refuse_form(&mut self, mut form: Form, errors: Vec<(Msg, String)>) {
        for f in &mut form.fields {
            f.error = errors
                .iter()
                .find(|(m, _)| *m == f.label)
                .map(|(_, e)| e.clone());
        }
        self.form = Some(form);
        self.complain(self.t(Msg::FixFields).to_string());
    }

    fn submit_form(&mut self) {
        let Some(form) = self.form.clone() else {
            return;
        };
        match form.purpose {
            form::Purpose::Card { ticket } => self.submit_card(form, ticket),
            form::Purpose::Outcome { card } => self.submit_outcome(form, card),
            form::Purpose::ReferOn { card } => self.submit_refer(form, card),
            form::Purpose::Walkin | form::Purpose::Call | form::Purpose::Divert { .. } => {
                self.submit_lobby_form(form)
            }
            form::Purpose::Search => self.submit_search(form),
            _ => self.submit_followup(form),
        }
    }

    fn say(&mut self, text: String) {
        self.flash = Some(Flash { text, error: false });
    }

    fn complain(&mut self, text: String) {
        self.flash = Some(Flash { text, error: true });
    }

    /// Handle one action. Returns whether anything shown changed.
    pub fn update(&mut self, action: Action) -> bool {
        if action == Action::Tick {
            return self.tick();
        }
        // A message answers one action; the next key clears it.
        self.flash = None;
        if self.help || self.history.is_some() {
            // Any key closes help and the history.
            self.help = false;
            self.history = None;
            return true;
        }
        if action == Action::Shield {
            self.toggle_shield();
            return true;
        }
        if let Some(form) = self.form.as_mut() {
            match action {
                Action::Form(Input::Cancel) => self.form = None,
                Action::Form(Input::Submit) => self.submit_form(),
                Action::Form(input) => {
                    form.edit(&input);
                    self.form_edited();
                }
                _ => {}
            }
            return true;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help = true,
            Action::Reveal => self.reveal(),
            Action::History => self.show_history(),
            Action::NextTab | Action::PrevTab | Action::GoTab(_) => self.switch_tab(&action),
            _ => match self.tab {
                Tab::Lobby => self.lobby_action(action),
                Tab::Line(i) => self.line_action(i, action),
                Tab::Followups => self.followup_action(action),
                Tab::Review => self.review_action(action),
                Tab::Clients => self.clients_action(action),
            },
        }
        true
    }

    fn switch_tab(&mut self, action: &Action) {
        let tabs = self.tabs();
        let n = tabs.len();
        let i = tabs.iter().position(|t| *t == self.tab).unwrap_or(0);
        let j = match action {
            Action::NextTab => (i + 1) % n,
            Action::PrevTab => (i + n - 1) % n,
            Action::GoTab(k) if *k < n => *k,
            _ => i,
        };
        // Leaving a pane: its new arrivals have been seen.
        if let Tab::Line(p) = self.tab {
            self.lines[p].fresh.clear();
        }
        self.tab = tabs[j];
        match self.tab {
            Tab::Review => self.review_shown(),
            Tab::Clients => {
                if let Err(e) = self.clients_shown() {
                    self.complain(e.message(self.lang));
                }
            }
            _ => {}
        }
    }

    /// Reload when another process wrote; recompute when a shown minute ticks over.
    fn tick(&mut self) -> bool {
        let now = self.clock.now();
        let changed_elsewhere = match self.store.data_version() {
            Ok(v) => v != self.data_version,
            Err(_) => false,
        };
        let minute_ticked = now.timestamp() / 60 != self.now.timestamp() / 60;
        if self.reveal_expired(now) {
            self.now = now;
            return true;
        }
        if changed_elsewhere || minute_ticked {
            if let Err(e) = self.refresh() {
                self.complain(e.message(self.lang));
            }
            return true;
        }
        false
    }

    /// Which prospects the Follow-ups list may show now: everyone but the
    /// branch head sees only their own.
    fn followup_scope(&self) -> followups::Scope {
        let head = self.person.is_head();
        let only = (!head).then_some(self.me.code.as_str());
        followups::Scope::new(self.clock.today(), self.now, only)
    }

    /// The person paused: the housekeeping a key should not wait for.
    pub fn idle(&mut self) {
        // Not done now, tried again at the next pause; nothing is lost.
        let _ = self.store.checkpoint_if_written();
    }

    /// After a write of our own: show the new state.
    fn after_write(&mut self) {
        if let Err(e) = self.refresh() {
            self.complain(e.message(self.lang));
        }
    }
}
