//! The referral and follow-up rules that independent checks found broken,
//! each on one real SQLite file through the operations (`ops`), with the
//! day's figures where points are involved: an intent signed at last, two
//! marketers per client, closed points to the closer, sign and pass on,
//! consent never assumed, and client edits that are saved or refused.

#[path = "../support/mod.rs"]
mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::domain::authority::{self, Act, Denial, Person, Target};
use lobbydesk::domain::card::{Card, CardStatus, Outcome};
use lobbydesk::domain::client::ClientRefusal;
use lobbydesk::domain::followup::Stage;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::cards::{self, NewCard};
use lobbydesk::ops::prospects::{self, ByHand};
use lobbydesk::ops::{self, export, tickets, Names, Op, OpError};
use lobbydesk::report::{Period, Report, StaffFigures};
use lobbydesk::store::prospects::Filter;
use lobbydesk::store::{Db, Store};
use tempfile::TempDir;

use support::*;

/// A branch: two tellers, two managers on each line, the head.
struct Branch {
    dir: TempDir,
    store: Store,
    catalog: Catalog,
    now: DateTime<Utc>,
}

impl Branch {
    fn new() -> Branch {
        let dir = TempDir::new().unwrap();
        let mut store = open_store(&dir);
        for s in [
            teller("T01", "张敏", 1),
            teller("T02", "李娜", 2),
            manager("W01", "王芳", "wealth"),
            manager("W02", "刘洋", "wealth"),
            manager("C01", "陈刚", "credit"),
            manager("C02", "赵磊", "credit"),
            manager("H01", "周建", "head"),
        ] {
            put_staff(&mut store, &s);
        }
        Branch {
            dir,
            store,
            catalog: Catalog::shipped(),
            now: t0(),
        }
    }

    fn person(&self, code: &str) -> Person {
        let staff = self.store.db().staff(code).unwrap().unwrap();
        ops::person(&staff, &self.catalog)
    }

    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&beijing()).date_naive()
    }

    /// Run one operation as `code`, now, in one transaction.
    fn run<T>(
        &mut self,
        code: &str,
        f: impl FnOnce(&Db, &Op) -> Result<T, OpError>,
    ) -> Result<T, OpError> {
        let who = self.person(code);
        let op = Op {
            who: &who,
            now: self.now,
            day: self.today(),
            catalog: &self.catalog,
        };
        self.store.write(|db| f(db, &op))
    }

    fn days_later(&mut self, days: i64) {
        self.now += Duration::days(days);
    }

    /// A walk-in registered by `teller`.
    fn walkin(&mut self, teller: &str, name: &str, mobile: &str) -> Result<i64, OpError> {
        let w = tickets::check_walkin(&self.catalog, Lang::En, "A", "normal", name, mobile)
            .expect("a valid walk-in");
        self.run(teller, |db, op| tickets::register_walkin(db, op, &w))
            .map(|t| t.id)
    }

    /// `teller` flags a card for `line` on the ticket, the client's details
    /// left as stored.
    fn flag(&mut self, teller: &str, ticket: i64, line: &str) -> Result<Card, OpError> {
        let need = if line == "wealth" { "wmp" } else { "mortgage" };
        let input = card_input(ticket, need, line, None, None);
        self.run(teller, |db, op| cards::flag_card(db, op, &input))
    }

    /// A new visit of the client and a card for `line`, by T01.
    fn visit(&mut self, name: &str, mobile: &str, line: &str) -> Card {
        let ticket = self.walkin("T01", name, mobile).expect("registered");
        self.flag("T01", ticket, line).expect("flagged")
    }

    fn accept(&mut self, who: &str, card: i64) -> Result<Card, OpError> {
        self.run(who, |db, op| cards::accept_card(db, op, card))
    }

    fn outcome(&mut self, who: &str, card: i64, o: Outcome) -> cards::Recorded {
        self.run(who, |db, op| {
            cards::record_outcome(db, op, card, &o, None, true)
        })
        .expect("the outcome is recorded")
    }

    fn card(&self, id: i64) -> Card {
        self.store.db().card(id).unwrap().unwrap()
    }

    fn state(&self) -> (String, i64) {
        let conn = raw(&self.dir);
        let events = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        (table_rows(&conn), events)
    }

    /// (kind, actor, details) of every event of `kind`, oldest first.
    fn events(&self, kind: &str) -> Vec<(String, String)> {
        let conn = raw(&self.dir);
        let mut stmt = conn
            .prepare("SELECT actor, details FROM events WHERE kind = ?1 ORDER BY id")
            .unwrap();
        let rows = stmt
            .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    }

    /// The figures of the business days `from..=today`.
    fn report(&self, from: NaiveDate) -> Report {
        let period = Period::new(from, self.today()).unwrap();
        Report::compute(&self.store.db(), &self.catalog, period, beijing(), self.now).unwrap()
    }

    fn message(&self, e: &OpError) -> String {
        let roster = self.store.db().roster().unwrap();
        e.message(&Names {
            lang: Lang::En,
            roster: &roster,
            catalog: &self.catalog,
        })
    }
}

fn card_input(
    ticket: i64,
    need: &str,
    line: &str,
    name: Option<&str>,
    mobile: Option<&str>,
) -> NewCard {
    NewCard {
        ticket,
        need: need.into(),
        line: line.into(),
        consent: true,
        note: "想了解产品".into(),
        name: name.map(String::from),
        mobile: mobile.map(String::from),
    }
}

fn staff<'a>(r: &'a Report, code: &str) -> Option<&'a StaffFigures> {
    r.staff.iter().find(|s| s.code == code)
}

mod settling;
