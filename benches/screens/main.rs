//! In-process benchmarks on five years of a busy branch (`cargo bench --bench
//! screens`): every key on every screen, handled and drawn; the searches; a
//! day's and a year's report; start to the first frame. Prints one Markdown
//! table of p50 / p99 / max with the targets of issue 7.
//!
//! The database is `$LOBBYDESK_BENCH_DB` or `target/bench/branch.db`, made
//! with `lobbydesk demo --days 1250 --visits-per-day 400` when missing. The
//! benchmark works on a private copy of it, on the business day after its
//! history at 10:30 with the demo's morning queue, as the branch head (who
//! sees every prospect and may do everything).
//!
//! A key press is timed from `App::update(action)` to the end of
//! `terminal.draw(|f| ui::draw(f, &app, &keys))` on a 120×40 `TestBackend`: the
//! frame is drawn after every key, whether or not the app says it changed.
//! The keys are those a person presses: moving the selection, opening and
//! cancelling forms, switching tabs and back, typing into forms, and real
//! writes (a walk-in registered, called, started, finished; a card accepted;
//! a contact logged), each of which reads again what it changed on every screen.
//!
//! Environment: `LOBBYDESK_BENCH_DB`, `LOBBYDESK_BENCH_PRESSES` (per screen,
//! default 1200), `LOBBYDESK_BENCH_SLOW_MS` (print each key slower than
//! that many ms, with its screen: where a slow percentile comes from).

mod keys;
mod round_trip;
#[path = "../support/mod.rs"]
mod support;

use lobbydesk::domain::event::EventKind;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::Duration as Days;
use chrono::{DateTime, NaiveDate, Utc};
use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, App, Input, Tab};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::domain::card::{Card, CardStatus};
use lobbydesk::domain::ticket::Status;
use lobbydesk::i18n::Lang;
use lobbydesk::keymap::Keymap;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::prospects::Filter;
use lobbydesk::store::{Store, StoreError};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::json;
use support::{ms, Samples};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// Who the benchmark is: the demo's branch head.
const ME: &str = "H01";
/// Whose Mine tab is measured besides: a teller of the demo.
const TELLER: &str = "T01";

struct Bench {
    app: App,
    term: Terminal<TestBackend>,
    /// Key presses by screen.
    keys: BTreeMap<&'static str, Samples>,
    /// Key presses that wrote (and so read again what they changed).
    writes: Samples,
    refused_writes: usize,
    /// The Clients tab's searches, from Enter to the frame that shows them.
    searches: Samples,
    /// Which screen the presses are counted for.
    screen: &'static str,
    /// `LOBBYDESK_BENCH_SLOW_MS`: each key slower than this is printed.
    slow_ms: Option<f64>,
}

impl Bench {
    fn press(&mut self, action: Action) -> Duration {
        let said = self.slow_ms.map(|_| format!("{action:?}"));
        let t = Instant::now();
        self.app.update(action);
        self.term
            .draw(|f| lobbydesk::ui::draw(f, &self.app, &Keymap::default()))
            .expect("draw");
        let d = t.elapsed();
        if let (Some(limit), Some(said)) = (self.slow_ms, said) {
            if d.as_secs_f64() * 1000.0 > limit {
                eprintln!("slow key: {} {said} {} ms", self.screen, ms(d));
            }
        }
        self.keys.entry(self.screen).or_default().push(d);
        d
    }

    /// A key press that saves something; counted with the writes too.
    fn write(&mut self, action: Action) {
        let d = self.press(action);
        self.writes.push(d);
        if self.app.flash.as_ref().is_some_and(|f| f.error) {
            self.refused_writes += 1;
        }
    }

    fn presses(&self) -> usize {
        self.keys.get(self.screen).map_or(0, |s| s.0.len())
    }

