//! Shared helpers for the store and flow tests: a database in a temporary
//! folder, a fixed clock, an `App` driven by actions, and the screen as text.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use lobbydesk::app::{Action, App, Input};
use lobbydesk::args;
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::domain::ticket::Ticket;
use lobbydesk::i18n::{self, Lang};
use lobbydesk::keymap::Keymap;
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use tempfile::TempDir;

/// 2026-11-23 02:30 UTC, which is 10:30 in Beijing.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 30, 0).unwrap()
}

pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// The business day of `t0` in Beijing.
pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub fn mins(m: i64) -> Duration {
    Duration::minutes(m)
}

pub fn db_path(dir: &TempDir) -> PathBuf {
    dir.path().join("lobby.db")
}

/// Whether this run of the suites works on a PostgreSQL server
/// (`LOBBYDESK_TEST_ENGINE=postgresql`, set by `scripts/test.sh` for its
/// second pass) rather than on SQLite files.
pub fn on_server() -> bool {
    std::env::var("LOBBYDESK_TEST_ENGINE").as_deref() == Ok("postgresql")
}

/// The store of the test whose folder is `dir`: its SQLite file, or, on a
/// server, its own database there (branch B1), as the administrator.
pub fn open_store(dir: &TempDir) -> Store {
    if on_server() {
        return pg::store_in(dir);
    }
    Store::open(&db_path(dir)).expect("open the store")
}

/// A second, plain SQLite connection on the same file, for checks the store's
/// API does not offer (file-only tests).
pub fn raw(dir: &TempDir) -> rusqlite::Connection {
    assert!(!on_server(), "this test reads the SQLite file itself");
    rusqlite::Connection::open(db_path(dir)).expect("open a raw connection")
}

/// A plain connection on the database of the test whose folder is `dir`,
/// on either engine.
pub fn check(dir: &TempDir) -> Check {
    if on_server() {
        Check::Pg(pg::client_in(dir))
    } else {
        Check::Lite(rusqlite::Connection::open(db_path(dir)).expect("open a plain connection"))
    }
}

pub fn teller(code: &str, name: &str, counter: u32) -> Staff {
    Staff {
        code: code.into(),
        name: name.into(),
        roles: vec!["teller".into()],
        counter: Some(counter),
        active: true,
    }
}

pub fn put_staff(store: &mut Store, s: &Staff) {
    store
        .write(|db| db.put_staff(s))
        .expect("put a staff member on the roster");
}

/// The person a roster entry is (under the shipped catalog), as the
/// operations see them.
pub fn person_of(store: &Store, code: &str) -> lobbydesk::domain::authority::Person {
    let staff = store
        .db()
        .staff(code)
        .expect("read the roster")
        .unwrap_or_else(|| panic!("{code} is on the roster"));
    lobbydesk::ops::person(&staff, &Catalog::shipped())
}

/// The business day `now` falls on in Beijing.
pub fn beijing_day(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&beijing()).date_naive()
}

/// Run the operation `f` as `code` at `now` (on the business day `now`
/// falls on in Beijing), in one write; its result, or a panic naming who.
pub fn as_staff<T>(
    store: &mut Store,
    code: &str,
    now: DateTime<Utc>,
    f: impl FnOnce(&lobbydesk::store::Db, &lobbydesk::ops::Op) -> Result<T, lobbydesk::ops::OpError>,
) -> T {
    let who = person_of(store, code);
    let catalog = Catalog::shipped();
    let op = lobbydesk::ops::Op {
        who: &who,
        now,
        day: beijing_day(now),
        catalog: &catalog,
    };
    store
        .write(|db| f(db, &op))
        .unwrap_or_else(|e| panic!("{code}: {e:?}"))
}

/// Register a checked walk-in through the queue's operations as `code`, at
/// `now`, on the business day `now` falls on in Beijing.
pub fn register_as(
    store: &mut Store,
    code: &str,
    now: DateTime<Utc>,
    walkin: &lobbydesk::ops::tickets::Walkin,
) -> Result<Ticket, lobbydesk::ops::OpError> {
    let who = person_of(store, code);
    let catalog = Catalog::shipped();
    let op = lobbydesk::ops::Op {
        who: &who,
        now,
        day: now.with_timezone(&beijing()).date_naive(),
        catalog: &catalog,
    };
    store.write(|db| lobbydesk::ops::tickets::register_walkin(db, &op, walkin))
}

/// Draw `app` on a `w`×`h` test terminal: the text the terminal shows, and
/// its layout problems (text hidden under a wide character, a row not
/// exactly the terminal's width).
pub fn draw_checked(app: &App, w: u16, h: u16) -> (String, Vec<String>) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    let frame = terminal
        .draw(|f| lobbydesk::ui::draw(f, app, &Keymap::default()))
        .expect("draw");
    let mut problems = hidden_cells(frame.buffer);
    let (text, widths) = buffer_text(terminal.backend().buffer());
    problems.extend(widths);
    (text, problems)
}

/// Render the whole screen at `w`×`h` and return it as the terminal shows it.
///
/// The text is the test backend's buffer, which receives what a real terminal
/// would. If the frame drawn held text that the terminal cannot show (a cell
/// under the right half of a wide, e.g. Chinese, character), or a line is not
/// exactly the screen's width, that is an overlap: it is listed under the
/// screen so that a snapshot review cannot miss it.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let (text, problems) = draw_checked(app, w, h);
    if problems.is_empty() {
        text
    } else {
        format!("{text}\n--- layout problems ---\n{}", problems.join("\n"))
    }
}

