//! The follow-up list (跟进): prospects made from referral cards by the
//! people who work them, each in their own `App` on one real SQLite file with
//! a fixed clock (2026-11-23 10:30 in Beijing); sections, contacts, consent,
//! won / lost / hand back / reassign, filters, snapshots; and the call-list
//! and campaign exports run through the real binary.

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
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
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

fn snap(fx: &Fixture, name: &str, w: u16, h: u16) {
    let screen = fx.screen(w, h);
    assert_snapshot!(format!("{name}_{}_{w}x{h}", fx.lang()), screen);
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

#[test]
fn a_card_not_now_is_listed_in_the_followups_tab_by_section() {
    for lang in LANGS {
        let (mut fx, [today, over1, over8, upcoming, ended]) = sections(lang);
        let rows: Vec<(Bucket, i64)> = fx
            .app
            .followups
            .rows
            .iter()
            .map(|(b, p)| (*b, p.id))
            .collect();
        assert_eq!(
            rows,
            [
                (Bucket::Overdue, over8),
                (Bucket::Overdue, over1),
                (Bucket::DueToday, today),
                (Bucket::Upcoming, upcoming),
                (Bucket::Ended, ended),
            ]
        );
        // The tab counts what is due today or overdue.
        assert_eq!(
            fx.app.tab_title(Tab::Followups),
            format!("{}(3)", by_lang(&fx, "跟进", "Follow-ups"))
        );
        let p = fx.app.followups.selected_prospect().unwrap();
        assert_eq!(
            (p.owner.as_str(), p.line.as_deref()),
            ("W01", Some("wealth"))
        );
        assert!(p.source_card.is_some());
        for (w, h) in SIZES {
            snap(&fx, "followups", w, h);
        }

        // Two days on, without a key: the upcoming one is due, the others later still.
        fx.clock.advance(Duration::days(2));
        fx.act(Action::Tick);
        let rows: Vec<(Bucket, i64)> = fx
            .app
            .followups
            .rows
            .iter()
            .map(|(b, p)| (*b, p.id))
            .collect();
        assert_eq!(
            rows,
            [
                (Bucket::Overdue, over8),
                (Bucket::Overdue, over1),
                (Bucket::Overdue, today),
                (Bucket::DueToday, upcoming),
                (Bucket::Ended, ended),
            ]
        );
    }
}

#[test]
fn the_branch_head_sees_the_escalated_prospect_alone() {
    for lang in LANGS {
        let (mut fx, [_, over1, over8, ..]) = sections(lang);
        // Each manager sees their own; the branch head sees everyone's.
        fx.switch_to("W02");
        fx.act(Action::GoTab(FOLLOWUPS));
        assert!(fx.app.followups.rows.is_empty(), "W02 owns none");
        fx.switch_to("H01");
        assert_eq!(fx.app.tab, Tab::Followups, "the head starts on follow-ups");
        assert_eq!(fx.app.followups.rows.len(), 5);

        fx.act(Action::Filter);
        assert_eq!(fx.app.form.as_ref().unwrap().purpose, Purpose::Filter);
        fx.pick(Msg::FieldEscalated, "yes");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none());
        assert!(fx.app.followups.escalated_only);
        assert_eq!(shown_ids(&fx), [over8], "8 days overdue; 1 day is not");
        let screen = fx.screen(120, 40);
        let flagged: Vec<&str> = screen
            .lines()
            .filter(|l| l.contains(by_lang(&fx, "逾期8天", "8d overdue")))
            .collect();
        assert_eq!(flagged.len(), 1, "{screen}");
        assert!(
            flagged[0].contains(by_lang(&fx, "升级", "HEAD")),
            "{}",
            flagged[0]
        );
        snap(&fx, "followups_escalated", 80, 24);

        fx.act(Action::Filter);
        fx.pick(Msg::FieldEscalated, "no");
        fx.input(Input::Submit);
        assert_eq!(fx.app.followups.rows.len(), 5);
        assert!(shown_ids(&fx).contains(&over1));
    }
}

