//! Hostile input: a property test feeds well over 100,000 random key events,
//! pastes and resizes to the application across every screen, as several
//! people of the roster at once (lobby manager, tellers, the line managers,
//! the branch head), each with their own application on one database, while
//! the clock moves on. Nothing panics; after every hundred events the
//! database's invariants hold; every screen drawn fits its terminal, from 1×1
//! to 200×60.
//!
//! Pasted text with emoji, control characters, right-to-left text, zero-width
//! joiners or 10,000 characters is either stored exactly (trimmed of outer
//! spaces) or refused beside its field, and never breaks the layout.
//!
//! The random run uses a fixed seed; set `PROPTEST_RNG_SEED` to try another,
//! `HOSTILE_CASES` to run more (or fewer) cases of 10,000 events.

#[path = "../support/mod.rs"]
mod support;

use std::time::Instant;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use lobbydesk::app::form::Value;
use lobbydesk::app::{Action, App, Input};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::domain::card::{attached, CardStatus};
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::keymap::Keymap;
use lobbydesk::store::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use support::{beijing, t0};
use tempfile::TempDir;
const CASES: u32 = 10;

/// Who uses the branch's database at once, and in which language.
const PEOPLE: &[(&str, Lang)] = &[
    ("L01", Lang::Zh),
    ("T01", Lang::Zh),
    ("T02", Lang::En),
    ("W01", Lang::Zh),
    ("C01", Lang::En),
    ("H01", Lang::Zh),
];

/// Text that has broken terminal programs before.
fn hostile_texts() -> Vec<String> {
    vec![
        "😀👍🏽 全家👨‍👩‍👧‍👦 🇨🇳".into(),
        "abc\u{0}def".into(),
        "line one\nline two".into(),
        "tab\there".into(),
        "\u{1b}[31mred\u{1b}[0m\u{1b}[2J".into(),
        "carriage\rreturn".into(),
        "del\u{7f} nel\u{85} bell\u{7}".into(),
        "مرحبا بالعالم".into(),
        "שלום עולם".into(),
        "abc\u{202e}fed\u{202c} \u{200f}rtl\u{200e}".into(),
        "a\u{200d}b\u{200b}c\u{2060}d\u{feff}".into(),
        "\u{200b}".into(),
        "e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}".into(),
        "Z̸̢͔̈́a̵͎̿l̸̰̓g̴̱̈o̶̘͝".into(),
        "𠜎𠜱𠝹 ｆｕｌｌ ＷＩＤＴＨ".into(),
        "\u{fffd}\u{e000}\u{10ffff}\u{fdd0}".into(),
        "王".repeat(31),
        "x".repeat(10_000),
        "王".repeat(10_000),
        "😀".repeat(3_000),
        "   ".into(),
        String::new(),
        "  李雷  ".into(),
        "Robert'); DROP TABLE tickets;--".into(),
        "%_%' OR 1=1 --".into(),
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Key {
        who: usize,
        code: KeyCode,
        mods: KeyModifiers,
        kind: KeyEventKind,
    },
    Paste {
        who: usize,
        text: String,
    },
    Resize {
        who: usize,
        w: u16,
        h: u16,
    },
    /// Time passes (seconds) and one application, or every one, ticks.
    Tick {
        who: Option<usize>,
        secs: i64,
    },
}

fn who() -> impl Strategy<Value = usize> {
    0..PEOPLE.len()
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    // The keys that do something somewhere, and Enter to save what they open.
    let actions: Vec<KeyCode> = "ncsfhxdraotlwLzbRy"
        .chars()
        .map(KeyCode::Char)
        .chain([KeyCode::Enter, KeyCode::Enter, KeyCode::Esc])
        .collect();
    let keys: Vec<char> = "v/[]HgGjkq?NCSFX -.,0".chars().collect();
    let special = vec![
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Backspace,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Delete,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Insert,
        KeyCode::Null,
        KeyCode::F(1),
        KeyCode::F(12),
    ];
    prop_oneof![
        10 => proptest::sample::select(actions),
        4 => proptest::sample::select(keys).prop_map(KeyCode::Char),
        3 => proptest::char::range('1', '9').prop_map(KeyCode::Char),
        5 => proptest::sample::select(special),
        1 => any::<char>().prop_map(KeyCode::Char),
    ]
}

fn mods() -> impl Strategy<Value = KeyModifiers> {
    prop_oneof![
        12 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => any::<u8>().prop_map(KeyModifiers::from_bits_truncate),
    ]
}

fn kind() -> impl Strategy<Value = KeyEventKind> {
    prop_oneof![
        30 => Just(KeyEventKind::Press),
        1 => Just(KeyEventKind::Repeat),
        1 => Just(KeyEventKind::Release),
    ]
}

fn paste_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(hostile_texts()),
        2 => proptest::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
        1 => (proptest::sample::select(vec!['a', '王', '😀', ' ', '\u{200d}']), 1usize..600)
            .prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1000 => (who(), key_code(), mods(), kind())
            .prop_map(|(who, code, mods, kind)| Op::Key { who, code, mods, kind }),
        20 => (who(), paste_text()).prop_map(|(who, text)| Op::Paste { who, text }),
        3 => (who(), 1u16..=200, 1u16..=60).prop_map(|(who, w, h)| Op::Resize { who, w, h }),
        1 => (who(), 80u16..=200, 24u16..=60).prop_map(|(who, w, h)| Op::Resize { who, w, h }),
        5 => (who(), 0i64..=600).prop_map(|(who, secs)| Op::Tick { who: Some(who), secs }),
        1 => (0i64..=1800).prop_map(|secs| Op::Tick { who: None, secs }),
    ]
}

