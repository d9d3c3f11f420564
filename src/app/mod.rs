//! The application: the tabs, the overlays (help, history, a revealed
//! client, the shield) and `update(action)`, which hands each key to the
//! screen on view. Every screen is a [`Component`] in its own file.

use std::ops::{Deref, DerefMut};

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Clock;
use crate::config::Catalog;
use crate::i18n::Lang;
use crate::store::staff::Staff;
use crate::store::{Store, StoreError};

/// Every screen with its tab, in tab order: the one list a new screen joins
/// (beside its field on `App` and its `Tab`). `screens!(app, &)` lends them
/// to read, `screens!(app, &mut)` to change, as `Vec<(Tab, &dyn Component)>`.
/// (A macro, defined before the modules that use it, so that one list serves
/// both.)
macro_rules! screens {
    ($app:expr, $($r:tt)+) => {{
        let mut all: Vec<(Tab, $($r)+ dyn Component)> = Vec::new();
        all.push((Tab::Lobby, $($r)+ $app.lobby as $($r)+ dyn Component));
        for (i, pane) in ($($r)+ $app.lines).into_iter().enumerate() {
            all.push((Tab::Line(i), pane as $($r)+ dyn Component));
        }
        all.push((Tab::Followups, $($r)+ $app.followups as $($r)+ dyn Component));
        all.push((Tab::Clients, $($r)+ $app.clients as $($r)+ dyn Component));
        all.push((Tab::Mine, $($r)+ $app.mine as $($r)+ dyn Component));
        all.push((Tab::Review, $($r)+ $app.review as $($r)+ dyn Component));
        all
    }};
}

pub mod access;
pub mod appointments;
pub mod campaigns;
pub mod client_record;
pub mod clients;
pub mod complaints;
pub mod component;
pub mod cx;
mod dormant;
pub mod followups;
pub mod form;
pub mod line;
pub mod lobby;
pub mod mine;
pub mod notices;
mod recent;
mod refresh;
pub mod review;
pub mod review_complaints;
pub mod sweep;
mod window;

pub use component::{Changes, Component, Cursor, Selected};
pub use cx::Cx;
pub use form::{Form, Input};
pub use line::LinePane;
pub use lobby::LobbyState;

/// The screens, in tab order: the lobby, then one pane per line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Lobby,
    /// The pane of the catalog's n-th line.
    Line(usize),
    Followups,
    Clients,
    /// My referrals, points and notices (我的).
    Mine,
    Review,
}

/// The kind of screen a tab shows: what the key table is scoped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Lobby,
    Line,
    Followups,
    Clients,
    Mine,
    Review,
}