// ---------------------------------------------------------------- contacts and consent

#[test]
fn logging_a_contact_sets_the_next_due_date() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, id) = via_card(
            &mut fx,
            ("王小明", "13812345678"),
            '2',
            'y',
            "W01",
            "not_now",
        );
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        fx.advance(60);
        let events = fx.event_count();

        fx.act(Action::LogContact);
        let form = fx.app.form.as_ref().expect("l opens the log form");
        assert_eq!(form.purpose, Purpose::LogContact { prospect: id });
        assert_eq!(
            form.field(Msg::FieldDue).get(),
            date(7).to_string(),
            "the cadence's second step"
        );
        fx.pick(Msg::FieldChannel, "wechat");
        fx.retype(Msg::FieldSummary, "微信沟通理财需求");
        fx.retype(Msg::FieldOutcome, "有兴趣");
        fx.retype(Msg::FieldNextStep, "周五带资料来");
        fx.retype(Msg::FieldDue, "11-27");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "已记录联系，下次 2026-11-27",
                "Contact logged; next on 2026-11-27",
            ),
        );
        let contact: (String, String, String, String, String, String, i64) = check(&fx.dir).one(
            "SELECT by, channel, summary, result, next_step, next_due, at FROM contacts
             WHERE prospect_id = ?1",
            args![id],
        );
        assert_eq!(
            contact,
            (
                "W01".into(),
                "wechat".into(),
                "微信沟通理财需求".into(),
                "有兴趣".into(),
                "周五带资料来".into(),
                "2026-11-27".into(),
                (t0() + mins(60)).timestamp()
            )
        );
        assert_eq!(
            prospect_row(&fx, id),
            ("W01".into(), "open".into(), Some("2026-11-27".into()), 1)
        );
        let evs = events_of(&fx, "prospect", id);
        assert_eq!(kinds(&evs), ["prospect.add", "prospect.contact"]);
        assert_eq!(evs[1].2["channel"], "wechat");
        assert_eq!(fx.event_count(), events + 1);
        // The contact shows in the client's history under the list.
        assert!(fx
            .app
            .followups
            .history
            .iter()
            .any(|h| matches!(h, lobbydesk::store::clients::HistoryItem::Contact { summary, .. } if summary == "微信沟通理财需求")));

        // A date in the past, or not a date: refused beside the field, nothing saved.
        for (typed, error) in [
            (
                "2026-11-20",
                by_lang(&fx, "日期不能早于今天", "the date cannot be before today"),
            ),
            (
                "soon",
                by_lang(
                    &fx,
                    "日期格式不对：如 2026-12-01、12-01 或 +3",
                    "not a date: e.g. 2026-12-01, 12-01 or +3",
                ),
            ),
        ] {
            fx.act(Action::LogContact);
            fx.retype(Msg::FieldSummary, "电话未接");
            fx.retype(Msg::FieldDue, typed);
            fx.input(Input::Submit);
            let form = fx.app.form.as_ref().expect("the form stays open");
            assert_eq!(form.field(Msg::FieldDue).error.as_deref(), Some(error));
            assert!(fx.flash().1);
            fx.discard();
        }
        // A summary is required.
        fx.act(Action::LogContact);
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        assert!(form.field(Msg::FieldSummary).error.is_some());
        fx.discard();
        assert_eq!(
            fx.sql_i64("SELECT count(*) FROM contacts", args![]),
            1,
            "nothing more logged"
        );
        assert_eq!(prospect_row(&fx, id).3, 1);
        assert_eq!(prospect_row(&fx, id).2.as_deref(), Some("2026-11-27"));
        assert_eq!(fx.event_count(), events + 1);
    }
}

/// Run an operation as the branch head (H01).
fn as_head<T>(fx: &mut Fixture, f: impl FnOnce(&Db, &Op) -> Result<T, OpError>) -> T {
    let head = ops::person(&manager("H01", "周建", "head"), &fx.app.catalog);
    let op = Op {
        who: &head,
        now: fx.clock.now(),
        day: fx.clock.today(),
        catalog: &fx.app.cx.catalog,
    };
    fx.app
        .cx
        .store
        .write(|db| f(db, &op))
        .expect("allowed to the head")
}

