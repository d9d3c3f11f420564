//! Range reports over long histories of closed days: the report of a whole
//! year, five years and twenty years, each on its own demo history (made
//! with `lobbydesk demo --days N` when missing, every day closed with its
//! figures kept), timed as `lobbydesk report` computes it (closed days added
//! up, the open day from the records) and, for comparison, from the records
//! alone; with the sections that still read the records for the whole range
//! timed on their own. Prints one Markdown table.
//!
//! ```sh
//! cargo bench --bench range
//! LOBBYDESK_RANGE_YEARS=1,5 LOBBYDESK_RANGE_VISITS=120 cargo bench --bench range
//! ```
//!
//! Environment: `LOBBYDESK_RANGE_YEARS` (default `1,5,20`; a year is 250
//! business days), `LOBBYDESK_RANGE_VISITS` (visits a day, default 120),
//! `LOBBYDESK_RANGE_DIR` (where the histories are kept, default
//! `target/bench`).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::Duration as Days;
use lobbydesk::config::Catalog;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::report::Bounds;
use lobbydesk::store::Store;
use support::{ms, Samples};

const RUNS: usize = 5;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// The history of `years` at `visits` a day, made when missing.
fn history(dir: &Path, years: u32, visits: u32) -> PathBuf {
    let path = dir.join(format!("range-{years}y-{visits}v.db"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(dir).expect("the histories' folder");
    let days = years * 250;
    eprintln!("generating {} ({days} business days)…", path.display());
    let started = Instant::now();
    let partial = dir.join(format!("range-{years}y-{visits}v.partial.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    let status = Command::new(support::binary())
        .args(["demo", "--days", &days.to_string()])
        .args(["--visits-per-day", &visits.to_string()])
        .arg("--db")
        .arg(&partial)
        .status()
        .expect("run lobbydesk demo");
    assert!(status.success(), "lobbydesk demo failed: {status}");
    // A consistent single file under its final name.
    Store::open(&partial)
        .expect("open the history")
        .backup(&path)
        .expect("keep the history");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    eprintln!("generated in {:.0} s", started.elapsed().as_secs_f64());
    path
}

fn row(measure: &str, s: &Samples, target: &str, limit: Option<f64>) {
    let (n, p50, _p99, max) = s.summary();
    let met = match limit {
        Some(l) if max.as_secs_f64() * 1000.0 < l => "yes",
        Some(_) => "NO",
        None => "-",
    };
    println!(
        "| {measure} | {n} | {} | | {} | {target} | {met} |",
        ms(p50),
        ms(max)
    );
}

fn main() {
    let years: Vec<u32> = env_or("LOBBYDESK_RANGE_YEARS", "1,5,20")
        .split(',')
        .filter_map(|y| y.trim().parse().ok())
        .collect();
    let visits: u32 = env_or("LOBBYDESK_RANGE_VISITS", "120")
        .parse()
        .unwrap_or(120);
    let dir = PathBuf::from(env_or(
        "LOBBYDESK_RANGE_DIR",
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench"),
    ));
    let catalog = Catalog::shipped();
    let offset = support::offset();
    println!("| measure | n | p50 | p99 | max | target | met |");
    println!("|---|---:|---:|---:|---:|---|---|");
    for y in years {
        let path = history(&dir, y, visits);
        let today = support::today(&path);
        let now = support::at(today, 9, 0);
        let last = today - Days::days(1);
        let first = last - Days::days(i64::from(y) * 365 - 1);
        let store = Store::open(&path).expect("open the history");
        let db = store.db();
        let (tickets, closed): (i64, i64) = {
            let counts = support::sizes(&path);
            let tickets = counts
                .iter()
                .find(|(t, _)| *t == "tickets")
                .map_or(0, |c| c.1);
            let closed = db
                .day_figures_between(first, last)
                .expect("closed days")
                .len() as i64;
            (tickets, closed)
        };
        eprintln!("{y} years: {tickets} tickets, {closed} closed days with figures");
        let period = Period::new(first, last).expect("a range");
        let (target, limit) = match y {
            1 => ("max < 20", Some(20.0)),
            5 => ("max < 60", Some(60.0)),
            20 => ("max < 250", Some(250.0)),
            _ => ("-", None),
        };
        let label =
            |what: &str| format!("{what}: {y} years ({tickets} tickets, {closed} closed days)");
        // Warm the cache once: the figures are about the computation.
        Report::compute(&db, &catalog, period, offset, now).expect("report");
        let mut s = Samples::default();
        for _ in 0..RUNS {
            s.time(|| Report::compute(&db, &catalog, period, offset, now).expect("report"));
        }
        row(&label("report, closed days added up"), &s, target, limit);
        let mut s = Samples::default();
        for _ in 0..RUNS.min(3) {
            s.time(|| Report::live(&db, &catalog, period, offset, now).expect("report"));
        }
        row(&label("report from the records alone"), &s, "-", None);
        // The sections still read from the records for the whole range.
        let b = Bounds::new(first, last, |_| offset, now);
        let mut s = Samples::default();
        for _ in 0..RUNS {
            s.time(|| {
                db.report_calls(&b).expect("calls");
                db.report_pauses(&b).expect("pauses");
            });
        }
        row(
            &label("the counters' calls and pauses read from the records (no longer in a range report)"),
            &s,
            "-",
            None,
        );
        let mut s = Samples::default();
        for _ in 0..RUNS {
            s.time(|| db.report_funnel(&b).expect("funnel"));
        }
        row(
            &label("of which the funnel (chains begun in range, kept on each original card)"),
            &s,
            "-",
            None,
        );
        let mut s = Samples::default();
        for _ in 0..RUNS {
            s.time(|| db.report_funnel_from_chains(&b).expect("funnel"));
        }
        row(
            &label("the funnel from the chains' cards (before: kept on none)"),
            &s,
            "-",
            None,
        );
    }
}
