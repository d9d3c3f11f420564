//! The expected wait's backtest on a small generated history: it runs and
//! gives finite figures (that it beats the naive estimate is the benchmark's
//! to show: `cargo bench --bench wait`).

use chrono::NaiveDate;
use lobbydesk::config::Catalog;
use lobbydesk::demo::backtest::demo_backtest;
use lobbydesk::demo::HistoryOptions;

#[test]
fn the_backtest_replays_a_few_generated_days() {
    let last = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let options = HistoryOptions {
        days: std::env::var("WAIT_DAYS").map_or(3, |d| d.parse().unwrap()),
        seed: 7,
        visits_per_day: std::env::var("WAIT_VISITS").map_or(60, |d| d.parse().unwrap()),
        clients: None,
    };
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("backtest.db");
    let f = demo_backtest(&path, &Catalog::shipped(), last, &options).unwrap();
    eprintln!("{f:?}");
    assert!(f.tickets > 100, "most of the visits are replayed: {f:?}");
    for x in [
        f.median,
        f.p90,
        f.baseline_median,
        f.baseline_p90,
        f.real_median,
    ] {
        assert!(x.is_finite() && x >= 0.0, "{f:?}");
    }
    assert!(f.p90 >= f.median && f.baseline_p90 >= f.baseline_median);
}