    fn input(&mut self, i: Input) {
        self.press(Action::Form(i));
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.input(Input::Char(c));
        }
    }

    fn moves(&mut self) {
        for _ in 0..5 {
            self.press(Action::Down);
        }
        for _ in 0..3 {
            self.press(Action::Up);
        }
        self.press(Action::Bottom);
        self.press(Action::Top);
    }

    /// To `tab`, first closing (uncounted) a form the screen before left
    /// open: with a form open, the key would go to the form and the presses
    /// that follow would be counted for the wrong screen.
    fn go(&mut self, tab: Tab) {
        for _ in 0..2 {
            if self.app.form.is_some() {
                self.app.update(Action::Form(Input::Cancel));
            }
        }
        assert!(self.app.form.is_none(), "a form is left open");
        let i = self.app.tabs().iter().position(|t| *t == tab).expect("tab");
        self.press(Action::GoTab(i));
        assert_eq!(
            self.app.tab, tab,
            "the benchmark is on the screen it counts"
        );
    }

    /// Away to the next tab and back: both screens drawn.
    fn away_and_back(&mut self) {
        self.press(Action::NextTab);
        self.press(Action::PrevTab);
    }

    fn open_and_cancel(&mut self, action: Action) {
        self.press(action);
        if self.app.form.is_some() {
            self.input(Input::Cancel);
        }
    }
}

// ---------------------------------------------------------------- set-up

/// The start of the day and the demo's morning (queue, cards, follow-ups)
/// on the working copy, and enough new cards on every line for the accepts.
fn prepare(store: &mut Store, clock: &Clock, catalog: &Catalog, cards_per_line: usize) {
    // As the first process of the day does: the days nobody closed closed,
    // the figures of days closed before they were kept, kept.
    let head = store.db().staff(ME).expect("read").expect("the head");
    let who = lobbydesk::ops::person(&head, catalog);
    let op = lobbydesk::ops::Op {
        who: &who,
        now: clock.now(),
        day: clock.today(),
        catalog,
    };
    store
        .write(|db| lobbydesk::ops::day::close_past_days(db, &op, clock))
        .expect("the earlier days closed");
    lobbydesk::demo::morning(store, clock, catalog).expect("the demo morning");
    let now = clock.now();
    let lines: Vec<String> = catalog.lines.iter().map(|l| l.code.clone()).collect();
    let need_of = |line: &str| {
        catalog
            .needs
            .iter()
            .find(|n| n.line.as_deref() == Some(line))
            .map_or_else(|| "other".to_string(), |n| n.code.clone())
    };
    store
        .write(|db| -> Result<(), StoreError> {
            for (li, line) in lines.iter().enumerate() {
                for k in 0..cards_per_line {
                    let mobile = format!("137{:02}{:06}", li, k);
                    let (client, _) = db.find_or_add_client(Some("李新"), Some(&mobile), now)?;
                    let card = Card::new(
                        None,
                        client,
                        "T01",
                        line,
                        &need_of(line),
                        "",
                        true,
                        now - Days::minutes(k as i64),
                    );
                    let saved = db.insert_card(&card)?;
                    db.add_event(now, "T01", EventKind::CardAdd, Some(saved.id), json!({}))?;
                }
            }
            Ok(())
        })
        .expect("new cards");
}

// ---------------------------------------------------------------- the rest

/// The day report on the server against `psql` running the same
/// statements: the application's time may be at most twice psql's.
fn report_vs_psql(url: &str, catalog: &Catalog, today: NaiveDate, now: DateTime<Utc>) -> [Row; 2] {
    let (app, psql) = support::psql::day_reports(url, catalog, today, now);
    let limit_ms = 2.0 * psql.summary().2.as_secs_f64() * 1000.0;
    [
        Row {
            measure: "report: a day, the same SQL by psql".into(),
            samples: psql,
            target: "—",
            limit_ms: f64::INFINITY,
        },
        Row {
            measure: "report: a day, as above, by lobbydesk".into(),
            samples: app,
            target: "p99 < 2 × psql's p99",
            limit_ms,
        },
    ]
}