/// The call list of every open prospect, exported by the head.
fn call_list_all(fx: &mut Fixture) -> String {
    let rows = as_head(fx, |db, op| lists::call_list(db, op, Due::All, None));
    export::to_csv(&Catalog::shipped(), Lang::En, fx.clock.today(), &rows)
}

#[test]
fn contacting_a_client_without_consent_starts_with_recording_it() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, id) = via_card(&mut fx, ("孙建国", "13633334444"), '1', 'n', "W01", "left");
        let client = fx.sql_i64("SELECT client_id FROM prospects WHERE id = ?1", args![id]);
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        assert!(!fx.app.followups.selected_prospect().unwrap().consent);
        let row = fx
            .screen(120, 40)
            .lines()
            .find(|l| l.contains("136****4444"))
            .expect("listed, masked")
            .to_string();
        assert!(row.contains(by_lang(&fx, "未同意", "no")), "flagged: {row}");
        assert!(!call_list_all(&mut fx).contains("13633334444"));
        let campaign = as_head(&mut fx, |db, op| lists::campaign(db, op, None));
        let campaign = export::to_csv(&Catalog::shipped(), Lang::En, day(), &campaign);
        assert!(!campaign.contains("13633334444"));
        fx.advance(30);

        // l: first the consent; "no" logs nothing and keeps them off every list.
        fx.act(Action::LogContact);
        let form = fx.app.form.as_ref().expect("a form");
        assert!(
            matches!(form.purpose, Purpose::Consent { prospect, .. } if prospect == id),
            "{:?}",
            form.purpose
        );
        fx.pick(Msg::FieldConsent, "no");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "no log form after a no");
        assert_eq!(
            fx.flash().0,
            by_lang(
                &fx,
                "客户不同意联系，不进入任何联系名单。",
                "The client does not agree to contact: kept off every contact list.",
            ),
        );
        assert_eq!(fx.sql_i64("SELECT count(*) FROM contacts", args![]), 0);
        assert_eq!(
            fx.sql_i64("SELECT consent FROM clients WHERE id = ?1", args![client]),
            0
        );
        assert_eq!(prospect_row(&fx, id).3, 0);
        assert!(!call_list_all(&mut fx).contains("13633334444"));

        // "yes": recorded (when, by whom), then the log form.
        fx.act(Action::LogContact);
        fx.pick(Msg::FieldConsent, "yes");
        fx.input(Input::Submit);
        let (consent, by, at): (i64, String, i64) = check(&fx.dir).one(
            "SELECT consent, consent_by, consent_at FROM clients WHERE id = ?1",
            args![client],
        );
        assert_eq!(
            (consent, by.as_str(), at),
            (1, "W01", (t0() + mins(30)).timestamp())
        );
        let evs = events_of(&fx, "client", client);
        assert_eq!(evs.last().unwrap().0, "client.consent");
        assert_eq!(evs.last().unwrap().1, "W01");
        let form = fx.app.form.as_ref().expect("then the log form");
        assert_eq!(form.purpose, Purpose::LogContact { prospect: id });
        assert!(call_list_all(&mut fx).contains("13633334444"));
        fx.pick(Msg::FieldChannel, "phone");
        fx.retype(Msg::FieldSummary, "到店面谈");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_eq!(prospect_row(&fx, id).3, 1);
    }
}

// ---------------------------------------------------------------- the ways a prospect ends

