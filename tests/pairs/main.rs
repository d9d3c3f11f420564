//! Pairs (接对子) and dedicated managers (专属客户经理) on a branch's
//! morning: a teller's card goes to their paired manager, a client's own
//! manager comes first, another manager of the line waits for the
//! threshold (the hint line and the operation agree), the pair's figures in
//! the review and the report, a recognised client announced to their manager
//! once, and the dedicated manager counted as one of the client's two
//! marketers.

#[path = "../support/mod.rs"]
mod support;

use insta::assert_snapshot;
use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::domain::authority::Denial;
use lobbydesk::domain::card::{Card, Outcome};
use lobbydesk::domain::client::ClientRefusal;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::cards::{self, NewCard};
use lobbydesk::ops::pairs::{self, PairRefusal};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::report::{self, Format, Period, Report};
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Db;

use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("W02", "刘洋", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

/// Run one operation as `code` at the fixture's clock, on a connection of
/// its own, in one transaction.
fn run<T>(
    fx: &Fixture,
    code: &str,
    f: impl FnOnce(&Db, &Op) -> Result<T, OpError>,
) -> Result<T, OpError> {
    let mut store = open_store(&fx.dir);
    let catalog = Catalog::shipped();
    let staff = store.db().staff(code).unwrap().expect("on the roster");
    let who = ops::person(&staff, &catalog);
    let op = Op {
        who: &who,
        now: fx.clock.now(),
        day: fx.clock.today(),
        catalog: &catalog,
    };
    store.write(|db| f(db, &op))
}

fn pair(fx: &Fixture, teller: &str, line: &str, manager: &str) {
    run(fx, "H01", |db, op| {
        pairs::set_pair(db, op, teller, line, manager)
    })
    .expect("the head pairs");
}

/// The client of a walk-in registered at the desk.
fn client_of(fx: &Fixture, number: &str) -> i64 {
    fx.ticket(number).client_id.expect("a client")
}

fn notices_to(fx: &Fixture, code: &str, kind: &str) -> i64 {
    fx.sql_i64(
        "SELECT count(*) FROM notices WHERE to_staff = ?1 AND kind = ?2",
        args![code, kind],
    )
}

/// Flag a wealth card for ticket `number` as T01 through the operation.
fn flag_op(fx: &Fixture, number: &str) -> Card {
    let input = NewCard {
        ticket: fx.ticket(number).id,
        need: "wmp".into(),
        line: "wealth".into(),
        consent: true,
        note: "想了解".into(),
        name: None,
        mobile: None,
    };
    run(fx, "T01", |db, op| cards::flag_card(db, op, &input)).expect("flagged")
}

mod managers;
mod routing;
