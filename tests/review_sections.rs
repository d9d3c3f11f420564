//! The day review's (日终) cross-sell and complaints sections on a real
//! database file: the cross-sell figures per trigger are the report's own;
//! the lobby manager and the head see the day's complaints and ratings and
//! every complaint open now (the client masked, the overdue marked), a
//! teller and a line's manager do not; `o` there resolves only what the
//! authority table lets the person resolve; snapshots zh/en at 80×24 and
//! 120×40.

mod support;

use chrono::Duration;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::domain::complaint::Kind;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::complaints::{self, Recording};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::report::{Period, Report};
use lobbydesk::store::complaints::Resolution;
use support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// A client with a large deposit three weeks before the day: the
/// `large_deposit` prompt shows when they are called.
const CLIENTS: &str =
    "姓名,手机号,客户等级,持有产品数,开户日期,最近大额存入日期,最近大额存入金额,卡激活日期\n\
存款甲,13800000003,普通,,,2026-11-02,80000,\n";

fn staff() -> Vec<lobbydesk::store::staff::Staff> {
    let mut lobby = manager("L01", "李娜", "lobby");
    lobby.roles = vec!["lobby".into()];
    vec![
        teller("T01", "张敏", 1),
        lobby,
        manager("H01", "周建", "head"),
        manager("W01", "王芳", "wealth"),
    ]
}

/// Run an operation as `code` on the fixture's file, at the clock's moment
/// and business day.
fn as_person<T>(
    fx: &Fixture,
    code: &str,
    f: impl FnOnce(&lobbydesk::store::Db, &Op) -> Result<T, OpError>,
) -> T {
    let mut store = open_store(&fx.dir);
    let catalog = Catalog::shipped();
    let s = store.db().staff(code).unwrap().expect("on the roster");
    let who = ops::person(&s, &catalog);
    let op = Op {
        who: &who,
        now: fx.clock.now(),
        day: fx.clock.today(),
        catalog: &catalog,
    };
    store.write(|db| f(db, &op)).expect("the operation")
}

fn complaint(kind: Kind, ticket: Option<i64>, owner: &str, due: chrono::NaiveDate) -> Recording {
    Recording {
        kind,
        said: "客户说的话".into(),
        ticket,
        client: None,
        responsible: ticket.map(|_| "T01".into()),
        owner: owner.into(),
        due,
    }
}

/// The day: yesterday a complaint about the branch (王芳's, due yesterday:
/// overdue now); today the deposit client called at counter 1 (the prompt
/// shown), referred to wealth and contracted, served, rated 2, and a
/// complaint about the visit (李娜's, due in three days); another about the
/// branch recorded and resolved, valid. The app runs as `me`.
fn the_day(lang: Lang, me: &str) -> (Fixture, i64) {
    let mut fx = Fixture::new(lang, "T01", &staff());
    fx.clock.advance(Duration::days(-1));
    let yesterday = fx.clock.today();
    as_person(&fx, "L01", |db, op| {
        complaints::record(
            db,
            op,
            &complaint(Kind::Environment, None, "W01", yesterday),
        )
    });
    fx.clock.advance(Duration::days(1));
    let catalog = Catalog::shipped();
    let parsed = ops::import::parse(&catalog, CLIENTS).expect("the list reads");
    as_person(&fx, "H01", |db, op| {
        ops::import::import_clients(db, op, &parsed, false)
    });
    let w =
        ops::tickets::check_walkin(&catalog, Lang::Zh, "A", "normal", "", "13800000003").unwrap();
    let ticket = as_person(&fx, "L01", |db, op| {
        ops::tickets::register_walkin(db, op, &w)
    })
    .id;
    fx.advance(1);
    fx.act(Action::Call);
    fx.act(Action::Referral);
    fx.pick(Msg::FieldConsent, "yes");
    let form = fx.app.form.as_ref().expect("the card form");
    let i = form
        .fields
        .iter()
        .position(|f| f.label == Msg::FieldNote)
        .unwrap();
    fx.focus_field(i);
    fx.type_text("想了解大额存单");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let card = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    as_person(&fx, "W01", |db, op| ops::cards::accept_card(db, op, card));
    let outcome = lobbydesk::domain::card::Outcome::Contracted {
        product: "cd".into(),
        amount_cents: 10_000_000,
    };
    as_person(&fx, "W01", |db, op| {
        ops::cards::record_outcome(db, op, card, &outcome, None, false)
    });
    fx.act(Action::Start);
    fx.advance(4);
    fx.act(Action::Finish);
    as_person(&fx, "T01", |db, op| complaints::rate(db, op, ticket, 2));
    let today = fx.clock.today();
    let visit = complaint(Kind::Wait, Some(ticket), "L01", today + Duration::days(3));
    as_person(&fx, "T01", |db, op| complaints::record(db, op, &visit));
    let branch = complaint(Kind::Other, None, "L01", today);
    let c = as_person(&fx, "L01", |db, op| complaints::record(db, op, &branch));
    let resolution = Resolution {
        resolution: "已致歉".into(),
        feedback: "phone".into(),
        feedback_note: String::new(),
        valid: true,
    };
    as_person(&fx, "L01", |db, op| {
        complaints::resolve(db, op, c.id, &resolution)
    });
    fx.advance(10);
    if me != "T01" {
        fx.switch_to(me);
    }
    fx.go(Tab::Review);
    (fx, ticket)
}