#[test]
fn reschedule_moves_the_due_date_but_not_into_the_past() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let (_, id) = via_card(
        &mut fx,
        ("王小明", "13812345678"),
        '2',
        'y',
        "W01",
        "not_now",
    );
    fx.act(Action::GoTab(FOLLOWUPS));
    fx.act(Action::Reschedule);
    let form = fx.app.form.as_ref().expect("z opens the form");
    assert_eq!(form.purpose, Purpose::Reschedule { prospect: id });
    assert_eq!(form.field(Msg::FieldDue).get(), date(2).to_string());
    fx.retype(Msg::FieldDue, "2026-11-22");
    fx.input(Input::Submit);
    assert_eq!(
        fx.app
            .form
            .as_ref()
            .expect("refused")
            .field(Msg::FieldDue)
            .error
            .as_deref(),
        Some("the date cannot be before today")
    );
    assert_eq!(prospect_row(&fx, id).2, Some(date(2).to_string()));
    fx.retype(Msg::FieldDue, "+5");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_ok(&fx, "Rescheduled to 2026-11-28");
    assert_eq!(prospect_row(&fx, id).2, Some(date(5).to_string()));
    let evs = events_of(&fx, "prospect", id);
    assert_eq!(kinds(&evs), ["prospect.add", "prospect.reschedule"]);
    assert_eq!(evs[1].2["from"], date(2).to_string());
    assert_eq!(evs[1].2["to"], date(5).to_string());
}

#[test]
fn won_through_a_re_referred_chain_credits_the_original_referrer() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        // T01 refers to wealth; W01 accepts and refers on to credit.
        let number = fx.walkin('A', '1', "王小明", "13812345678");
        fx.select(&number);
        fx.act(Action::Referral);
        fx.input(Input::Char('2'));
        fx.input(Input::Char('y'));
        fx.type_text("想买理财");
        fx.input(Input::Submit);
        let root = fx.sql_i64("SELECT max(id) FROM cards", args![]);
        fx.switch_to("W01");
        fx.act(Action::Accept);
        fx.act(Action::ReferOn);
        fx.pick(Msg::FieldNeed, "mortgage");
        fx.focus_field(1);
        fx.type_text("要买房");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let child = fx.sql_i64("SELECT id FROM cards WHERE parent_id = ?1", args![root]);
        // C01 accepts and records "not now": C01's prospect.
        fx.switch_to("C01");
        select_card(&mut fx, child);
        fx.act(Action::Accept);
        fx.act(Action::Outcome);
        fx.pick(Msg::FieldResult, "not_now");
        fx.input(Input::Submit);
        let id = fx.sql_i64(
            "SELECT id FROM prospects WHERE source_card = ?1",
            args![child],
        );
        assert_eq!(prospect_row(&fx, id).0, "C01");

        // Three days later C01 wins it: mortgage, 800,000 yuan.
        fx.clock.advance(Duration::days(3));
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        fx.act(Action::Won);
        let form = fx.app.form.as_ref().expect("w opens the won form");
        assert_eq!(form.purpose, Purpose::Won { prospect: id });
        fx.pick(Msg::FieldProduct, "mortgage");
        fx.focus_field(1);
        fx.type_text("800,000");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "已成交，张敏 获转介积分",
                "Won; 张敏 credited for the referral",
            ),
        );
        let (stage, product, amount, ended): (String, String, i64, i64) = check(&fx.dir).one(
            "SELECT stage, product, amount_cents, ended_at FROM prospects WHERE id = ?1",
            args![id],
        );
        let now = t0() + Duration::days(3);
        assert_eq!(
            (stage.as_str(), product.as_str(), amount, ended),
            ("won", "mortgage", 80_000_000, now.timestamp())
        );
        let card = fx.app.store.db().card(child).unwrap().unwrap();
        assert_eq!(card.status, CardStatus::Contracted);
        assert_eq!(
            (card.product.as_deref(), card.amount_cents),
            (Some("mortgage"), Some(80_000_000))
        );
        assert_eq!(
            fx.app.store.db().card(root).unwrap().unwrap().status,
            CardStatus::Referred,
            "the first card stays referred on"
        );
        let evs = events_of(&fx, "card", child);
        let (kind, actor, details) = evs.last().unwrap();
        assert_eq!((kind.as_str(), actor.as_str()), ("card.contracted", "C01"));
        assert_eq!(details["credited"], "T01", "the original referrer");
        assert_eq!(details["prospect"], id);
        assert_eq!(details["amount_cents"], 80_000_000);
        assert_eq!(
            kinds(&events_of(&fx, "prospect", id)),
            ["prospect.add", "prospect.won"]
        );
        // Ended: no more steps.
        fx.act(Action::LogContact);
        assert!(fx.app.form.is_none());
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "该跟进已结束（已成交）。",
                "This prospect has ended (won).",
            ),
        );
    }
}

