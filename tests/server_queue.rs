//! The lobby's queue on a branch server: a walk-in registered and called
//! through the operations on the server reads back as on a file (the
//! calling board's reads included), and another session of the branch is
//! told of the change by the server, within a second, without asking it.

mod support;

use std::time::{Duration, Instant};

use lobbydesk::config::Catalog;
use lobbydesk::domain::ticket::Step;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::tickets::{self, TicketTarget};
use lobbydesk::store::Store;
use support::pg::{fresh_store, same_on_both};
use support::{as_staff, beijing, beijing_day, open_store, t0, teller};

/// Two walk-ins, the first called to counter 1 and served: everything the
/// lobby and the calling board read back, as one string.
fn a_morning(store: &mut Store) -> String {
    let lobby = support::manager("L01", "陈静", "lobby");
    store
        .write(|db| {
            db.put_staff(&lobby)?;
            db.put_staff(&teller("T01", "王芳", 1))
        })
        .unwrap();
    for (i, service) in ["A", "C"].iter().enumerate() {
        let w = tickets::check_walkin(&Catalog::shipped(), Lang::En, service, "normal", "", "")
            .expect("a good walk-in");
        as_staff(
            store,
            "L01",
            t0() + chrono::Duration::minutes(i as i64),
            |db, op| tickets::register_walkin(db, op, &w),
        );
    }
    let now = t0() + chrono::Duration::minutes(5);
    let call = Step::Call {
        counter: 1,
        teller: Some("T01".into()),
    };
    let (_, called) = as_staff(store, "T01", now, |db, op| {
        tickets::step(db, op, TicketTarget::Next, &call)
    });
    as_staff(store, "T01", now, |db, op| {
        tickets::step(db, op, TicketTarget::Ticket(called.id), &Step::Start)
    });
    let db = store.db();
    let d = beijing_day(now);
    [
        format!("{:?}", db.open_tickets(d).unwrap()),
        format!("{:?}", db.board_calls(d, 5).unwrap()),
        format!("{:?}", db.board_queue(d).unwrap()),
        format!("{:?}", db.calls_since(0, i64::MAX, t0(), 10).unwrap()),
        format!("{:?}", db.day_figures(d, now).unwrap()),
        format!("{:?}", db.at_counter(d, 1).unwrap()),
        format!("{:?}", db.recent_calls(d, 3).unwrap()),
    ]
    .join("\n")
}

#[test]
fn a_morning_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let said = a_morning(&mut open_store(&dir));
    assert!(said.contains("A001"), "{said}");
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_morning_reads_the_same_on_the_server() {
    same_on_both("queue", a_morning);
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_another_session_of_the_branch_is_told_within_a_second() {
    let (db, mut writer) = fresh_store("told", "B1");
    db.admin_sql("INSERT INTO branches VALUES ('B2', 'B2')");
    let watcher = Store::open_server(&db.admin_url, Some("B1")).unwrap();
    let other_branch = Store::open_server(&db.admin_url, Some("B2")).unwrap();
    let (before, other_before) = (
        watcher.data_version().unwrap(),
        other_branch.data_version().unwrap(),
    );
    let _ = a_morning(&mut writer);
    let started = Instant::now();
    while watcher.data_version().unwrap() == before {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "not told within a second"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        other_branch.data_version().unwrap(),
        other_before,
        "another branch's commits are not news"
    );
}

/// The day's report after [`a_morning`], as JSON.
fn the_day_report(store: &mut Store) -> String {
    let _ = a_morning(store);
    let now = t0() + chrono::Duration::minutes(30);
    let report = lobbydesk::report::Report::compute(
        &store.db(),
        &Catalog::shipped(),
        lobbydesk::report::Period::day(beijing_day(now)),
        beijing(),
        now,
    )
    .expect("the day's report");
    lobbydesk::report::render(
        &report,
        &Catalog::shipped(),
        Lang::En,
        lobbydesk::report::Format::Json,
    )
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_the_day_report_is_the_same_on_the_server() {
    same_on_both("report", the_day_report);
}