impl Tab {
    pub fn screen(self) -> Screen {
        match self {
            Tab::Lobby => Screen::Lobby,
            Tab::Line(_) => Screen::Line,
            Tab::Followups => Screen::Followups,
            Tab::Clients => Screen::Clients,
            Tab::Mine => Screen::Mine,
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
    /// Put the selected no-show, come back, in line again at their place.
    Reinstate,
    Divert,
    Referral,
    /// Pause a counter with a reason, or reopen it.
    PauseCounter,
    /// Transfer the selected ticket to another service, keeping its number.
    Transfer,
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
    /// Close the business day shown (日终).
    CloseDay,
    /// The Mine tab's next period: today, this month, this quarter.
    Period,
    /// `Ctrl-p`: hide every client detail, until pressed again.
    Shield,
    /// Show the selected record's client in full for a moment (audited).
    Reveal,
    /// The selected record's event history.
    History,
    Form(Input),
    /// A key bound to nothing here, pressed with help or the history open:
    /// it closes them, as any key does; otherwise it does nothing.
    Dismiss,
    /// Time passed: reload if another process wrote, refresh shown timers.
    Tick,
    /// Book an appointment (预约) for the selected client or prospect.
    Book,
    /// The client with an appointment came: check them in.
    CheckIn,
    /// Set or clear the selected client's dedicated manager (专属客户经理).
    ClientManager,
    /// Edit the selected client's record (tier, tags, products, dates).
    EditClient,
    /// The Clients tab: the dormant clients (休眠客户), or back to the search.
    Dormant,
    /// Put the selected dormant client on their manager's follow-ups.
    FollowDormant,
    /// Record a complaint (投诉) about the selected visit or client.
    Complain,
    /// Rate the last visit finished at my counter (满意度).
    Rate,
    /// Resolve a complaint I own.
    Resolve,
}

/// A line of feedback under the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

/// The screens (each a field, for `ui` to draw from) and what is over them.
/// `App` reads as its [`Cx`]: `app.store`, `app.form`, `app.act(…)`.
///
/// A new screen is a state implementing [`Component`] in its own file, its
/// field here, its `Tab`, its line in `screens!`, and its drawing in `ui/`.
pub struct App {
    pub cx: Cx,
    pub tab: Tab,
    pub lobby: LobbyState,
    pub lines: Vec<LinePane>,
    pub followups: followups::FollowState,
    pub clients: clients::ClientsState,
    pub mine: mine::MineState,
    pub review: review::ReviewState,
    pub inbox: notices::Inbox,
    pub help: bool,
    /// The event history overlay: its title and events, oldest first.
    pub history: Option<(String, Vec<crate::store::events::Event>)>,
    pub shield: bool,
    /// The client shown in full, and until when.
    pub revealed: Option<(i64, DateTime<Utc>)>,
    pub quit: bool,
    /// The business day the shown state was read for.
    day: Option<NaiveDate>,
    data_version: i64,
    /// What the hint line offers that needs the records: the visit `*`
    /// would rate, and whether `o` has a complaint to resolve. Read with
    /// the records, not on every frame.
    offer_rate: Option<crate::domain::ticket::Ticket>,
    offer_resolve: bool,
}

impl Deref for App {
    type Target = Cx;
    fn deref(&self) -> &Cx {
        &self.cx
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut Cx {
        &mut self.cx
    }
}

impl App {
    pub fn new(
        mut store: Store,
        clock: Clock,
        catalog: Catalog,
        lang: Lang,
        me: Staff,
    ) -> Result<App, StoreError> {
        store.defer_checkpoints()?;
        let lines = catalog
            .lines
            .iter()
            .map(|l| LinePane::new(&l.code))
            .collect();
        let mut app = App {
            cx: Cx::new(store, clock, catalog, lang, me),
            tab: Tab::Lobby,
            lobby: LobbyState::default(),
            lines,
            followups: followups::FollowState::default(),
            clients: clients::ClientsState::default(),
            mine: mine::MineState::default(),
            review: review::ReviewState::default(),
            inbox: notices::Inbox::default(),
            help: false,
            history: None,
            shield: false,
            revealed: None,
            quit: false,
            day: None,
            data_version: 0,
            offer_rate: None,
            offer_resolve: false,
        };
        app.reload()?;
        // The first desk to open after an appointment's grace marks it missed.
        app.mark_missed();
        app.settle();
        app.tab = app.home_tab();
        Ok(app)
    }

    /// The tabs in order.
    pub fn tabs(&self) -> Vec<Tab> {
        screens!(self, &).into_iter().map(|(t, _)| t).collect()
    }

    /// The screen a tab shows.
    pub fn screen(&self, tab: Tab) -> Option<&dyn Component> {
        screens!(self, &)
            .into_iter()
            .find_map(|(t, s)| (t == tab).then_some(s))
    }

    /// A tab's title; a line's pane counts the cards waiting to be accepted.
    pub fn tab_title(&self, tab: Tab) -> String {
        self.screen(tab)
            .map(|s| s.title(&self.cx))
            .unwrap_or_default()
    }

    /// Hand the screen on view to `f` with the context, then show what it
    /// wrote.
    fn on_screen(&mut self, f: impl FnOnce(&mut dyn Component, &mut Cx)) {
        let tab = self.tab;
        let cx = &mut self.cx;
        if let Some((_, screen)) = screens!(self, &mut).into_iter().find(|(t, _)| *t == tab) {
            f(screen, cx);
        }
        self.settle();
    }

    /// After a screen wrote: show the new state.
    fn settle(&mut self) {
        if self.cx.take_written() {
            if let Err(e) = self.refresh() {
                // What the screen said of its write comes first.
                if self.cx.flash.is_none() {
                    self.cx.complain(e.message(self.cx.lang));
                }
            }
        }
    }

    /// Handle one action. Returns whether anything shown changed.
    pub fn update(&mut self, action: Action) -> bool {
        if action == Action::Tick {
            return self.tick();
        }
        // A message answers one action; the next key clears it.
        self.cx.flash = None;
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
        if let Some(form) = self.cx.form.as_mut() {
            // Esc on typed text asks first; any other key goes on with the form.
            if action != Action::Form(Input::Cancel) {
                form.go_on();
            } else if form.cancel() {
                self.cx.form = None;
            } else {
                let ask = self.cx.t(crate::i18n::Msg::DiscardAsk).to_string();
                self.cx.say(ask);
            }
            match action {
                Action::Form(Input::Cancel) => {}
                Action::Form(Input::Submit) => {
                    if let Some(form) = self.cx.form.clone() {
                        if !self.submit_complaints(&form) {
                            self.on_screen(|s, cx| s.submit(cx, form));
                        }
                    }
                }
                Action::Form(input) => self.edit_form(&input),
                _ => {}
            }
            return true;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help = true,
            Action::Reveal => self.reveal(),
            Action::History => self.show_history(),
            Action::Complain => self.complain(),
            Action::Rate => self.rate(),
            Action::Resolve => complaints::open_resolve(&mut self.cx),
            Action::NextTab | Action::PrevTab | Action::GoTab(_) => self.switch_tab(&action),
            _ => self.on_screen(|s, cx| s.handle(cx, &action)),
        }
        true
    }

    /// A key typed into the open form, and the fields that follow it.
    fn edit_form(&mut self, input: &Input) {
        let Some(mut form) = self.cx.form.take() else {
            return;
        };
        form.edit(input);
        if let Some(screen) = self.screen(self.tab) {
            screen.edited(&self.cx, &mut form);
        }
        self.cx.form = Some(form);
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
        self.on_screen(|s, _| s.left());
        self.tab = tabs[j];
        self.inbox.marks.remove(&self.tab);
        self.on_screen(|s, cx| s.shown(cx));
    }

    /// Reload when another process wrote; recompute when a shown minute ticks over.
    fn tick(&mut self) -> bool {
        let now = self.cx.clock.now();
        let changed_elsewhere = match self.cx.store.data_version() {
            Ok(v) => v != self.data_version,
            Err(_) => false,
        };
        let minute_ticked = now.timestamp() / 60 != self.cx.now.timestamp() / 60;
        if minute_ticked {
            self.mark_missed();
        }
        if self.reveal_expired(now) {
            self.cx.now = now;
            return true;
        }
        if changed_elsewhere || minute_ticked {
            if let Err(e) = self.refresh() {
                self.cx.complain(e.message(self.cx.lang));
            }
            return true;
        }
        false
    }

    /// The person paused: the housekeeping a key should not wait for.
    pub fn idle(&mut self) {
        // Not done now, tried again at the next pause; nothing is lost.
        let _ = self.cx.store.checkpoint_if_written();
    }

    /// Apply a life-cycle step to a ticket as the signed-in person, as the
    /// lobby's keys do, and report.
    pub fn run(&mut self, target: lobby::Target, step: crate::domain::ticket::Step) {
        self.lobby.run(&mut self.cx, target, step);
        self.settle();
    }
}