#[test]
fn lost_with_a_reason() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let (card, id) = via_card(&mut fx, ("陈静", "13900001111"), '3', 'y', "W01", "intent");
    assert_eq!(
        fx.app.store.db().card(card).unwrap().unwrap().status,
        CardStatus::Intent
    );
    fx.act(Action::GoTab(FOLLOWUPS));
    fx.act(Action::Lost);
    let form = fx.app.form.as_ref().expect("L opens the lost form");
    assert_eq!(form.purpose, Purpose::Lost { prospect: id });
    let Value_::Choice { options, .. } = &form.field(Msg::FieldReason).value else {
        panic!("the reason is a choice")
    };
    let codes: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "",
            "no_reason",
            "complaint",
            "competitor",
            "moved",
            "distrust",
            "no_need",
            "poor_fit",
            "other"
        ],
        "the settings' lost reasons, nothing pre-selected"
    );
    fx.pick(Msg::FieldReason, "poor_fit");
    fx.retype(Msg::FieldNote, "风险偏好不符");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_ok(&fx, "Marked lost");
    let (stage, reason, note): (String, String, String) = check(&fx.dir).one(
        "SELECT stage, end_reason, note FROM prospects WHERE id = ?1",
        args![id],
    );
    assert_eq!(
        (stage.as_str(), reason.as_str(), note.as_str()),
        ("lost", "poor_fit", "风险偏好不符")
    );
    let evs = events_of(&fx, "prospect", id);
    assert_eq!(kinds(&evs), ["prospect.add", "prospect.lost"]);
    assert_eq!(evs[1].2["reason"], "poor_fit");
    let p = fx.app.followups.selected_prospect().unwrap();
    assert_eq!((p.id, p.stage), (id, Stage::Lost));
    assert_eq!(fx.app.followups.rows[0].0, Bucket::Ended);
    // Ended: not again.
    fx.act(Action::Lost);
    assert_refused(&fx, "This prospect has ended (lost).");
}

#[test]
fn handed_back_then_reassigned_by_the_branch_head_keeps_its_history() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, id) = via_card(
            &mut fx,
            ("王小明", "13812345678"),
            '2',
            'y',
            "W01",
            "not_now",
        );
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.advance(10);
        fx.act(Action::HandBack);
        assert_ok(
            &fx,
            by_lang(
                &fx,
                "已上交支行长重新分配",
                "Handed back to the branch head",
            ),
        );
        let (owner, stage, ..) = prospect_row(&fx, id);
        assert_eq!((owner.as_str(), stage.as_str()), ("W01", "handed_back"));
        // Only the branch head reassigns.
        fx.act(Action::Reassign);
        assert!(fx.app.form.is_none());
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "只有支行长可以改派。",
                "Only the branch head can reassign.",
            ),
        );

        fx.switch_to("H01");
        fx.select_prospect_id(id);
        assert_eq!(fx.app.followups.rows[0].0, Bucket::Ended);
        fx.advance(10);
        fx.act(Action::Reassign);
        let form = fx.app.form.as_ref().expect("R opens the reassign form");
        assert_eq!(form.purpose, Purpose::Reassign { prospect: id });
        fx.pick(Msg::FieldOwner, "W02");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_ok(&fx, by_lang(&fx, "已改派给 刘洋", "Reassigned to 刘洋"));
        assert_eq!(
            prospect_row(&fx, id),
            ("W02".into(), "open".into(), Some(date(2).to_string()), 0),
            "open again, with the new owner, due by the cadence"
        );
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM prospects WHERE id = ?1 AND ended_at IS NULL",
                args![id]
            ),
            1
        );
        let evs = events_of(&fx, "prospect", id);
        assert_eq!(
            kinds(&evs),
            ["prospect.add", "prospect.hand_back", "prospect.reassign"]
        );
        assert_eq!(evs[1].1, "W01");
        assert_eq!(evs[2].1, "H01");
        assert_eq!(evs[2].2["from"], "W01");
        assert_eq!(evs[2].2["to"], "W02");
        assert_eq!(evs[2].2["stage"], "handed_back");

        // The new owner has it; the old one no longer does.
        fx.switch_to("W02");
        fx.act(Action::GoTab(FOLLOWUPS));
        assert_eq!(shown_ids(&fx), [id]);
        fx.switch_to("W01");
        fx.act(Action::GoTab(FOLLOWUPS));
        assert!(shown_ids(&fx).is_empty());
    }
}