// ---------------------------------------------------------------- the branch

struct Branch {
    _dir: TempDir,
    clock: Clock,
    apps: Vec<App>,
    /// Each person's terminal size.
    sizes: Vec<(u16, u16)>,
    raw: rusqlite::Connection,
    /// Events seen at the last check, and the last of them.
    events: (i64, i64, String),
}

impl Branch {
    /// The demo branch in the middle of a morning, everyone signed in.
    fn new() -> Branch {
        let dir = TempDir::new().expect("a temporary folder");
        let path = dir.path().join("lobby.db");
        let clock = Clock::fixed(t0(), beijing());
        let catalog = Catalog::shipped();
        {
            let mut store = Store::open(&path).expect("open");
            lobbydesk::demo::seed_roster(&mut store, clock.now()).expect("the demo roster");
            lobbydesk::demo::morning(&mut store, &clock, &catalog).expect("a morning's queue");
        }
        let apps: Vec<App> = PEOPLE
            .iter()
            .map(|(code, lang)| {
                let store = Store::open(&path).expect("open");
                let me = store.db().staff(code).unwrap().expect("on the roster");
                App::new(store, clock.clone(), catalog.clone(), *lang, me).expect("start")
            })
            .collect();
        let raw = rusqlite::Connection::open(&path).expect("a plain connection");
        let mut b = Branch {
            _dir: dir,
            clock,
            sizes: vec![(80, 24); apps.len()],
            apps,
            raw,
            events: (0, 0, String::new()),
        };
        b.check().expect("the demo morning holds the invariants");
        b
    }

    fn apply(&mut self, op: &Op, keymap: &Keymap) -> Result<(), TestCaseError> {
        match op {
            Op::Key {
                who,
                code,
                mods,
                kind,
            } => {
                let ev = KeyEvent::new_with_kind(*code, *mods, *kind);
                let app = &mut self.apps[*who];
                if let Some(action) = keymap.action(&ev, app.tab, app.form.is_some()) {
                    app.update(action);
                }
                // Quitting is the terminal loop's business; the session goes on.
                app.quit = false;
            }
            Op::Paste { who, text } => {
                // The terminal delivers a paste only to an open form.
                let app = &mut self.apps[*who];
                if app.form.is_some() {
                    app.update(Action::Form(Input::Paste(text.clone())));
                }
            }
            Op::Resize { who, w, h } => {
                self.sizes[*who] = (*w, *h);
                draw_fits(&self.apps[*who], *w, *h)?;
            }
            Op::Tick { who, secs } => {
                self.clock.advance(Duration::seconds(*secs));
                for (i, app) in self.apps.iter_mut().enumerate() {
                    if who.is_none_or(|w| w == i) {
                        app.update(Action::Tick);
                    }
                }
            }
        }
        Ok(())
    }

