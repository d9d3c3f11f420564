//! The follow-up list (跟进): prospects made from referral cards by the
//! people who work them, each in their own `App` on one real SQLite file with
//! a fixed clock (2026-11-23 10:30 in Beijing); sections, contacts, consent,
//! won / lost / hand back / reassign, filters, snapshots; and the call-list
//! and campaign exports run through the real binary.

#[path = "../support/mod.rs"]
mod support;

use lobbydesk::args;
use std::collections::BTreeSet;
use std::process::{Command, Output};

use chrono::{Duration, NaiveDate};
use insta::assert_snapshot;
use lobbydesk::app::form::{Purpose, Value as Value_};
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::domain::card::CardStatus;
use lobbydesk::domain::followup::{Bucket, Stage};
use lobbydesk::export;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::export::{self as lists, Due};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::store::prospects::NewProspect;
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Db;
use lobbydesk::store::Store;
use serde_json::Value;
use tempfile::TempDir;

use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");

/// The Follow-ups tab comes after the lobby and the two line panes (key 4).
const FOLLOWUPS: usize = 3;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("W02", "刘洋", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn assert_ok(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(!error, "unexpected error: {text}");
    assert_eq!(text, expected);
}

fn assert_refused(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(error, "expected a refusal, got: {text}");
    assert_eq!(text, expected);
}

fn date(days_from_today: i64) -> NaiveDate {
    day() + Duration::days(days_from_today)
}

/// A prospect row: (owner, stage, next_due, contacts).
fn prospect_row(fx: &Fixture, id: i64) -> (String, String, Option<String>, i64) {
    check(&fx.dir)
        .opt(
            "SELECT owner, stage, next_due, contacts FROM prospects WHERE id = ?1",
            args![id],
        )
        .unwrap_or_else(|| panic!("prospect {id}: no row"))
}

/// The kinds and details of a record's events, oldest first.
fn events_of(fx: &Fixture, record: &str, id: i64) -> Vec<(String, String, Value)> {
    let rows: Vec<(String, String, String)> = check(&fx.dir).all(
        "SELECT kind, actor, details FROM events WHERE record = ?1 AND record_id = ?2
         ORDER BY id",
        args![record, id],
    );
    rows.into_iter()
        .map(|(kind, actor, details)| (kind, actor, serde_json::from_str(&details).unwrap()))
        .collect()
}

fn kinds(events: &[(String, String, Value)]) -> Vec<&str> {
    events.iter().map(|(k, _, _)| k.as_str()).collect()
}

fn set_due(fx: &mut Fixture, id: i64, due: NaiveDate) {
    check(&fx.dir).run(
        "UPDATE prospects SET next_due = ?2 WHERE id = ?1",
        args![id, due.to_string()],
    );
    // Another connection wrote: the app notices on its tick.
    fx.act(Action::Tick);
}

fn select_card(fx: &mut Fixture, id: i64) {
    let Tab::Line(p) = fx.app.tab else {
        panic!("a line's pane is shown")
    };
    fx.act(Action::Top);
    for _ in 0..fx.app.lines[p].cards.len() {
        if fx.app.lines[p].selected_card().map(|c| c.id) == Some(id) {
            return;
        }
        fx.act(Action::Down);
    }
    panic!("card #{id} is not in the pane");
}

fn shown_ids(fx: &Fixture) -> Vec<i64> {
    fx.app.followups.rows.iter().map(|(_, p)| p.id).collect()
}

/// A card made by the teller T01 for a walk-in, worked by `manager` (their
/// home tab is their line's pane): accepted, and recorded as `result`.
/// Returns the card's and the prospect's ids; the app is `manager`'s after.
fn via_card(
    fx: &mut Fixture,
    client: (&str, &str),
    need: char,
    consent: char,
    manager: &str,
    result: &str,
) -> (i64, i64) {
    fx.switch_to("T01");
    let number = fx.walkin('A', '1', client.0, client.1);
    fx.select(&number);
    fx.act(Action::Referral);
    fx.input(Input::Char(need));
    fx.input(Input::Char(consent));
    fx.type_text("想了解产品");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
    let card = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    fx.switch_to(manager);
    select_card(fx, card);
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, result);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "outcome saved: {:?}", fx.app.flash);
    let prospect = fx.sql_i64(
        "SELECT id FROM prospects WHERE source_card = ?1",
        args![card],
    );
    (card, prospect)
}

// ---------------------------------------------------------------- sections

/// Five of W01's prospects, made from cards (not now, so due in 2 days),
/// then moved: due today, overdue 1 day, overdue 8 days, upcoming, ended.
/// Returns the fixture as W01 on the Follow-ups tab and the ids in that order.
fn sections(lang: Lang) -> (Fixture, [i64; 5]) {
    let mut fx = Fixture::new(lang, "T01", &branch());
    let clients = [
        ("王小明", "13812345678"),
        ("陈静", "13900001111"),
        ("赵丽华", "13755556666"),
        ("孙建国", "13633334444"),
        ("欧阳娜娜", "13522223333"),
    ];
    let mut ids = [0; 5];
    for (i, c) in clients.iter().enumerate() {
        // The fourth client declined to be contacted.
        let consent = if i == 3 { 'n' } else { 'y' };
        ids[i] = via_card(&mut fx, *c, '2', consent, "W01", "not_now").1;
    }
    let [today, over1, over8, upcoming, ended] = ids;
    assert_eq!(
        prospect_row(&fx, upcoming),
        ("W01".into(), "open".into(), Some(date(2).to_string()), 0),
        "not now: due by the cadence's first step"
    );
    set_due(&mut fx, today, date(0));
    set_due(&mut fx, over1, date(-1));
    set_due(&mut fx, over8, date(-8));
    check(&fx.dir).run(
        "UPDATE prospects SET stage = 'lost', end_reason = 'no_need', ended_at = ?2
         WHERE id = ?1",
        args![ended, (t0() - Duration::days(3)).timestamp()],
    );
    fx.act(Action::Tick);
    fx.act(Action::GoTab(FOLLOWUPS));
    assert_eq!(fx.app.tab, Tab::Followups);
    (fx, ids)
}

// ---------------------------------------------------------------- filters

/// Set the filter through its form: search text, then owner, line, tier codes
/// ("" for all).
fn filter(fx: &mut Fixture, search: &str, owner: &str, line: &str, tier: &str) {
    fx.act(Action::Filter);
    fx.retype(Msg::FieldSearch, search);
    fx.pick(Msg::FieldOwner, owner);
    fx.pick(Msg::FieldLine, line);
    fx.pick(Msg::FieldTier, tier);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
}

/// Run the binary as the branch head (H01).
fn run(dir: &TempDir, lang: &str, args: &[&str]) -> Output {
    let home = dir.path();
    Command::new(BIN)
        .arg("--db")
        .arg(home.join("branch.db"))
        .args(["--lang", lang, "--as", "H01"])
        .args(args)
        .env("LOBBYDESK_PIN", support::PIN)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run lobbydesk")
}

mod ending;
mod working;