#[test]
fn an_ended_prospect_offers_no_step_and_opens_no_form() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let (_, id) = via_card(&mut fx, ("陈静", "13900001111"), '2', 'y', "W01", "not_now");
        fx.act(Action::GoTab(FOLLOWUPS));
        fx.select_prospect_id(id);
        fx.act(Action::HandBack);
        assert!(!fx.flash().1, "{:?}", fx.app.flash);
        assert_eq!(prospect_row(&fx, id).1, "handed_back");
        fx.select_prospect_id(id);
        let before = fx.db_state();
        let ended = by_lang(
            &fx,
            "该跟进已结束（已上交）。",
            "This prospect has ended (handed back).",
        );
        for action in [
            Action::LogContact,
            Action::Won,
            Action::Lost,
            Action::Reschedule,
            Action::HandBack,
        ] {
            assert!(!fx.app.offers(&action), "{action:?} is not offered");
            fx.act(action.clone());
            assert!(fx.app.form.is_none(), "{action:?} opens no form");
            assert_refused(&fx, ended);
            assert_eq!(fx.db_state(), before, "{action:?} wrote nothing");
        }
    }
}

#[test]
fn a_prospect_added_by_hand_needs_the_clients_answer_to_contact() {
    let mut fx = Fixture::new(Lang::En, "W01", &branch());
    fx.go(Tab::Followups);
    fx.act(Action::AddProspect);
    let form = fx.app.form.as_ref().expect("a opens the form");
    assert_eq!(form.field(Msg::FieldConsent).get(), "", "not pre-selected");
    fx.type_text("赵雷");
    fx.focus_field(1);
    fx.type_text("13800000001");
    fx.retype(Msg::FieldNote, "想了解养老理财");
    let before = fx.db_state();
    fx.input(Input::Submit);
    let form = fx.app.form.as_ref().expect("refused: the form stays open");
    assert_eq!(
        form.field(Msg::FieldConsent).error.as_deref(),
        Some("required")
    );
    assert_eq!(fx.db_state(), before);
    fx.pick(Msg::FieldLine, "wealth");
    fx.pick(Msg::FieldConsent, "no");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let id = fx.sql_i64("SELECT id FROM prospects", args![]);
    let note: String = check(&fx.dir).one("SELECT note FROM prospects WHERE id = ?1", args![id]);
    assert_eq!(note, "想了解养老理财", "the note on the prospect");
    let evs = events_of(&fx, "prospect", id);
    assert_eq!(kinds(&evs), ["prospect.add"]);
    assert!(evs[0].2.get("note").is_none(), "{:?}", evs[0].2);
    assert_eq!(evs[0].2["consent"], false);
    // Without consent, `l` asks for it first, nothing pre-selected.
    fx.select_prospect_id(id);
    fx.act(Action::LogContact);
    let form = fx.app.form.as_ref().expect("the consent form");
    assert!(matches!(
        form.purpose,
        Purpose::Consent { then_log: true, .. }
    ));
    assert_eq!(form.field(Msg::FieldConsent).get(), "");
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

#[test]
fn filters_by_name_mobile_owner_line_and_tier() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let (_, wang) = via_card(
        &mut fx,
        ("王小明", "13812345678"),
        '2',
        'y',
        "W01",
        "not_now",
    );
    let (_, chen) = via_card(&mut fx, ("陈静", "13900001111"), '6', 'y', "C01", "not_now");
    let (_, zhao) = via_card(&mut fx, ("赵丽华", "13755556666"), '3', 'y', "W02", "left");
    check(&fx.dir).run(
        "UPDATE clients SET tier = 'gold' WHERE mobile = '13900001111'",
        args![],
    );
    fx.switch_to("H01");
    let all = |fx: &Fixture| shown_ids(fx).into_iter().collect::<BTreeSet<_>>();
    assert_eq!(all(&fx), BTreeSet::from([wang, chen, zhao]));

    for (search, owner, line, tier, expected) in [
        ("小明", "", "", "", vec![wang]),
        ("丽", "", "", "", vec![zhao]),
        ("5678", "", "", "", vec![wang]),
        ("1111", "", "", "", vec![chen]),
        ("139 0000 1111", "", "", "", vec![chen]),
        ("", "W02", "", "", vec![zhao]),
        ("", "W01", "", "", vec![wang]),
        ("", "", "credit", "", vec![chen]),
        ("", "", "wealth", "", vec![wang, zhao]),
        ("", "", "", "gold", vec![chen]),
        ("", "W01", "credit", "", vec![]),
        ("nobody", "", "", "", vec![]),
        ("", "", "", "", vec![wang, chen, zhao]),
    ] {
        filter(&mut fx, search, owner, line, tier);
        assert_eq!(
            all(&fx),
            expected.into_iter().collect::<BTreeSet<_>>(),
            "search {search:?} owner {owner:?} line {line:?} tier {tier:?}"
        );
    }
    // As on the Clients tab, digits are a mobile's last four or all eleven:
    // part of a mobile is refused in words and the list stays as it was.
    fx.act(Action::Filter);
    fx.retype(Msg::FieldSearch, "139");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_some(), "the form stays open");
    let screen = fx.screen(120, 40);
    assert!(
        screen.contains("last four digits or all eleven"),
        "refused in words:\n{screen}"
    );
    fx.input(Input::Cancel);
    assert_eq!(all(&fx), BTreeSet::from([wang, chen, zhao]));
    // The filter in force is named above the list, its search masked as
    // the clients are.
    filter(&mut fx, "小明", "W01", "", "");
    let screen = fx.screen(120, 40);
    assert!(
        screen.contains("Filter: \"小*\" · 王芳"),
        "the filter is shown:\n{screen}"
    );
}

