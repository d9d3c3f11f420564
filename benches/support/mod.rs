//! What the benchmarks share: the five-year database of a busy branch (made
//! with `lobbydesk demo` when missing), a private working copy of it, the day
//! the benchmarks pretend it is, and percentiles.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Duration as Days, FixedOffset, NaiveDate, Utc, Weekday};
use lobbydesk::clock::Clock;
use lobbydesk::store::Store;
use tempfile::TempDir;

/// `lobbydesk demo --days 1250 --visits-per-day 400`: five years of 250
/// business days at 400 visits a day.
pub const DAYS: u32 = 1250;
pub const VISITS_PER_DAY: u32 = 400;

/// The PIN the benchmarks sign in with (`LOBBYDESK_PIN`): the demo roster
/// has none, so the first sign-in of each working copy chooses it.
pub const PIN: &str = "2468";

/// The benchmark database: `$LOBBYDESK_BENCH_DB`, or `target/bench/branch.db`.
pub fn bench_db() -> PathBuf {
    match std::env::var_os("LOBBYDESK_BENCH_DB") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/branch.db"),
    }
}

/// The release binary that cargo built for the benchmarks.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_lobbydesk"))
}

/// A plain read-only SQLite connection, for what the store's API does not offer.
fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database")
}

/// The indexes of the database at `path`, by name with their SQL.
fn index_sql(path: &Path) -> Vec<(String, String)> {
    let conn = raw(path);
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// The benchmark database, generated first if it is missing, upgraded if
/// made by an older version, made again if its indexes still differ from
/// the current schema's.
pub fn ensure_db() -> PathBuf {
    let path = bench_db();
    if path.exists() {
        // An older file is upgraded as the application would upgrade it (its
        // migrations add what the schema gained) rather than made again.
        drop(Store::open(&path).expect("open (and upgrade) the benchmark database"));
        let fresh_dir = TempDir::new().expect("a temporary folder");
        let fresh = fresh_dir.path().join("fresh.db");
        drop(Store::open(&fresh).expect("a fresh database"));
        if index_sql(&path) == index_sql(&fresh) {
            return path;
        }
        eprintln!(
            "{}: made with an older schema (its indexes differ); making it again",
            path.display()
        );
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    generate(&path);
    path
}

/// `lobbydesk demo --days 1250 --visits-per-day 400 --db PATH`.
pub fn generate(path: &Path) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the database's folder");
    }
    eprintln!(
        "generating {} ({DAYS} business days, {VISITS_PER_DAY} visits a day)…",
        path.display()
    );
    let started = Instant::now();
    let status = Command::new(binary())
        .args(["demo", "--days", &DAYS.to_string()])
        .args(["--visits-per-day", &VISITS_PER_DAY.to_string()])
        .arg("--db")
        .arg(path)
        .status()
        .expect("run lobbydesk demo");
    assert!(status.success(), "lobbydesk demo failed: {status}");
    eprintln!("generated in {:.0} s", started.elapsed().as_secs_f64());
}

/// A private copy of the benchmark database, so that the benchmarks' writes
/// never change the original and every run starts from the same data.
pub struct WorkingCopy {
    pub dir: TempDir,
    pub path: PathBuf,
}

pub fn working_copy(original: &Path) -> WorkingCopy {
    let dir = tempfile::Builder::new()
        .prefix("lobbydesk-bench")
        .tempdir_in(original.parent().unwrap_or(Path::new(".")))
        .expect("a temporary folder beside the database");
    let path = dir.path().join("branch.db");
    // A consistent copy whatever state the original's WAL is in.
    let store = Store::open(original).expect("open the benchmark database");
    store.backup(&path).expect("copy the benchmark database");
    WorkingCopy { dir, path }
}

/// Counts of the records in the database, for the report.
pub fn sizes(path: &Path) -> Vec<(&'static str, i64)> {
    let conn = raw(path);
    [
        "tickets",
        "cards",
        "clients",
        "prospects",
        "contacts",
        "events",
    ]
    .into_iter()
    .map(|t| {
        let n = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .expect("count");
        (t, n)
    })
    .collect()
}

/// The local offset the demo history was written in (the machine's).
pub fn offset() -> FixedOffset {
    Clock::System.offset()
}

/// The business day after the last day of the history: the benchmarks' today.
pub fn today(path: &Path) -> NaiveDate {
    let last: String = raw(path)
        .query_row("SELECT max(day) FROM tickets", [], |r| r.get(0))
        .expect("the benchmark database has tickets");
    let last = NaiveDate::parse_from_str(&last, "%Y-%m-%d").expect("a day");
    let mut d = last + Days::days(1);
    if d.weekday() == Weekday::Sun {
        d += Days::days(1);
    }
    d
}

/// `day` at `hour`:`minute` local, in UTC.
pub fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, minute, 0)
        .unwrap()
        .and_local_timezone(offset())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// The p-th percentile (nearest rank) of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Samples of one measure, summarised as p50 / p99 / max.
#[derive(Default)]
pub struct Samples(pub Vec<Duration>);

impl Samples {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    pub fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.0.push(t.elapsed());
        out
    }

    pub fn summary(&self) -> (usize, Duration, Duration, Duration) {
        let mut s = self.0.clone();
        s.sort();
        (
            s.len(),
            percentile(&s, 50.0),
            percentile(&s, 99.0),
            s.last().copied().unwrap_or_default(),
        )
    }
}

/// The database at `file` copied as branch BJ01 into a new database of the
/// server at `admin`, with a login for each of `codes`: the URL each of
/// them signs in with.
pub fn on_server(admin: &str, file: &Path, codes: &[&str]) -> impl Fn(&str) -> String {
    let name = format!("bench_{}", std::process::id());
    let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("the server");
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a new database");
    let cut = admin.rfind('/').expect("a URL with a database");
    let url = format!("{}/{name}", &admin[..cut]);
    let started = Instant::now();
    let copied = std::process::Command::new(binary())
        .args(["copy", "--from"])
        .arg(file)
        .args(["--to", &url, "--branch", "BJ01"])
        .output()
        .expect("lobbydesk copy");
    assert!(copied.status.success(), "copy: {copied:?}");
    eprintln!(
        "copied onto the server in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("the database");
    c.batch_execute("ANALYZE")
        .expect("statistics for the planner");
    for code in codes {
        let login = format!("{name}_{}", code.to_lowercase());
        c.batch_execute(&format!(
            "SELECT lobbydesk_add_login('{login}', 'BJ01', '{code}');
             ALTER ROLE {login} PASSWORD 'pw'"
        ))
        .expect("a login");
    }
    let at = url.rfind('@').expect("a URL with a host");
    let host = url[at + 1..].to_string();
    move |code: &str| format!("postgresql://{name}_{}:pw@{host}", code.to_lowercase())
}
pub mod psql;