    /// The database's invariants, on a plain connection.
    fn check(&mut self) -> Result<(), TestCaseError> {
        let none = |sql: &str| -> Result<(), TestCaseError> {
            let rows = support::rows(&self.raw, sql);
            prop_assert!(rows.is_empty(), "{sql}\n{rows:#?}");
            Ok(())
        };
        // Every ticket in exactly one state, its times and counter fitting it.
        none(
            "SELECT id, number, status, called_at, started_at, finished_at, counter
             FROM tickets WHERE NOT (
              (status = 'waiting' AND called_at IS NULL AND started_at IS NULL
                 AND finished_at IS NULL AND counter IS NULL)
              OR (status = 'called' AND called_at IS NOT NULL AND started_at IS NULL
                 AND finished_at IS NULL AND counter IS NOT NULL)
              OR (status = 'serving' AND called_at IS NOT NULL AND started_at IS NOT NULL
                 AND finished_at IS NULL AND counter IS NOT NULL)
              OR (status = 'on_hold' AND started_at IS NOT NULL AND finished_at IS NULL)
              OR (status = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL)
              OR (status = 'no_show' AND called_at IS NOT NULL AND started_at IS NULL
                 AND finished_at IS NOT NULL)
              OR (status = 'diverted' AND finished_at IS NOT NULL AND divert_target IS NOT NULL)
              OR (status = 'unserved' AND started_at IS NULL AND finished_at IS NOT NULL)
              OR (status = 'unfinished' AND started_at IS NOT NULL AND finished_at IS NOT NULL))",
        )?;
        // No two tickets of a day share a number; numbers run from 1 without gaps.
        none("SELECT day, number, count(*) FROM tickets GROUP BY day, number HAVING count(*) > 1")?;
        none(
            "SELECT day, service, min(seq), max(seq), count(*) FROM tickets
             GROUP BY day, service HAVING min(seq) != 1 OR max(seq) != count(*)",
        )?;
        none(
            "SELECT id, number FROM tickets
             WHERE number != service || substr('00' || seq, -3) AND seq < 1000",
        )?;
        // One client at a counter at a time.
        none(
            "SELECT day, counter, count(*) FROM tickets WHERE status IN ('called', 'serving')
             GROUP BY day, counter HAVING count(*) > 1",
        )?;
        // Every ticket was added with its event.
        none(
            "SELECT t.id, t.number FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM events e
             WHERE e.record = 'ticket' AND e.record_id = t.id AND e.kind = 'ticket.add')",
        )?;
        // Cards: a known status; never the same person twice.
        let statuses: Vec<String> = CardStatus::ALL
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        none(&format!(
            "SELECT id, status FROM cards WHERE status NOT IN ({})",
            statuses.join(", ")
        ))?;
        none("SELECT id, receiver FROM cards WHERE receiver = assistant")?;
        // One open follow-up per client and line: nobody markets twice.
        none(
            "SELECT client_id, line, count(*) FROM prospects WHERE stage = 'open'
             GROUP BY client_id, line HAVING count(*) > 1",
        )?;
        none("SELECT * FROM pragma_foreign_key_check")?;
        // Every open card as the store reads it: at most two staff, distinct.
        let open: Vec<i64> = self
            .raw
            .prepare_cached("SELECT id FROM cards ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let db = self.apps[0].store.db();
        for id in open {
            let card = db.card(id).unwrap().expect("the card reads back");
            if card.status.is_open() {
                let staff = attached(&card);
                prop_assert!(staff.len() <= 2, "card {id}: {staff:?}");
                prop_assert!(
                    staff.len() < 2 || staff[0] != staff[1],
                    "card {id}: {staff:?}"
                );
            }
        }
        // The event log only grows; what was written stays as written.
        let (count, last): (i64, i64) = self
            .raw
            .query_row(
                "SELECT count(*), coalesce(max(id), 0) FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let (seen, seen_last, seen_kind) = &self.events;
        prop_assert!(count >= *seen, "events went from {seen} to {count}");
        prop_assert!(last >= *seen_last);
        if *seen_last > 0 {
            let kind: String = self
                .raw
                .query_row("SELECT kind FROM events WHERE id = ?1", [seen_last], |r| {
                    r.get(0)
                })
                .unwrap();
            prop_assert_eq!(&kind, seen_kind, "event {} changed", seen_last);
        }
        let kind: String = self
            .raw
            .query_row(
                "SELECT coalesce((SELECT kind FROM events WHERE id = ?1), '')",
                [last],
                |r| r.get(0),
            )
            .unwrap();
        self.events = (count, last, kind);
        // The apps' own state points inside what they show.
        for app in &self.apps {
            prop_assert!(app.lobby.rows.is_empty() || app.lobby.cursor.at() < app.lobby.rows.len());
            if let Some(form) = &app.form {
                prop_assert!(form.focus < form.fields.len());
            }
        }
        Ok(())
    }
}

/// Draw `app` on a `w`×`h` terminal: every row exactly as wide as the
/// terminal, nothing hidden under a wide character.
fn draw_fits(app: &App, w: u16, h: u16) -> Result<(), TestCaseError> {
    let (text, problems) = support::draw_checked(app, w, h);
    prop_assert!(
        problems.is_empty(),
        "{w}×{h}, tab {:?}:\n{text}\n{problems:#?}",
        app.tab
    );
    Ok(())
}

fn cases() -> u32 {
    std::env::var("HOSTILE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES)
}

fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn focus(app: &mut App, i: usize) {
    for _ in 0..20 {
        if app.form.as_ref().unwrap().focus == i {
            return;
        }
        app.update(Action::Form(Input::Next));
    }
    panic!("field {i} is reached with Tab");
}

mod input;
