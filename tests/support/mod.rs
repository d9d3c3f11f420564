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

/// An application on a fresh database in a temporary folder, with a fixed clock.
pub struct Fixture {
    pub dir: TempDir,
    pub clock: Clock,
    pub app: App,
}

pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

impl Fixture {
    /// `staff` are put on the roster first; the app runs as `me` (e.g. "LOBBY").
    pub fn new(lang: Lang, me: &str, staff: &[Staff]) -> Fixture {
        let dir = TempDir::new().expect("a temporary folder");
        let mut store = open_store(&dir);
        for s in staff {
            put_staff(&mut store, s);
        }
        let me = store
            .db()
            .staff(me)
            .expect("read the roster")
            .expect("`me` is on the roster");
        let clock = Clock::fixed(t0(), beijing());
        let app =
            App::new(store, clock.clone(), Catalog::shipped(), lang, me).expect("start the app");
        Fixture { dir, clock, app }
    }

    pub fn lobby(lang: Lang) -> Fixture {
        Fixture::new(lang, "LOBBY", &[])
    }

    pub fn lang(&self) -> &'static str {
        lang_code(self.app.lang)
    }

    pub fn act(&mut self, action: Action) {
        self.app.update(action);
    }

    pub fn input(&mut self, input: Input) {
        self.app.update(Action::Form(input));
    }

    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.input(Input::Char(c));
        }
    }

    /// Move the form's focus to field `i` with Tab, however choosing by key
    /// moves it.
    pub fn focus_field(&mut self, i: usize) {
        for _ in 0..self.app.form.as_ref().expect("a form").fields.len() {
            if self.app.form.as_ref().unwrap().focus == i {
                return;
            }
            self.input(Input::Next);
        }
        assert_eq!(
            self.app.form.as_ref().unwrap().focus,
            i,
            "Tab reaches field {i}"
        );
    }

    /// Fill the walk-in form (service letter, priority number, name, mobile)
    /// without saving it.
    pub fn fill_walkin(&mut self, service: char, priority: char, name: &str, mobile: &str) {
        self.act(Action::NewWalkin);
        assert!(self.app.form.is_some(), "n opens the walk-in form");
        self.input(Input::Char(service));
        self.focus_field(1);
        self.input(Input::Char(priority));
        self.focus_field(2);
        self.type_text(name);
        self.focus_field(3);
        self.type_text(mobile);
    }

    /// Register a walk-in through the form and return its number.
    pub fn walkin(&mut self, service: char, priority: char, name: &str, mobile: &str) -> String {
        self.fill_walkin(service, priority, name, mobile);
        self.input(Input::Submit);
        assert!(
            self.app.form.is_none(),
            "the walk-in was saved: {:?}",
            self.app.flash
        );
        self.app
            .lobby
            .selected_ticket()
            .expect("the new ticket is selected")
            .number
            .clone()
    }

    /// Esc on the open form until it is gone (see [`discard`]).
    pub fn discard(&mut self) {
        discard(&mut self.app);
    }

    /// Move the clock on and let the app notice, as its tick would.
    pub fn advance(&mut self, minutes: i64) {
        self.clock.advance(mins(minutes));
        self.act(Action::Tick);
    }

    pub fn advance_secs(&mut self, secs: i64) {
        self.clock.advance(Duration::seconds(secs));
        self.act(Action::Tick);
    }

    pub fn screen(&self, w: u16, h: u16) -> String {
        render(&self.app, w, h)
    }

    /// A ticket of today by its number, whatever its status.
    pub fn ticket(&self, number: &str) -> Ticket {
        let id: i64 = check(&self.dir).one(
            "SELECT id FROM tickets WHERE day = ?1 AND number = ?2",
            args![day().format("%Y-%m-%d").to_string(), number],
        );
        self.app.store.db().ticket(id).unwrap().unwrap()
    }

    pub fn ticket_count(&self) -> i64 {
        self.sql_i64("SELECT count(*) FROM tickets", args![])
    }

    pub fn event_count(&self) -> i64 {
        self.sql_i64("SELECT count(*) FROM events", args![])
    }

    /// Event kinds in the order written.
    pub fn event_kinds(&self) -> Vec<String> {
        check(&self.dir).all("SELECT kind FROM events ORDER BY id", args![])
    }

    /// Select a row of the lobby queue by ticket number.
    pub fn select(&mut self, number: &str) {
        self.act(Action::Top);
        for _ in 0..self.app.lobby.rows.len() {
            if self.selected() == Some(number.to_string()) {
                return;
            }
            self.act(Action::Down);
        }
        panic!("{number} is not in the lobby queue");
    }

    pub fn selected(&self) -> Option<String> {
        self.app.lobby.selected_ticket().map(|t| t.number.clone())
    }

    /// The flash line's text, and whether it is an error.
    pub fn flash(&self) -> (String, bool) {
        let f = self.app.flash.as_ref().expect("a flash message");
        (f.text.clone(), f.error)
    }

    /// The numbers shown in the queue, in the order shown.
    pub fn queue(&self) -> Vec<String> {
        self.app
            .lobby
            .rows
            .iter()
            .map(|r| r.ticket.number.clone())
            .collect()
    }
}

// ---------------------------------------------------------------- several people on one file
// (cards, follow-ups: each person runs their own App on the same database)

/// A client who agreed to be contacted, on `owner`'s wealth follow-up list,
/// due `due`: the row a call list or a campaign exports.
pub fn consenting_prospect(
    db: &lobbydesk::store::Db,
    (name, mobile): (&str, &str),
    owner: &str,
    due: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), lobbydesk::store::StoreError> {
    let (client, _) = db.find_or_add_client(Some(name), Some(mobile), now)?;
    db.set_consent(client, true, "T01", now)?;
    db.add_prospect(
        &lobbydesk::store::prospects::NewProspect {
            client_id: client,
            owner: owner.into(),
            source_card: None,
            line: Some("wealth".into()),
            next_due: due,
        },
        now,
    )?;
    Ok(())
}

