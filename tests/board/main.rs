//! The calling board (叫号屏): a display account's full screen in the lobby.
//! It shows a call made by another process within a second, never a
//! client's name or mobile, rings and says each new call once (a recall
//! again), nothing called before it started; drawn in zh and en at 80×24
//! and 120×40.

#[path = "../support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use insta::assert_snapshot;
use lobbydesk::board::Board;
use lobbydesk::clock::Clock;
use lobbydesk::config::{Catalog, SHIPPED};
use lobbydesk::domain::ticket::{Step, Ticket};
use lobbydesk::i18n::Lang;
use lobbydesk::ops::tickets::{self, TicketTarget};
use lobbydesk::ops::{self, Op};
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use support::pty::{frame, Spawn};
use support::{beijing, mins, t0, teller};
use tempfile::TempDir;

/// The walk-ins' details, which the board must never show.
const NAMES: [&str; 3] = ["陈小明", "王美丽", "Zhang"];

fn staff(code: &str, name: &str, role: &str) -> Staff {
    Staff {
        code: code.into(),
        name: name.into(),
        roles: vec![role.into()],
        counter: None,
        active: true,
    }
}

/// Run `f` as `code` at `now` (on the business day `clock` says).
fn as_staff<T>(
    store: &mut Store,
    code: &str,
    now: DateTime<Utc>,
    day: chrono::NaiveDate,
    f: impl FnOnce(&lobbydesk::store::Db, &Op) -> Result<T, ops::OpError>,
) -> T {
    let who = support::person_of(store, code);
    let catalog = Catalog::shipped();
    let op = Op {
        who: &who,
        now,
        day,
        catalog: &catalog,
    };
    store.write(|db| f(db, &op)).expect("the operation")
}

fn step(
    store: &mut Store,
    code: &str,
    target: TicketTarget,
    step: Step,
    now: DateTime<Utc>,
    day: chrono::NaiveDate,
) -> Ticket {
    as_staff(store, code, now, day, |db, op| {
        tickets::step(db, op, target, &step)
    })
    .1
}

fn call(counter: u32, code: &str) -> Step {
    Step::Call {
        counter,
        teller: Some(code.into()),
    }
}

mod calls;
