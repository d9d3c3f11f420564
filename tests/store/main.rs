//! The store against a real SQLite file: opening and migrating, numbering,
//! sharing between connections, optimistic updates, the event log and the
//! day's figures.

#[path = "../support/mod.rs"]
mod support;

use chrono::{DateTime, NaiveDate, Utc};
use lobbydesk::app::lobby::Target;
use lobbydesk::app::App;
use lobbydesk::args;
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::domain::event::EventKind;
use lobbydesk::domain::ticket::{apply, Status, Step, Ticket};
use lobbydesk::i18n::Lang;
use lobbydesk::ops::tickets::check_walkin;
use lobbydesk::store::tickets::{DayFigures, NewTicket};
use lobbydesk::store::{Store, APPLICATION_ID, SCHEMA_VERSION};
use tempfile::TempDir;

use support::*;

fn normal(service: &str) -> NewTicket {
    NewTicket {
        service: service.into(),
        priority: "normal".into(),
        is_priority: false,
        client_id: None,
        note: None,
    }
}

fn add(store: &mut Store, day: NaiveDate, service: &str, at: DateTime<Utc>) -> Ticket {
    store
        .write(|db| db.add_ticket(day, &normal(service), at))
        .expect("add a ticket")
}

/// Apply a life-cycle step and save it; the ticket as saved.
fn step(store: &mut Store, t: &Ticket, s: Step, at: DateTime<Utc>) -> Ticket {
    let new = apply(t, &s, at, None).expect("a legal step");
    let saved = store.write(|db| db.update_ticket(t, &new)).expect("update");
    assert!(saved, "{} was not changed meanwhile", t.number);
    store.db().ticket(t.id).unwrap().unwrap()
}

fn call(counter: u32) -> Step {
    Step::Call {
        counter,
        teller: None,
    }
}

mod reads;
mod tickets;
