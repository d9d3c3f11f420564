//! Keys to actions. One table feeds the key handling, the hint line and `?` help;
//! every binding can be changed in the person's own config (`[keys]`, read
//! by `config` as plain names and applied and checked here).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, App, Input, Screen, Tab};
use crate::i18n::{Lang, Msg};

/// Where a binding works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Lists,
    Screen(Screen),
}

/// A key as written in the table and in config files: `n`, `G`, `Ctrl-p`, `Enter`, `F2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = match s.strip_prefix("Ctrl-").or_else(|| s.strip_prefix("ctrl-")) {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "Shift-Tab" => KeyCode::BackTab,
            "Up" | "↑" => KeyCode::Up,
            "Down" | "↓" => KeyCode::Down,
            "Left" | "←" => KeyCode::Left,
            "Right" | "→" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().ok()?),
            c => {
                let mut chars = c.chars();
                let ch = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(ch)
            }
        };
        Some(Key { code, ctrl })
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }

    /// The key as pressed: a letter with Ctrl is the same in either case.
    fn pressed(&self) -> (bool, KeyCode) {
        match self.code {
            KeyCode::Char(c) if self.ctrl => (true, KeyCode::Char(c.to_ascii_lowercase())),
            other => (self.ctrl, other),
        }
    }

    /// Keys the table cannot have: Esc cancels, 1–9 go to a tab.
    fn fixed(&self) -> bool {
        !self.ctrl && matches!(self.code, KeyCode::Esc | KeyCode::Char('1'..='9'))
    }

    fn matches(&self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        let want = match self.code {
            KeyCode::Char(c) if self.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        ctrl == self.ctrl && code == want
    }
}