struct Row {
    measure: String,
    samples: Samples,
    target: &'static str,
    /// The target on the p99 (or max), in ms.
    limit_ms: f64,
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let presses: usize = std::env::var("LOBBYDESK_BENCH_PRESSES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1200);
    let original = support::ensure_db();
    let copy = support::working_copy(&original);
    let today = support::today(&copy.path);
    let now = support::at(today, 10, 30);
    let offset = support::offset();
    let clock = Clock::fixed(now, offset);
    let catalog = Catalog::shipped();
    {
        let mut store = Store::open(&copy.path).expect("open the working copy");
        prepare(&mut store, &clock, &catalog, presses / 10);
    }
    // With LOBBYDESK_BENCH_PG (a server's administrator URL), the same keys
    // on the working copy moved onto a branch server, each person signed in
    // with their own login (row-level security and all).
    let server = std::env::var("LOBBYDESK_BENCH_PG")
        .ok()
        .map(|admin| support::on_server(&admin, &copy.path, &[ME, TELLER]));
    let open = |code: &str| match &server {
        Some(url) => Store::open_server(&url(code), None).expect("open the branch"),
        None => Store::open(&copy.path).expect("open"),
    };
    let sizes = support::sizes(&copy.path);
    let count = |t: &str| sizes.iter().find(|(n, _)| *n == t).map_or(0, |(_, n)| *n);
    let small =
        count("tickets") < 500_000 || count("cards") < 100_000 || count("prospects") < 50_000;
    let mut rows: Vec<Row> = Vec::new();

    // Start to the first full frame, in-process (the file is in the page cache).
    let mut start = Samples::default();
    for _ in 0..20 {
        let t = Instant::now();
        let store = open(ME);
        let me = store.db().staff(ME).expect("read").expect("the head");
        let app = App::new(store, clock.clone(), catalog.clone(), Lang::Zh, me).expect("app");
        let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        term.draw(|f| lobbydesk::ui::draw(f, &app, &Keymap::default()))
            .unwrap();
        start.push(t.elapsed());
    }

    let bench = |code: &str| {
        let store = open(code);
        let me = store
            .db()
            .staff(code)
            .expect("read")
            .expect("on the roster");
        let app = App::new(store, clock.clone(), catalog.clone(), Lang::Zh, me).expect("app");
        Bench {
            app,
            term: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap(),
            keys: BTreeMap::new(),
            writes: Samples::default(),
            refused_writes: 0,
            searches: Samples::default(),
            screen: "",
            slow_ms: std::env::var("LOBBYDESK_BENCH_SLOW_MS")
                .ok()
                .and_then(|s| s.parse().ok()),
        }
    };
    let mut b = bench(ME);
    let mut round = 0;
    keys::lobby(&mut b, presses, &mut round);
    for pane in 0..b.app.lines.len() {
        keys::line_pane(&mut b, pane, presses);
    }
    keys::followups(&mut b, presses);
    keys::clients(&mut b, presses);
    keys::review(&mut b, presses);
    keys::mine(&mut b, presses, "keys: mine");
    // A teller's own referrals are many more than the head's.
    let mut teller = bench(TELLER);
    keys::mine(&mut teller, presses, "keys: mine (a teller)");
    b.keys.append(&mut teller.keys);
    let screens = std::mem::take(&mut b.keys);
    let mut all = Samples::default();
    for (name, s) in screens {
        all.0.extend(&s.0);
        rows.push(Row {
            measure: name.to_string(),
            samples: s,
            target: "p99 < 5",
            limit_ms: 5.0,
        });
    }
    rows.push(Row {
        measure: "keys: every screen".into(),
        samples: all,
        target: "p99 < 5",
        limit_ms: 5.0,
    });
    rows.push(Row {
        measure: "search: Clients tab, Enter to frame (王, 王芳, 1391)".into(),
        samples: std::mem::take(&mut b.searches),
        target: "p99 < 2",
        limit_ms: 2.0,
    });
    let writes = std::mem::take(&mut b.writes);
    let refused = b.refused_writes;
    rows.push(Row {
        measure: format!("keys that write (refused: {refused})"),
        samples: writes,
        target: "p99 < 5",
        limit_ms: 5.0,
    });

    // Searches, straight on the store.
    let db = b.app.store.db();
    let ended_since = Some(now - Days::days(30));
    for (what, q) in [("name", "王"), ("mobile", "1391")] {
        let filter = Filter {
            search: Some(q.to_string()),
            ended_since,
            ..Filter::default()
        };
        let mut s = Samples::default();
        for _ in 0..100 {
            s.time(|| db.prospects(&filter).expect("search"));
        }
        rows.push(Row {
            measure: format!("search: follow-ups by part of a {what} ({q})"),
            samples: s,
            target: "p99 < 20",
            limit_ms: 20.0,
        });
        let mut s = Samples::default();
        for _ in 0..100 {
            s.time(|| db.search_clients(q, 200).expect("search"));
        }
        rows.push(Row {
            measure: format!("search: all clients by part of a {what} ({q})"),
            samples: s,
            target: "p99 < 20",
            limit_ms: 20.0,
        });
    }

    // Reports: each of the last 100 business days, and the last year.
    let last = today - Days::days(1);
    let mut s = Samples::default();
    for k in 0..100 {
        let day = last - Days::days(k);
        s.time(|| Report::compute(&db, &catalog, Period::day(day), offset, now).expect("report"));
    }
    rows.push(Row {
        measure: "report: a day".into(),
        samples: s,
        target: "p99 < 50",
        limit_ms: 50.0,
    });
    let mut s = Samples::default();
    let year = Period::new(last - Days::days(364), last).unwrap();
    for _ in 0..5 {
        s.time(|| Report::compute(&db, &catalog, year, offset, now).expect("report"));
    }
    rows.push(Row {
        measure: "report: a year".into(),
        samples: s,
        target: "max < 1000",
        limit_ms: 1000.0,
    });
    if let Some(url) = &server {
        rows.extend(report_vs_psql(&url(ME), &catalog, today, now));
        let admin = std::env::var("LOBBYDESK_BENCH_PG").expect("the server's administrator");
        rows.extend(round_trip::rows(&admin, &url(ME), ME));
    }
    rows.push(Row {
        measure: "start to first frame (in-process)".into(),
        samples: start,
        target: "p99 < 100",
        limit_ms: 100.0,
    });

    println!();
    println!("lobbydesk in-process benchmarks · {}", original.display());
    let sizes: Vec<String> = sizes.iter().map(|(t, n)| format!("{n} {t}")).collect();
    println!("{}", sizes.join(" · "));
    if small {
        println!(
            "(smaller than issue 7's branch: ≥ 500000 tickets, 100000 cards, 50000 prospects; \
             make it again with scripts/bench.sh --fresh)"
        );
    }
    println!(
        "today {} 10:30 (UTC{}) · {WIDTH}×{HEIGHT} · zh · as {ME}",
        today, offset
    );
    println!();
    println!("| measure | n | p50 ms | p99 ms | max ms | target ms | met |");
    println!("|---|---:|---:|---:|---:|---|---|");
    let mut failed = 0;
    for r in &rows {
        let (n, p50, p99, max) = r.samples.summary();
        let judged = if r.target.starts_with("max") {
            max
        } else {
            p99
        };
        let met = judged.as_secs_f64() * 1000.0 < r.limit_ms;
        failed += usize::from(!met);
        println!(
            "| {} | {n} | {} | {} | {} | {} | {} |",
            r.measure,
            ms(p50),
            ms(p99),
            ms(max),
            r.target,
            if met { "yes" } else { "NO" }
        );
    }
    println!();
    if failed > 0 {
        println!("{failed} target(s) missed");
    }
}