/// A line's manager or the branch head: no counter.
pub fn manager(code: &str, name: &str, role: &str) -> Staff {
    Staff {
        code: code.into(),
        name: name.into(),
        roles: vec![role.into()],
        counter: None,
        active: true,
    }
}

impl Fixture {
    /// Another person's application on the same database file, with the same
    /// clock and language: a second connection, as a second process has.
    pub fn app_as(&self, code: &str) -> App {
        let store = open_store(&self.dir);
        let me = store
            .db()
            .staff(code)
            .expect("read the roster")
            .unwrap_or_else(|| panic!("{code} is on the roster"));
        App::new(
            store,
            self.clock.clone(),
            Catalog::shipped(),
            self.app.lang,
            me,
        )
        .expect("start the app")
    }

    /// Carry on as another person; returns the previous person's app.
    pub fn switch_to(&mut self, code: &str) -> App {
        let next = self.app_as(code);
        std::mem::replace(&mut self.app, next)
    }

    /// One integer from SQL run on a separate plain connection.
    pub fn sql_i64(&self, sql: &str, args: &[&dyn lobbydesk::store::sql::Arg]) -> i64 {
        check(&self.dir).one(sql, args)
    }

    /// In the open form, choose the option whose code is `code` in the field
    /// labelled `label`, by moving there with Tab and typing the option's key.
    pub fn pick(&mut self, label: lobbydesk::i18n::Msg, code: &str) {
        let form = self.app.form.as_ref().expect("a form");
        let i = form
            .fields
            .iter()
            .position(|f| f.label == label)
            .unwrap_or_else(|| panic!("the form has a {label:?} field"));
        let key = match &form.fields[i].value {
            lobbydesk::app::form::Value::Choice { options, .. } => options
                .iter()
                .find(|o| o.code == code)
                .unwrap_or_else(|| panic!("{label:?} offers {code:?}: {options:?}"))
                .key
                .clone(),
            other => panic!("{label:?} is not a choice: {other:?}"),
        };
        let mut chars = key.chars();
        let c = chars.next().expect("the option has a key");
        assert!(chars.next().is_none(), "{code:?} is chosen by one key");
        self.focus_field(i);
        self.input(Input::Char(c));
        assert_eq!(self.app.form.as_ref().unwrap().fields[i].get(), code);
    }
}

// ---------------------------------------------------------------- roles, audit and privacy
// (tests/roles.rs, tests/care.rs, tests/privacy.rs)

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

impl Fixture {
    /// The events written after the first `since`, oldest first.
    pub fn events_after(&self, since: i64) -> Vec<EventRow> {
        let all: Vec<EventRow> = check(&self.dir).all(
            "SELECT kind, actor, record, record_id FROM events ORDER BY id",
            args![],
        );
        all.into_iter().skip(since as usize).collect()
    }

    /// Every table's rows and the number of events: what "nothing changed" compares.
    pub fn db_state(&self) -> (String, i64) {
        let rows = if on_server() {
            pg::table_rows(&mut pg::client_in(&self.dir))
        } else {
            table_rows(&raw(&self.dir))
        };
        (rows, self.event_count())
    }

    /// Select a card by id in the line pane shown.
    pub fn select_card_id(&mut self, id: i64) {
        let lobbydesk::app::Tab::Line(p) = self.app.tab else {
            panic!("a line's pane is shown, not {:?}", self.app.tab)
        };
        self.act(Action::Top);
        for _ in 0..self.app.lines[p].cards.len() {
            if self.app.lines[p].selected_card().map(|c| c.id) == Some(id) {
                return;
            }
            self.act(Action::Down);
        }
        panic!("card #{id} is not in the pane");
    }

    /// Select a prospect by id in the Follow-ups list.
    pub fn select_prospect_id(&mut self, id: i64) {
        assert_eq!(self.app.tab, lobbydesk::app::Tab::Followups);
        self.act(Action::Top);
        for _ in 0..self.app.followups.len() {
            if self.app.followups.selected_prospect().map(|p| p.id) == Some(id) {
                return;
            }
            self.act(Action::Down);
        }
        panic!("prospect {id} is not listed");
    }

    /// Replace the content of the open form's text field labelled `label`.
    pub fn retype(&mut self, label: lobbydesk::i18n::Msg, text: &str) {
        let form = self.app.form.as_ref().expect("a form");
        let i = form.fields.iter().position(|f| f.label == label).unwrap();
        let n = form.fields[i].get().chars().count();
        self.focus_field(i);
        for _ in 0..n {
            self.input(Input::Backspace);
        }
        self.type_text(text);
    }

    /// The prospects listed in the Follow-ups tab, by id.
    pub fn listed_prospects(&self) -> Vec<i64> {
        self.app.followups.rows.iter().map(|(_, p)| p.id).collect()
    }
}

impl Fixture {
    /// Go to `tab` by its number key, wherever it is in the tab order.
    pub fn go(&mut self, tab: lobbydesk::app::Tab) {
        let i = self
            .app
            .tabs()
            .iter()
            .position(|t| *t == tab)
            .unwrap_or_else(|| panic!("no {tab:?} tab"));
        self.act(Action::GoTab(i));
        assert_eq!(self.app.tab, tab);
    }
}

pub mod check;
pub mod history;
pub mod pg;

pub use check::Check;
pub mod pty;