#[derive(Clone, Debug)]
pub struct Binding {
    /// The name used in config files, e.g. `lobby.new`.
    pub id: &'static str,
    pub scope: Scope,
    pub keys: Vec<Key>,
    pub action: Action,
    pub label: Msg,
    /// Shown in the hint line (all bindings are shown in help).
    pub hint: bool,
    /// How much the hint line needs it: on a narrow line the highest
    /// numbers (the keys least used at a counter) go first; help is 0 and
    /// always stays.
    pub priority: u8,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

fn b(
    id: &'static str,
    scope: Scope,
    keys: &[&str],
    action: Action,
    label: Msg,
    hint: bool,
    priority: u8,
) -> Binding {
    Binding {
        id,
        scope,
        keys: keys.iter().filter_map(|k| Key::parse(k)).collect(),
        action,
        label,
        hint,
        priority,
    }
}

impl Default for Keymap {
    #[rustfmt::skip]
    fn default() -> Self {
        use Scope::{Everywhere, Lists};
        let lobby = Scope::Screen(crate::app::Screen::Lobby);
        let line = Scope::Screen(crate::app::Screen::Line);
        let follow = Scope::Screen(crate::app::Screen::Followups);
        let review = Scope::Screen(crate::app::Screen::Review);
        let clients = Scope::Screen(crate::app::Screen::Clients);
        let mine = Scope::Screen(crate::app::Screen::Mine);
        Keymap {
            bindings: vec![
                b("lobby.new", lobby, &["n"], Action::NewWalkin, Msg::KeyNew, true, 2),
                b("lobby.call", lobby, &["c"], Action::Call, Msg::KeyCall, true, 1),
                b("lobby.start", lobby, &["s"], Action::Start, Msg::KeyStart, true, 1),
                b("lobby.finish", lobby, &["f"], Action::Finish, Msg::KeyFinish, true, 1),
                b("lobby.hold", lobby, &["h"], Action::HoldResume, Msg::KeyHold, true, 3),
                b("lobby.no_show", lobby, &["x"], Action::NoShow, Msg::KeyNoShow, true, 2),
                b("lobby.reinstate", lobby, &["b"], Action::Reinstate, Msg::KeyReinstate, true, 2),
                b("lobby.divert", lobby, &["d"], Action::Divert, Msg::KeyDivert, true, 2),
                b("lobby.referral", lobby, &["r"], Action::Referral, Msg::KeyReferral, true, 1),
                b("lobby.pause", lobby, &["p"], Action::PauseCounter, Msg::KeyPause, true, 4),
                b("lobby.transfer", lobby, &["T"], Action::Transfer, Msg::KeyTransfer, true, 3),
                b("lobby.check_in", lobby, &["i"], Action::CheckIn, Msg::KeyCheckIn, true, 2),
                b("lobby.rate", lobby, &["*"], Action::Rate, Msg::KeyRate, true, 3),
                b("complaint", Everywhere, &["!"], Action::Complain, Msg::KeyComplain, false, 4),
                b("mine.resolve", mine, &["o"], Action::Resolve, Msg::KeyResolve, true, 1),
                b("line.accept", line, &["a"], Action::Accept, Msg::KeyAccept, true, 1),
                b("line.outcome", line, &["o"], Action::Outcome, Msg::KeyOutcome, true, 1),
                b("line.refer", line, &["t"], Action::ReferOn, Msg::KeyReferOn, true, 2),
                b("line.call", line, &["c"], Action::Call, Msg::KeyCall, true, 1),
                b("follow.log", follow, &["l"], Action::LogContact, Msg::KeyLog, true, 1),
                b("follow.won", follow, &["w"], Action::Won, Msg::KeyWon, true, 2),
                b("follow.lost", follow, &["L"], Action::Lost, Msg::KeyLost, true, 2),
                b("follow.filter", follow, &["/"], Action::Filter, Msg::KeyFilter, true, 3),
                b("follow.reschedule", follow, &["z"], Action::Reschedule, Msg::KeyReschedule, true, 2),
                b("follow.hand_back", follow, &["b"], Action::HandBack, Msg::KeyHandBack, true, 3),
                b("follow.reassign", follow, &["R"], Action::Reassign, Msg::KeyReassign, true, 3),
                b("follow.consent", follow, &["c"], Action::Consent, Msg::KeyConsent, false, 3),
                b("follow.add", follow, &["n"], Action::AddProspect, Msg::KeyAddProspect, false, 3),
                b("follow.book", follow, &["A"], Action::Book, Msg::KeyBook, false, 3),
                b("clients.search", clients, &["/"], Action::Filter, Msg::KeySearch, true, 1),
                b("clients.add", clients, &["n"], Action::AddProspect, Msg::KeyAddProspect, true, 2),
                b("mine.period", mine, &["p"], Action::Period, Msg::KeyPeriod, true, 1),
                b("clients.book", clients, &["A"], Action::Book, Msg::KeyBook, false, 3),
                b("clients.manager", clients, &["m"], Action::ClientManager, Msg::KeyClientManager, true, 3),
                b("clients.edit", clients, &["e"], Action::EditClient, Msg::KeyEditClient, true, 3),
                b("clients.dormant", clients, &["D"], Action::Dormant, Msg::KeyDormant, true, 2),
                b("clients.follow_dormant", clients, &["f"], Action::FollowDormant, Msg::KeyFollowDormant, true, 1),
                b("review.prev_day", review, &["["], Action::PrevDay, Msg::KeyPrevDay, true, 2),
                b("review.next_day", review, &["]"], Action::NextDay, Msg::KeyNextDay, true, 2),
                b("review.sweep", review, &["s"], Action::Sweep, Msg::KeySweep, true, 1),
                b("review.close", review, &["c"], Action::CloseDay, Msg::KeyCloseDay, true, 2),
                b("review.resolve", review, &["o"], Action::Resolve, Msg::KeyResolve, true, 3),
                b("sweep.reschedule", review, &["z"], Action::Reschedule, Msg::KeyReschedule, false, 3),
                b("sweep.won", review, &["w"], Action::Won, Msg::KeyWon, false, 3),
                b("sweep.lost", review, &["L"], Action::Lost, Msg::KeyLost, false, 3),
                b("sweep.hand_back", review, &["b"], Action::HandBack, Msg::KeyHandBack, false, 3),
                b("sweep.skip", review, &["n"], Action::Skip, Msg::KeySkip, false, 3),
                b("list.up", Lists, &["Up", "k"], Action::Up, Msg::KeyUpDown, false, 3),
                b("list.down", Lists, &["Down", "j"], Action::Down, Msg::KeyUpDown, false, 3),
                b("list.top", Lists, &["g", "Home"], Action::Top, Msg::KeyTopBottom, false, 3),
                b("list.bottom", Lists, &["G", "End"], Action::Bottom, Msg::KeyTopBottom, false, 3),
                b("tab.next", Everywhere, &["Tab"], Action::NextTab, Msg::KeyNextTab, false, 3),
                b("tab.prev", Everywhere, &["Shift-Tab"], Action::PrevTab, Msg::KeyPrevTab, false, 3),
                b("shield", Everywhere, &["Ctrl-p"], Action::Shield, Msg::KeyShield, false, 3),
                b("reveal", Lists, &["v"], Action::Reveal, Msg::KeyReveal, false, 3),
                b("history", Lists, &["H", "Enter"], Action::History, Msg::KeyHistory, false, 3),
                b("help", Everywhere, &["?"], Action::ToggleHelp, Msg::KeyHelp, true, 0),
                b("quit", Everywhere, &["q", "Ctrl-c"], Action::Quit, Msg::KeyQuit, true, 4),
            ],
        }
    }
}

/// The keys of a form, the same on every form; listed in help.
pub const FORM_KEYS: &[(&str, Msg)] = &[
    ("Enter", Msg::KeySave),
    ("Esc", Msg::KeyCancel),
    ("Tab", Msg::KeyFieldNext),
    ("Shift-Tab", Msg::KeyFieldPrev),
    ("←→ / A–Z / 1–9", Msg::KeyChoose),
];

impl Keymap {
    /// Apply `[keys]` overrides: binding id → the names of its keys.
    pub fn with_overrides(
        mut self,
        overrides: &[(String, Vec<String>)],
    ) -> Result<Keymap, KeymapError> {
        for (id, names) in overrides {
            let keys = names
                .iter()
                .map(|n| {
                    Key::parse(n).ok_or_else(|| KeymapError::UnknownKey {
                        id: id.clone(),
                        key: n.clone(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let binding = self
                .bindings
                .iter_mut()
                .find(|b| b.id == id)
                .ok_or_else(|| KeymapError::NoBinding(id.clone()))?;
            binding.keys = keys;
        }
        let changed: Vec<&str> = overrides.iter().map(|(id, _)| id.as_str()).collect();
        self.check(&changed)?;
        Ok(self)
    }

    /// Every binding reachable: quit has a key, no key is fixed elsewhere,
    /// and no two bindings working on the same screen share a key. A
    /// refusal names a binding of `changed` where it can.
    fn check(&self, changed: &[&str]) -> Result<(), KeymapError> {
        let quit = self.bindings.iter().find(|b| b.action == Action::Quit);
        if quit.is_some_and(|b| b.keys.is_empty()) {
            return Err(KeymapError::QuitUnbound);
        }
        for b in &self.bindings {
            if let Some(k) = b.keys.iter().find(|k| k.fixed()) {
                return Err(KeymapError::Fixed {
                    id: b.id.to_string(),
                    key: k.label(),
                });
            }
        }
        let overlap = |a: Scope, b: Scope| match (a, b) {
            (Scope::Screen(x), Scope::Screen(y)) => x == y,
            // Everywhere and the list keys work on every screen.
            _ => true,
        };
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if !overlap(a.scope, b.scope) {
                    continue;
                }
                let shared = a
                    .keys
                    .iter()
                    .find(|k| b.keys.iter().any(|l| l.pressed() == k.pressed()));
                if let Some(k) = shared {
                    let (this, other) = match changed.contains(&b.id) {
                        true => (b, a),
                        false => (a, b),
                    };
                    return Err(KeymapError::Taken {
                        id: this.id.to_string(),
                        key: k.label(),
                        other: other.id.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The bindings that work on a screen, in table order.
    pub fn active(&self, tab: Tab) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| match b.scope {
            Scope::Screen(s) => s == tab.screen(),
            _ => true,
        })
    }

    /// Map a key press to an action. `in_form` routes keys to the open form.
    pub fn action(&self, ev: &KeyEvent, tab: Tab, in_form: bool) -> Option<Action> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        if in_form {
            // The privacy shield works even with a form open.
            let shield = self.bindings.iter().find(|b| b.action == Action::Shield);
            if shield.is_some_and(|b| b.keys.iter().any(|k| k.matches(ev))) {
                return Some(Action::Shield);
            }
            return form_input(ev).map(Action::Form);
        }
        if ev.code == KeyCode::Esc {
            return Some(Action::Form(Input::Cancel));
        }
        if let KeyCode::Char(c @ '1'..='9') = ev.code {
            if ev.modifiers.is_empty() {
                return Some(Action::GoTab(c as usize - '1' as usize));
            }
        }
        self.active(tab)
            .find(|b| b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action.clone())
    }

    /// The action a key press asks of `app` as it is now: typed into its
    /// open form, or the table's; with help or the history open, which any
    /// key closes, a key bound to nothing is [`Action::Dismiss`].
    pub fn action_for(&self, ev: &KeyEvent, app: &App) -> Option<Action> {
        let overlay = app.help || app.history.is_some();
        match self.action(ev, app.tab, app.form.is_some()) {
            None if overlay && ev.kind != KeyEventKind::Release => Some(Action::Dismiss),
            action => action,
        }
    }
}

/// Why a `[keys]` override was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("keys.{id}: unknown key {key:?}")]
    UnknownKey { id: String, key: String },
    #[error("keys.{0}: no such binding")]
    NoBinding(String),
    /// Another binding working on the same screen has the key.
    #[error("keys.{id}: {key} is already {other}'s")]
    Taken {
        id: String,
        key: String,
        other: String,
    },
    /// Esc and 1–9 are not the table's.
    #[error("keys.{id}: {key} is fixed")]
    Fixed { id: String, key: String },
    #[error("keys.quit: no key left")]
    QuitUnbound,
}

impl KeymapError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            KeymapError::UnknownKey { id, key } => {
                Msg::CfgKeyUnknown.fill(lang, &[("id", id), ("k", key)])
            }
            KeymapError::NoBinding(id) => Msg::CfgKeyNoBinding.fill(lang, &[("id", id)]),
            KeymapError::Taken { id, key, other } => {
                Msg::CfgKeyTaken.fill(lang, &[("id", id), ("k", key), ("other", other)])
            }
            KeymapError::Fixed { id, key } => {
                Msg::CfgKeyFixed.fill(lang, &[("id", id), ("k", key)])
            }
            KeymapError::QuitUnbound => Msg::CfgQuitUnbound.get(lang).to_string(),
        }
    }
}

fn form_input(ev: &KeyEvent) -> Option<Input> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    Some(match ev.code {
        KeyCode::Tab | KeyCode::Down => Input::Next,
        KeyCode::BackTab | KeyCode::Up => Input::Prev,
        KeyCode::Left => Input::Left,
        KeyCode::Right => Input::Right,
        KeyCode::Enter => Input::Submit,
        KeyCode::Esc => Input::Cancel,
        KeyCode::Backspace => Input::Backspace,
        KeyCode::Char(c) if !ctrl => Input::Char(c),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