/// Cells holding text under the right half of a wide character.
pub fn hidden_cells(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    let mut problems = Vec::new();
    for y in 0..area.height {
        let mut wide: Option<(u16, String)> = None;
        for x in 0..area.width {
            let sym = buf[(area.x + x, area.y + y)].symbol();
            match &wide {
                Some((wx, wsym)) if x < wx + i18n::width(wsym) as u16 => {
                    if !sym.trim().is_empty() {
                        problems.push(format!(
                            "row {y} col {x}: {sym:?} is hidden under {wsym:?} at col {wx}"
                        ));
                    }
                }
                _ => wide = (i18n::width(sym) > 1).then(|| (x, sym.to_string())),
            }
        }
    }
    problems
}

/// The buffer's lines as a terminal shows them, trailing spaces trimmed (cells
/// under a wide character are skipped); and any line not exactly as wide as
/// the buffer.
pub fn buffer_text(buf: &Buffer) -> (String, Vec<String>) {
    let area = buf.area;
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..area.width {
            let sym = buf[(area.x + x, area.y + y)].symbol();
            if skip == 0 {
                line.push_str(sym);
            }
            skip = skip.max(i18n::width(sym)).saturating_sub(1);
        }
        let w = i18n::width(&line);
        if w != area.width as usize {
            problems.push(format!("row {y}: {w} cells wide, not {}", area.width));
        }
        lines.push(line.trim_end().to_string());
    }
    (lines.join("\n"), problems)
}

/// Esc on the open form until it is gone: a form with typed text asks
/// first, and a second Esc discards it.
pub fn discard(app: &mut App) {
    app.update(Action::Form(Input::Cancel));
    if app.form.is_some() {
        app.update(Action::Form(Input::Cancel));
    }
    assert!(app.form.is_none(), "Esc twice closes any form");
}

// ---------------------------------------------------------------- roles, audit and privacy
// (tests/roles/, tests/care/, tests/privacy/)

/// One event as written: kind, actor, record, record id.
pub type EventRow = (String, String, String, Option<i64>);

/// The PIN every spawned process gives in `LOBBYDESK_PIN`: the roster of a
/// test chooses it on each person's first sign-in, so `--as CODE` just works.
pub const PIN: &str = "2468";

/// Run the real binary with `args`; its home, config and data folders are
/// inside `home`, so the machine's own are never read; signs in with [`PIN`].
pub fn run_lobbydesk(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lobbydesk"))
        .args(args)
        .env("LOBBYDESK_PIN", PIN)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run lobbydesk")
}

/// The branch's ticket kiosk, K01.
pub fn kiosk() -> Staff {
    manager("K01", "取号机", "kiosk")
}

/// A ticket kiosk, K01, on the roster of the database at `db` (created if
/// missing): it registers the walk-ins of a script (`--as K01 walkin add`).
pub fn add_kiosk(db: &std::path::Path) {
    let mut store = Store::open(db).expect("open the database");
    store
        .write(|d| d.put_staff(&kiosk()))
        .expect("put the kiosk on the roster");
}

/// Give everyone on the roster of `db` who has no PIN yet the test [`PIN`],
/// as the branch head would: processes started at once as the same person
/// then never race to choose it.
pub fn pins_for_all(db: &std::path::Path) {
    let mut store = Store::open(db).expect("open the database");
    let hash = lobbydesk::ops::signin::hash_pin(PIN).expect("hash the test PIN");
    store
        .write(|d| -> Result<(), lobbydesk::store::StoreError> {
            for s in d.roster()? {
                let none = d
                    .credentials(&s.code)?
                    .is_some_and(|c| c.pin_hash.is_none());
                if none && s.code != "LOBBY" {
                    d.set_pin_hash(&s.code, &hash)?;
                }
            }
            Ok(())
        })
        .expect("set the test PIN");
}

/// Exit status, stdout and stderr of a run, for assertion messages.
pub fn describe_output(o: &std::process::Output) -> String {
    format!(
        "status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every stored ticket number, in the order the tickets were added.
pub fn ticket_numbers(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare_cached("SELECT number FROM tickets ORDER BY id")
        .unwrap();
    let numbers = stmt.query_map([], |r| r.get(0)).unwrap();
    numbers.collect::<Result<_, _>>().unwrap()
}

/// The rows `sql` returns, each as its values joined by ` | `.
pub fn rows(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare_cached(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|v| v.join(" | "))
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// The tables whose rows [`table_rows`] compares.
pub const TABLES: [&str; 6] = [
    "staff",
    "clients",
    "tickets",
    "cards",
    "prospects",
    "contacts",
];

/// Every row of every table but the event log, as text: compare two of these
/// to prove that nothing changed.
pub fn table_rows(conn: &rusqlite::Connection) -> String {
    let mut out = String::new();
    for table in TABLES {
        for row in rows(conn, &format!("SELECT * FROM {table} ORDER BY rowid")) {
            out.push_str(&format!("{table}: {row}\n"));
        }
    }
    out
}

pub mod check;
mod fixture;
pub use fixture::*;
pub mod history;
pub mod pg;

pub use check::Check;
pub mod pty;