// ---------------------------------------------------------------- the exports, through the binary

/// A branch database for the exports, dated by the machine's clock (the
/// binary uses it): returns the folder, the database and the consenting
/// prospects' mobiles by owner and due bucket.
fn export_branch() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("branch.db");
    let mut store = Store::open(&path).unwrap();
    let clock = Clock::System;
    let (now, today) = (clock.now(), clock.today());
    for s in branch() {
        put_staff(&mut store, &s);
    }
    // (name, mobile, consent, owner, due in days, won)
    let rows = [
        ("王小明", "13812345678", true, "W01", 0, false),
        ("陈静", "13900001111", true, "W02", 0, false),
        ("赵丽华", "13755556666", true, "W01", -3, false),
        ("孙建国", "13633334444", false, "W01", 0, false),
        ("欧阳娜娜", "13522223333", true, "W02", 5, false),
        ("李雷", "13411112222", true, "W01", 0, true),
        ("钱多多", "13300009999", false, "W02", -2, false),
    ];
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for (name, mobile, consent, owner, due, won) in rows {
                let (client, _) = db.find_or_add_client(Some(name), Some(mobile), now)?;
                db.set_consent(client, consent, "T01", now)?;
                let id = db.add_prospect(
                    &NewProspect {
                        client_id: client,
                        owner: owner.into(),
                        source_card: None,
                        line: Some("wealth".into()),
                        next_due: today + Duration::days(due),
                    },
                    now,
                )?;
                if won {
                    db.end_prospect(id, Stage::Won, None, Some("cd"), Some(100), "", now)?;
                }
            }
            Ok(())
        })
        .unwrap();
    (dir, path)
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

