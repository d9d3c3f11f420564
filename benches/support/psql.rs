//! A report on the server against `psql` running the same SQL: the
//! statements the report ran, recorded by the store as a psql script
//! (prepared as the application prepares them, with the same values), run
//! by the real `psql` with `\timing`, whose per-statement times are summed.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::Store;

use super::Samples;

/// Today's day report and each of the last 100 days', on the server at
/// `url`: the application's times and psql's for the same statements.
pub fn day_reports(
    url: &str,
    catalog: &Catalog,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> (Samples, Samples) {
    let (mut app, mut psql) = (Samples::default(), Samples::default());
    for k in 0..=100 {
        let day = today - chrono::Duration::days(k);
        let (a, p) = app_and_psql(url, |store| {
            Report::compute(&store.db(), catalog, Period::day(day), super::offset(), now)
                .expect("report");
        });
        app.push(a);
        psql.push(p);
    }
    (app, psql)
}

/// The time the application took for `work` on `url`'s store, and the time
/// `psql`, signed in at `url` too, took for the same statements. `work` runs
/// once before, so that both find the statements prepared and the data in
/// the server's cache.
fn app_and_psql(url: &str, work: impl Fn(&Store)) -> (Duration, Duration) {
    let mut store = Store::open_server(url, None).expect("open the branch");
    work(&store);
    store.record_sql();
    let t = Instant::now();
    work(&store);
    let app = t.elapsed();
    let script = store.recorded_sql().expect("a server records its SQL");
    (app, psql_time(url, &script))
}

/// The sum of the times `psql` gives for the statements of `script` after
/// their PREPAREs (prepared and run once untimed first, as the application's
/// were).
fn psql_time(url: &str, script: &str) -> Duration {
    // Statements end with ";" at the end of a line; their own lines may not.
    let mut statements = script.split(";\n").filter(|s| !s.trim().is_empty());
    let settings = statements.next().expect("the session's settings first");
    let (prepares, runs): (Vec<&str>, Vec<&str>) =
        statements.partition(|s| s.starts_with("PREPARE "));
    let (prepares, runs) = (prepares.join(";\n"), runs.join(";\n"));
    let input = format!("{settings};\n{prepares};\n{runs};\n\\timing on\n{runs};\n");
    let mut child = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run psql");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("psql ends");
    assert!(out.status.success(), "psql refused the recorded script");
    let text = String::from_utf8_lossy(&out.stdout);
    let ms: f64 = text
        .lines()
        .filter_map(|l| l.strip_prefix("Time: "))
        .filter_map(|t| t.split_whitespace().next()?.parse::<f64>().ok())
        .sum();
    Duration::from_secs_f64(ms / 1000.0)
}