fn report(fx: &Fixture) -> Report {
    let store = open_store(&fx.dir);
    Report::compute(
        &store.db(),
        &Catalog::shipped(),
        Period::day(day()),
        beijing(),
        fx.clock.now(),
    )
    .unwrap()
}

#[test]
fn the_lobby_manager_sees_the_complaints_and_the_cross_sell_figures_are_the_reports() {
    for lang in [Lang::Zh, Lang::En] {
        let (mut fx, _) = the_day(lang, "L01");
        let r = report(&fx);
        let shown = fx.app.review.report.as_ref().expect("the review's figures");
        assert_eq!(shown.cross_sell, r.cross_sell, "the report's own figures");
        let deposit = r
            .cross_sell
            .iter()
            .find(|f| f.trigger == "large_deposit")
            .unwrap();
        assert_eq!(
            (deposit.shown, deposit.referred, deposit.contracted),
            (1, 1, 1)
        );
        let k = &r.satisfaction.complaints;
        assert_eq!((k.opened, k.resolved, k.valid, k.overdue), (2, 1, 1, 1));
        assert_eq!(r.satisfaction.ratings.count, 1);

        let open = &fx.app.review.complaints;
        assert!(open.shown);
        assert_eq!((open.open, open.overdue, open.lines.len()), (2, 1, 2));
        fx.act(Action::Bottom);
        for (w, h) in SIZES {
            let screen = fx.screen(w, h);
            assert!(!screen.contains("layout problems"), "{screen}");
            // The client masked, never in full; the overdue one marked.
            assert!(screen.contains("A001 存*甲"), "{screen}");
            assert!(!screen.contains("存款甲"), "{screen}");
            assert!(
                screen.contains(Msg::CpOverdueMark.get(fx.app.lang)),
                "{screen}"
            );
            let title = Msg::RvComplaints.fill(fx.app.lang, &[("o", &2), ("d", &1)]);
            assert!(screen.contains(&title), "{screen}");
            assert!(
                screen.contains(Msg::RptCrossSell.get(fx.app.lang)),
                "{screen}"
            );
            insta::assert_snapshot!(format!("review_sections_{}_{w}x{h}", fx.lang()), screen);
        }
    }
}

#[test]
fn a_teller_and_a_line_manager_see_no_complaints_section_the_head_does() {
    for (who, sees) in [("T01", false), ("W01", false), ("H01", true), ("L01", true)] {
        let (mut fx, _) = the_day(Lang::En, who);
        assert_eq!(fx.app.review.complaints.shown, sees, "{who}");
        assert_eq!(
            fx.app.review.complaints.lines.len(),
            if sees { 2 } else { 0 }
        );
        fx.act(Action::Bottom);
        let screen = fx.screen(120, 40);
        assert_eq!(
            screen.contains("Complaints: open"),
            sees,
            "{who}:\n{screen}"
        );
        assert!(screen.contains("Cross-sell prompts"), "{who}:\n{screen}");
    }
}

/// `o` on the Review: offered to whoever has a complaint to resolve, and
/// the form lists only those: the lobby manager their own, the head any.
#[test]
fn o_on_the_review_resolves_what_the_table_allows() {
    let (mut fx, _) = the_day(Lang::Zh, "L01");
    assert!(fx.app.offers(&Action::Resolve));
    fx.act(Action::Resolve);
    let form = fx.app.form.as_ref().expect("the resolve form");
    let listed = match &form.field(Msg::FieldComplaint).value {
        lobbydesk::app::form::Value::Choice { options, .. } => options
            .iter()
            .map(|o| o.code.clone())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(listed, ["2"], "only the lobby manager's own open complaint");
    fx.pick(Msg::FieldComplaint, "2");
    fx.focus_field(1);
    fx.type_text("说明高峰期安排");
    fx.pick(Msg::FieldFeedback, "phone");
    fx.pick(Msg::FieldValid, "no");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let open = &fx.app.review.complaints;
    assert_eq!((open.open, open.overdue), (1, 1), "the section follows");
    assert_eq!(open.lines[0].complaint.owner, "W01");
    // Nothing left for the lobby manager to resolve: `o` is not offered.
    assert!(!fx.app.offers(&Action::Resolve));
    let screen = fx.screen(120, 40);
    assert!(!screen.contains("o 办结投诉"), "{screen}");

    // The head may resolve any, the teller responsible none.
    let (fx, _) = the_day(Lang::Zh, "H01");
    assert!(fx.app.offers(&Action::Resolve));
    let (fx, _) = the_day(Lang::Zh, "T01");
    assert!(!fx.app.offers(&Action::Resolve));
}
