//! Closing the day (日终): a visit that crosses midnight, the close that
//! leaves nothing open, the automatic close of a day nobody closed, figures
//! that never change once closed, and each day's own offset (summer time).

mod support;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use lobbydesk::app::{Action, Tab};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::domain::authority::Denial;
use lobbydesk::domain::ticket::{Status, Step};
use lobbydesk::i18n::Lang;
use lobbydesk::ops::tickets::{self, TicketTarget};
use lobbydesk::ops::{day, Op, OpError};
use lobbydesk::report::{Period, Report};
use lobbydesk::store::Store;
use support::history::as_;
use support::*;

fn walkin() -> tickets::Walkin {
    tickets::check_walkin(&Catalog::shipped(), Lang::En, "A", "normal", "", "")
        .unwrap_or_else(|_| panic!("a plain walk-in"))
}

fn step(store: &mut Store, code: &str, now: DateTime<Utc>, t: TicketTarget, s: Step) {
    as_(store, code, now, |db, op| tickets::step(db, op, t, &s)).expect("the step");
}

/// `code` calls ticket `id` to `counter` and starts serving it.
fn serve(store: &mut Store, code: &str, counter: u32, id: i64, at: DateTime<Utc>) {
    step(
        store,
        code,
        at,
        TicketTarget::Ticket(id),
        call(counter, code),
    );
    step(store, code, at, TicketTarget::Ticket(id), Step::Start);
}

fn branch() -> (tempfile::TempDir, Store) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = open_store(&dir);
    for s in [
        teller("T01", "王芳", 1),
        teller("T02", "李强", 2),
        manager("L01", "陈静", "lobby"),
        manager("H01", "周建国", "head"),
    ] {
        put_staff(&mut store, &s);
    }
    (dir, store)
}

