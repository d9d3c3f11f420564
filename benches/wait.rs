//! The expected wait's backtest: a demo branch's history generated into a
//! temporary database, replayed day by day, each called ticket's wait
//! estimated at its arrival from what was known then; the median and
//! 90th-percentile absolute error in minutes, beside the naive estimate
//! (place × average visit ÷ counters). `cargo bench --bench wait`.
//!
//! Environment: LOBBYDESK_WAIT_DAYS (business days, default 60),
//! LOBBYDESK_WAIT_VISITS (visits on an average day, default 120),
//! LOBBYDESK_WAIT_SEED (default 7).

use chrono::NaiveDate;
use lobbydesk::config::Catalog;
use lobbydesk::demo::backtest::demo_backtest;
use lobbydesk::demo::HistoryOptions;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let options = HistoryOptions {
        days: env("LOBBYDESK_WAIT_DAYS", 60) as u32,
        seed: env("LOBBYDESK_WAIT_SEED", 7),
        visits_per_day: env("LOBBYDESK_WAIT_VISITS", 120) as u32,
        clients: None,
    };
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).expect("a date");
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    let started = std::time::Instant::now();
    let f = demo_backtest(
        &dir.path().join("backtest.db"),
        &Catalog::shipped(),
        last,
        &options,
    )
    .expect("the backtest runs");
    println!(
        "expected wait backtest · {} days · {} visits a day · seed {} · {} tickets · real wait median {:.1} min · {:.0} s",
        options.days,
        options.visits_per_day,
        options.seed,
        f.tickets,
        f.real_median,
        started.elapsed().as_secs_f64()
    );
    println!();
    println!("| estimate | median abs. error (min) | p90 abs. error (min) |");
    println!("|---|---:|---:|");
    println!(
        "| lobbydesk (call order played on the counters) | {:.2} | {:.2} |",
        f.median, f.p90
    );
    println!(
        "| naive (place × average visit ÷ counters) | {:.2} | {:.2} |",
        f.baseline_median, f.baseline_p90
    );
    let beats = f.median < f.baseline_median && f.p90 < f.baseline_p90;
    println!();
    println!(
        "beats the naive estimate: {}",
        if beats { "yes" } else { "NO" }
    );
}
