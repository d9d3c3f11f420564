//! Divan micro-benchmarks of what the screens and reports read, on the
//! benchmark database (see `benches/screens/`): `cargo bench --bench queries`.
//! Read-only: the database is not changed. For the key-press percentiles and
//! the targets, see `benches/screens/`; these are for finding where time goes.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, Duration as Days, NaiveDate, Utc};
use divan::Bencher;
use lobbydesk::app::{App, Tab};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::i18n::Lang;
use lobbydesk::keymap::Keymap;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::prospects::Filter;
use lobbydesk::store::Store;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

struct Fixture {
    path: PathBuf,
    /// The business day after the history, and 10:30 on it.
    today: NaiveDate,
    now: DateTime<Utc>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let path = support::ensure_db();
        let today = support::today(&path);
        Fixture {
            now: support::at(today, 10, 30),
            today,
            path,
        }
    })
}

fn store() -> Store {
    Store::open(&fixture().path).expect("open the benchmark database")
}

fn clock() -> Clock {
    Clock::fixed(fixture().now, support::offset())
}

fn app() -> App {
    let store = store();
    let me = store.db().staff("H01").unwrap().expect("the demo's head");
    App::new(store, clock(), Catalog::shipped(), Lang::Zh, me).expect("app")
}

fn main() {
    fixture();
    divan::main();
}

/// Open the database, build the app (every screen's first load) and draw.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn start_to_first_frame() {
    let app = app();
    let keys = Keymap::default();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| lobbydesk::ui::draw(f, &app, &keys)).unwrap();
}

/// Reading again everything the screens show: at start, on a new day, after
/// a change to the roster or many changes at once.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn reload(bencher: Bencher) {
    let mut app = app();
    bencher.bench_local(|| app.reload().unwrap());
}

/// What a minute turning costs: the queue's waits, the follow-ups' window of
/// ended prospects moved on. (A write reads again only what its events name:
/// see `keys that write` in `benches/screens/`.)
#[divan::bench(sample_count = 50, sample_size = 1)]
fn refresh_minute(bencher: Bencher) {
    let mut app = app();
    bencher.bench_local(|| {
        app.clock.advance(Days::minutes(1));
        app.refresh().unwrap()
    });
}

/// Drawing one screen, with nothing changed.
#[divan::bench(args = ["lobby", "line", "followups", "clients"], sample_count = 200)]
fn draw(bencher: Bencher, screen: &str) {
    let mut app = app();
    app.tab = match screen {
        "lobby" => Tab::Lobby,
        "line" => Tab::Line(0),
        "followups" => Tab::Followups,
        _ => Tab::Clients,
    };
    let keys = Keymap::default();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        term.draw(|f| lobbydesk::ui::draw(f, &app, &keys))
            .map(|_| ())
    });
}

#[divan::bench(args = ["王", "芳", "1391", "8888"], sample_count = 50)]
fn search_followups(bencher: Bencher, q: &str) {
    let store = store();
    let filter = Filter {
        search: Some(q.to_string()),
        ended_since: Some(fixture().now - Days::days(30)),
        ..Filter::default()
    };
    bencher.bench_local(|| store.db().prospects(&filter).unwrap());
}

#[divan::bench(args = ["王", "芳", "1391", "8888"], sample_count = 50)]
fn search_clients(bencher: Bencher, q: &str) {
    let store = store();
    bencher.bench_local(|| store.db().search_clients(q, 200).unwrap());
}

#[divan::bench(sample_count = 50)]
fn report_day(bencher: Bencher) {
    let store = store();
    let day = fixture().today - Days::days(1);
    let catalog = Catalog::shipped();
    bencher.bench_local(|| {
        Report::compute(
            &store.db(),
            &catalog,
            Period::day(day),
            support::offset(),
            fixture().now,
        )
        .unwrap()
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn report_year(bencher: Bencher) {
    let store = store();
    let last = fixture().today - Days::days(1);
    let year = Period::new(last - Days::days(364), last).unwrap();
    let catalog = Catalog::shipped();
    bencher.bench_local(|| {
        Report::compute(
            &store.db(),
            &catalog,
            year,
            support::offset(),
            fixture().now,
        )
        .unwrap()
    });
}
