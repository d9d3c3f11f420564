//! Appointments (预约): a manager books, the lobby checks the client in, the
//! ticket goes to that manager who is told at once and calls it; a client
//! who does not come goes back on the manager's follow-ups; the day's
//! figures count them; the service level beside the waits.

#[path = "../support/mod.rs"]
mod support;

use chrono::{Duration, NaiveTime};
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::domain::appointment::Status;
use lobbydesk::domain::ticket::Status as TicketStatus;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::appointments::{self, Booking};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::report::{self, Format, Period, Report};
use rusqlite::params;
use support::*;

const CLIENT: (&str, &str) = ("李小明", "13812345678");

/// W01 (wealth), C01 (credit), T01 (teller at counter 1), the lobby; one
/// client on W01's follow-ups, due in five days. The app runs as `me`.
fn branch(lang: Lang, me: &str) -> Fixture {
    let staff = [
        manager("W01", "王理财", "wealth"),
        manager("C01", "陈信贷", "credit"),
        teller("T01", "张敏", 1),
    ];
    let mut fx = Fixture::new(lang, me, &staff);
    fx.app
        .store
        .write(|db| consenting_prospect(db, CLIENT, "W01", day() + Duration::days(5), t0()))
        .unwrap();
    fx.app.reload().unwrap();
    fx
}

fn client_id(fx: &Fixture) -> i64 {
    fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![CLIENT.1])
}

fn prospect_id(fx: &Fixture) -> i64 {
    fx.sql_i64("SELECT id FROM prospects WHERE owner = 'W01'", args![])
}

/// Book as `who` through the operation (the form's own path is tested apart).
fn book(fx: &mut Fixture, who: &str, time: (u32, u32), with: &str) -> Result<i64, OpError> {
    let person = person_of(&fx.app.store, who);
    let catalog = Catalog::shipped();
    let op = Op {
        who: &person,
        now: fx.clock.now(),
        day: fx.clock.today(),
        catalog: &catalog,
    };
    let b = Booking {
        client: client_id(fx),
        prospect: Some(prospect_id(fx)),
        day: fx.clock.today(),
        time: NaiveTime::from_hms_opt(time.0, time.1, 0).unwrap(),
        with: with.into(),
        note: "想了解养老理财".into(),
    };
    let clock = fx.clock.clone();
    let id = fx
        .app
        .store
        .write(|db| appointments::book(db, &op, &clock, &b))?
        .id;
    fx.app.reload().unwrap();
    Ok(id)
}

fn status_of(fx: &Fixture, id: i64) -> Status {
    fx.app.store.db().appointment(id).unwrap().unwrap().status
}

mod arrivals;
mod figures;