/// 23:50 on 2026-11-23 in Beijing.
fn late() -> DateTime<Utc> {
    beijing()
        .with_ymd_and_hms(2026, 11, 23, 23, 50, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn call(counter: u32, teller: &str) -> Step {
    Step::Call {
        counter,
        teller: Some(teller.into()),
    }
}

#[test]
fn a_visit_that_crosses_midnight_is_finished_at_its_counter_next_day() {
    let (_dir, mut store) = branch();
    let a = register_as(&mut store, "T01", late(), &walkin()).unwrap();
    register_as(&mut store, "T01", late(), &walkin()).unwrap();
    step(
        &mut store,
        "T01",
        late(),
        TicketTarget::Next,
        call(1, "T01"),
    );
    step(
        &mut store,
        "T01",
        late(),
        TicketTarget::Ticket(a.id),
        Step::Start,
    );

    // After midnight: yesterday's ticket still holds counter 1.
    let next = late() + Duration::minutes(20);
    let today = next.with_timezone(&beijing()).date_naive();
    let open = store.db().open_tickets(today).unwrap();
    assert_eq!(
        open.iter()
            .map(|t| (t.number.as_str(), t.status))
            .collect::<Vec<_>>(),
        [("A001", Status::Serving)],
        "yesterday's ticket at the counter stays; yesterday's waiting one is not called today"
    );
    // Calling to the busy counter is refused; a new day's walk-in waits.
    register_as(&mut store, "T01", next, &walkin()).unwrap();
    let busy = as_(&mut store, "T01", next, |db, op| {
        tickets::step(db, op, TicketTarget::Next, &call(1, "T01"))
    });
    assert!(
        matches!(
            busy,
            Err(OpError::Ticket(
                lobbydesk::domain::ticket::Refusal::CounterBusy { .. },
                _
            ))
        ),
        "{busy:?}"
    );
    // The teller finishes yesterday's ticket at their counter.
    step(
        &mut store,
        "T01",
        next,
        TicketTarget::Ticket(a.id),
        Step::Finish,
    );
    let t = store.db().ticket(a.id).unwrap().unwrap();
    assert_eq!(
        (t.status, t.day),
        (Status::Done, late().with_timezone(&beijing()).date_naive())
    );
    // Now the counter is free for today's first ticket, numbered afresh.
    let (_, called) = as_(&mut store, "T01", next, |db, op| {
        tickets::step(db, op, TicketTarget::Next, &call(1, "T01"))
    })
    .unwrap();
    assert_eq!(called.number, "A001");
    assert_eq!(called.day, today);
}

#[test]
fn closing_the_day_closes_every_open_ticket_with_its_reason() {
    let (_dir, mut store) = branch();
    let d = day();
    let (a, b, c) = (
        register_as(&mut store, "T01", t0(), &walkin()).unwrap(),
        register_as(&mut store, "T01", t0(), &walkin()).unwrap(),
        register_as(&mut store, "T01", t0(), &walkin()).unwrap(),
    );
    serve(&mut store, "T01", 1, a.id, t0());
    step(
        &mut store,
        "T02",
        t0(),
        TicketTarget::Ticket(b.id),
        call(2, "T02"),
    );

    // A teller may not close the day; the lobby manager may.
    let refused = as_(&mut store, "T01", t0(), |db, op| {
        day::close_day(db, op, d, beijing())
    });
    assert!(
        matches!(refused, Err(OpError::Denied(Denial::NotCloser))),
        "{refused:?}"
    );
    let events = store.db().last_event_id().unwrap();
    let closed = as_(&mut store, "L01", t0() + Duration::hours(7), |db, op| {
        day::close_day(db, op, d, beijing())
    })
    .unwrap();
    assert_eq!((closed.unserved, closed.unfinished), (2, 1));
    let status = |id| store.db().ticket(id).unwrap().unwrap().status;
    assert_eq!(status(a.id), Status::Unfinished);
    assert_eq!(status(b.id), Status::Unserved);
    assert_eq!(status(c.id), Status::Unserved);
    assert!(
        store.db().open_tickets(d).unwrap().is_empty(),
        "the next day starts clean"
    );
    let kinds: Vec<String> = store
        .db()
        .events_of("ticket", c.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.last().unwrap(), "ticket.close");
    assert_eq!(
        store.db().last_event_id().unwrap(),
        events + 4,
        "three tickets and the day"
    );

    // Closed: no second close, no more walk-ins that day; the report says so.
    let again = as_(&mut store, "L01", t0(), |db, op| {
        day::close_day(db, op, d, beijing())
    });
    assert!(
        matches!(again, Err(OpError::Denied(Denial::DayClosed))),
        "{again:?}"
    );
    let late_walkin = register_as(&mut store, "T01", t0() + Duration::hours(8), &walkin());
    assert!(
        matches!(late_walkin, Err(OpError::DayClosed(_))),
        "{late_walkin:?}"
    );
    let r = Report::compute(
        &store.db(),
        &Catalog::shipped(),
        Period::day(d),
        beijing(),
        t0(),
    )
    .unwrap();
    let closed = r.closed.expect("the report says the day was closed");
    assert_eq!((closed.by.as_str(), closed.automatic), ("L01", false));
    assert_eq!((r.visits.unserved, r.visits.unfinished), (2, 1));
}

#[test]
fn a_closed_days_figures_never_change() {
    let (_dir, mut store) = branch();
    let d = day();
    let a = register_as(&mut store, "T01", t0(), &walkin()).unwrap();
    serve(&mut store, "T01", 1, a.id, t0());
    step(
        &mut store,
        "T01",
        t0() + Duration::minutes(10),
        TicketTarget::Ticket(a.id),
        Step::Finish,
    );
    let evening = t0() + Duration::hours(8);
    let report = |store: &Store| {
        Report::compute(
            &store.db(),
            &Catalog::shipped(),
            Period::day(d),
            beijing(),
            evening,
        )
        .unwrap()
    };
    as_(&mut store, "L01", evening, |db, op| {
        day::close_day(db, op, d, beijing())
    })
    .unwrap();
    let at_close = report(&store);

    // Later, somebody rewrites the day's records behind the application's
    // back (as a later event would change what the day's rows say): the
    // closed day's report is what was true at its close.
    raw_update(
        &store,
        "UPDATE tickets SET status = 'no_show' WHERE id = ?1",
        a.id,
    );
    assert_eq!(report(&store), at_close);
    let live = Report::live(
        &store.db(),
        &Catalog::shipped(),
        Period::day(d),
        beijing(),
        evening,
    )
    .unwrap();
    assert_ne!(live.visits, at_close.visits, "the live figures did move");
}

fn raw_update(store: &Store, sql: &str, id: i64) {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(sql, [id]).unwrap();
}

#[test]
fn a_day_nobody_closed_is_closed_by_the_first_process_of_the_next() {
    let (_dir, mut store) = branch();
    let a = register_as(&mut store, "T01", t0(), &walkin()).unwrap();
    let tomorrow = t0() + Duration::days(1);
    let closed = as_(&mut store, "T01", tomorrow, |db, op| {
        day::close_past_days(db, op, beijing())
    })
    .unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].day, day());
    assert_eq!(
        store.db().ticket(a.id).unwrap().unwrap().status,
        Status::Unserved
    );
    let c = store.db().day_close(day()).unwrap().unwrap();
    assert!(c.automatic);
    assert_eq!(c.closed_by, "T01");
    // Once closed, the next process finds nothing to close.
    let again = as_(&mut store, "T02", tomorrow, |db, op| {
        day::close_past_days(db, op, beijing())
    })
    .unwrap();
    assert!(again.is_empty());
}

