//! A generated branch history for the tests of figures kept per day (closed
//! days, target rows, points, the chain funnel): its last day, instants on
//! its days, the history itself, acting as someone, and a single count.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::demo::{self, HistoryOptions};
use lobbydesk::ops::{Op, OpError};
use lobbydesk::store::{Db, Store};

use super::{beijing, person_of};

/// The last day of the generated history: a Saturday.
pub fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

/// `hour`:00 Beijing time on `d`.
pub fn at(d: NaiveDate, hour: u32) -> DateTime<Utc> {
    beijing()
        .from_local_datetime(&d.and_hms_opt(hour, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// `days` business days up to [`last_day`], each closed, in a new file.
pub fn history(days: u32, seed: u64, visits_per_day: u32) -> (tempfile::TempDir, Store) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("branch.db")).unwrap();
    let options = HistoryOptions {
        days,
        seed,
        visits_per_day,
        clients: None,
    };
    demo::history_with(
        &mut store,
        &Catalog::shipped(),
        beijing(),
        last_day(),
        &options,
    )
    .unwrap();
    (dir, store)
}

/// `f` as the roster's `code` at `now`, in one transaction.
pub fn as_<T>(
    store: &mut Store,
    code: &str,
    now: DateTime<Utc>,
    f: impl FnOnce(&Db, &Op) -> Result<T, OpError>,
) -> Result<T, OpError> {
    let who = person_of(store, code);
    let catalog = Catalog::shipped();
    let op = Op {
        who: &who,
        now,
        day: now.with_timezone(&beijing()).date_naive(),
        catalog: &catalog,
    };
    store.write(|db| f(db, &op))
}

/// The one number `q` gives, read on a plain connection to the file.
pub fn sql(store: &Store, q: &str) -> i64 {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.query_row(q, [], |r| r.get(0)).unwrap()
}