/// The CSV on stdout: the BOM checked and stripped, then the header and the rows.
fn read_csv(o: &Output) -> (Vec<String>, Vec<Vec<String>>) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stdout.starts_with(&[0xEF, 0xBB, 0xBF]),
        "starts with the UTF-8 byte-order mark: {:?}",
        &o.stdout[..o.stdout.len().min(8)]
    );
    let mut r = csv::Reader::from_reader(&o.stdout[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn mobiles(rows: &[Vec<String>]) -> BTreeSet<String> {
    rows.iter().map(|r| r[1].clone()).collect()
}

fn set(m: &[&str]) -> BTreeSet<String> {
    m.iter().map(|s| s.to_string()).collect()
}

#[test]
fn exports_hold_exactly_the_consenting_open_prospects() {
    let (dir, _) = export_branch();
    let (wang, chen, zhao, ouyang) = ("13812345678", "13900001111", "13755556666", "13522223333");
    let never = ["13633334444", "13300009999", "13411112222"];

    let (header, rows) = read_csv(&run(&dir, "en", &["export", "prospects"]));
    assert_eq!(
        header,
        [
            "Name",
            "Mobile",
            "Tier",
            "Line",
            "Owner",
            "Next contact",
            "Due",
            "Cont."
        ]
    );
    assert_eq!(mobiles(&rows), set(&[wang, chen]), "--due today by default");
    let wang_row = rows.iter().find(|r| r[1] == wang).unwrap();
    assert_eq!(wang_row[0], "王小明");
    assert_eq!(wang_row[4], "王芳", "the owner by name");
    assert_eq!(wang_row[5], Clock::System.today().to_string());

    for (args, expected) in [
        (vec!["--due", "today"], vec![wang, chen]),
        (vec!["--due", "today", "--owner", "W01"], vec![wang]),
        (vec!["--due", "overdue"], vec![zhao]),
        (vec!["--due", "all"], vec![wang, chen, zhao, ouyang]),
        (vec!["--due", "all", "--owner", "W02"], vec![chen, ouyang]),
        (vec!["--due", "overdue", "--owner", "W02"], vec![]),
    ] {
        let mut full = vec!["export", "prospects"];
        full.extend(&args);
        let o = run(&dir, "en", &full);
        let (_, rows) = read_csv(&o);
        assert_eq!(mobiles(&rows), set(&expected), "{args:?}");
        let text = String::from_utf8_lossy(&o.stdout);
        for m in never {
            assert!(!text.contains(m), "{m} never listed: {args:?}");
        }
    }
    let overdue = read_csv(&run(
        &dir,
        "en",
        &["export", "prospects", "--due", "overdue"],
    ))
    .1;
    assert_eq!(overdue[0][6], "3d overdue");

    let o = run(&dir, "en", &["export", "campaign"]);
    let (_, rows) = read_csv(&o);
    assert_eq!(mobiles(&rows), set(&[wang, chen, zhao, ouyang]));
    for m in never {
        assert!(!String::from_utf8_lossy(&o.stdout).contains(m));
    }

    // Chinese headers survive the trip (what Excel needs the BOM for).
    let (header, rows) = read_csv(&run(&dir, "zh", &["export", "campaign"]));
    assert_eq!(header[0], "姓名");
    assert!(rows.iter().any(|r| r[0] == "欧阳娜娜"));

    // An owner not on the roster, or a due that is not one of the three: exit 2.
    for args in [
        &["export", "prospects", "--owner", "NOPE"][..],
        &["export", "prospects", "--due", "someday"][..],
    ] {
        let o = run(&dir, "en", args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}
