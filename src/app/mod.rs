//! The application state and `update(action)`: one Action enum, one state per screen.

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::config::Catalog;
use crate::i18n::{Lang, Msg};
use crate::store::staff::Staff;
use crate::store::{Store, StoreError};

pub mod form;
pub mod lobby;

pub use form::{Form, Input};
pub use lobby::LobbyState;

/// The screens, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Lobby,
}

impl Tab {
    pub const ALL: &'static [Tab] = &[Tab::Lobby];

    pub fn title(self) -> Msg {
        match self {
            Tab::Lobby => Msg::TabLobby,
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
    pub roster: Vec<Staff>,
    pub keymap: crate::keymap::Keymap,
    pub tab: Tab,
    pub lobby: LobbyState,
    pub form: Option<Form>,
    pub help: bool,
    pub flash: Option<Flash>,
    pub quit: bool,
    /// The instant the shown state was computed for.
    pub now: DateTime<Utc>,
    data_version: i64,
}

impl App {
    pub fn new(
        store: Store,
        clock: Clock,
        catalog: Catalog,
        lang: Lang,
        me: Staff,
    ) -> Result<App, StoreError> {
        let now = clock.now();
        let mut app = App {
            store,
            clock,
            catalog,
            lang,
            me,
            roster: Vec::new(),
            keymap: crate::keymap::Keymap::default(),
            tab: Tab::Lobby,
            lobby: LobbyState::default(),
            form: None,
            help: false,
            flash: None,
            quit: false,
            now,
            data_version: 0,
        };
        app.reload()?;
        Ok(app)
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.get(self.lang)
    }

    /// Read again everything the screens show.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.now = self.clock.now();
        self.data_version = self.store.data_version()?;
        self.roster = self.store.db().roster()?;
        let day = self.clock.today();
        self.lobby.reload(&self.store, &self.catalog, day, self.now)
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
        if self.help {
            // Any key closes help.
            self.help = false;
            return true;
        }
        if let Some(form) = self.form.as_mut() {
            match action {
                Action::Form(Input::Cancel) => self.form = None,
                Action::Form(Input::Submit) => self.submit_form(),
                Action::Form(input) => form.edit(&input),
                _ => {}
            }
            return true;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help = true,
            Action::NextTab | Action::PrevTab | Action::GoTab(_) => self.switch_tab(&action),
            _ => match self.tab {
                Tab::Lobby => self.lobby_action(action),
            },
        }
        true
    }

    fn switch_tab(&mut self, action: &Action) {
        let n = Tab::ALL.len();
        let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
        let j = match action {
            Action::NextTab => (i + 1) % n,
            Action::PrevTab => (i + n - 1) % n,
            Action::GoTab(k) if *k < n => *k,
            _ => i,
        };
        self.tab = Tab::ALL[j];
    }

    /// Reload when another process wrote; recompute when a shown minute ticks over.
    fn tick(&mut self) -> bool {
        let now = self.clock.now();
        let changed_elsewhere = match self.store.data_version() {
            Ok(v) => v != self.data_version,
            Err(_) => false,
        };
        let minute_ticked = now.timestamp() / 60 != self.now.timestamp() / 60;
        if changed_elsewhere || minute_ticked {
            if let Err(e) = self.reload() {
                self.complain(e.message(self.lang));
            }
            return true;
        }
        false
    }

    /// After a write of our own: show the new state.
    fn after_write(&mut self) {
        if let Err(e) = self.reload() {
            self.complain(e.message(self.lang));
        }
    }
}