#[test]
fn the_lobby_manager_closes_the_day_from_the_review_tab() {
    let mut fx = Fixture::new(Lang::En, "T01", &[teller("T01", "王芳", 1)]);
    fx.walkin('A', '1', "", "");
    fx.switch_to("LOBBY");
    fx.act(Action::GoTab(6));
    assert_eq!(fx.app.tab, Tab::Review);
    assert!(fx.app.offers(&Action::CloseDay));
    fx.act(Action::CloseDay);
    let form = fx.app.form.as_ref().expect("the close asks first");
    assert!(
        form.fields.iter().any(|f| f.get().is_empty()),
        "nothing pre-selected"
    );
    fx.input(lobbydesk::app::Input::Submit);
    assert!(fx.app.form.is_some(), "not without an answer");
    fx.pick(lobbydesk::i18n::Msg::FieldConfirm, "yes");
    fx.input(lobbydesk::app::Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(fx.sql_i64("SELECT count(*) FROM day_closes", args![]), 1);
    assert!(
        fx.screen(80, 24).contains("closed"),
        "{}",
        fx.screen(80, 24)
    );

    // A teller is not offered the close.
    fx.switch_to("T01");
    fx.act(Action::GoTab(6));
    assert!(!fx.app.offers(&Action::CloseDay));
}

#[test]
fn a_day_in_summer_time_is_reported_at_its_own_offset() {
    // 00:20 on 2026-10-20 in Berlin, summer time (UTC+2): 22:20 UTC the day before.
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = open_store(&dir);
    put_staff(&mut store, &teller("T01", "王芳", 1));
    let at = Utc.with_ymd_and_hms(2026, 10, 19, 22, 20, 0).unwrap();
    let who = person_of(&store, "T01");
    let catalog = Catalog::shipped();
    let op = Op {
        who: &who,
        now: at,
        day: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
        catalog: &catalog,
    };
    store
        .write(|db| tickets::register_walkin(db, &op, &walkin()))
        .unwrap();
    drop(store);
    // In November Berlin is at UTC+1; the report of 20 October uses +2.
    let db = db_path(&dir);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lobbydesk"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "report",
            "--date",
            "2026-10-20",
            "--format",
            "json",
        ])
        .env("TZ", "Europe/Berlin")
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["visits"]["arrived"], 1, "{r}");
    let hour0 = r["hours"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["hour"] == 0)
        .unwrap();
    assert_eq!(hour0["arrivals"], 1, "the walk-in came at 00:20 local time");
}
