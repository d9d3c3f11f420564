//! Complaints (投诉) and satisfaction ratings (满意度): a complaint from
//! recording to resolution, flagged once when past its promised day, a valid
//! one deducting points from the person responsible in the report and on
//! Mine; a finished visit rated once, at its counter or from the command
//! line, and counted per counter, teller and service; the screens and forms.

mod support;

use chrono::Duration;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::domain::authority::Denial;
use lobbydesk::domain::complaint::Kind;
use lobbydesk::domain::ticket::Status;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::complaints::{self, Recording};
use lobbydesk::ops::OpError;
use lobbydesk::report::{Period, Report};
use lobbydesk::store::complaints::Resolution;
use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn branch() -> Vec<lobbydesk::store::staff::Staff> {
    let mut lobby = manager("L01", "李娜", "lobby");
    lobby.roles = vec!["lobby".into()];
    vec![
        teller("T01", "张敏", 1),
        teller("T02", "王芳", 2),
        lobby,
        manager("H01", "陈行长", "head"),
        manager("W01", "周理财", "wealth"),
    ]
}

/// The teller T01 served A001 (赵雷) to the end at counter 1.
fn served(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "T01", &branch());
    fx.walkin('A', '1', "赵雷", "13800000001");
    fx.act(Action::Call);
    fx.act(Action::Start);
    fx.advance(5);
    fx.act(Action::Finish);
    assert_eq!(fx.ticket("A001").status, Status::Done);
    fx
}

fn said_about_wait(ticket: i64, due: chrono::NaiveDate) -> Recording {
    Recording {
        kind: Kind::Wait,
        said: "等了四十分钟没人管".into(),
        ticket: Some(ticket),
        client: None,
        responsible: Some("T01".into()),
        owner: "L01".into(),
        due,
    }
}

fn resolution(valid: bool) -> Resolution {
    Resolution {
        resolution: "致歉并说明高峰期安排".into(),
        feedback: "phone".into(),
        feedback_note: "客户表示理解".into(),
        valid,
    }
}

/// One text column of every row `sql` reads.
fn texts(fx: &Fixture, sql: &str) -> Vec<String> {
    let conn = raw(&fx.dir);
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn events_of(fx: &Fixture, kind: &str) -> Vec<String> {
    let sql = format!("SELECT details FROM events WHERE kind = '{kind}' ORDER BY id");
    texts(fx, &sql)
}

#[test]
fn a_complaint_is_flagged_once_when_overdue_and_a_valid_one_costs_its_points() {
    let mut fx = served(Lang::Zh);
    let a001 = fx.ticket("A001");
    let c = fx
        .app
        .act(|db, op| {
            complaints::record(db, op, &said_about_wait(a001.id, day() + Duration::days(1)))
        })
        .expect("a teller records a complaint");
    // The visit's client is the complaint's; what was said stays out of the trail.
    assert_eq!(c.client_id, a001.client_id);
    assert_eq!(c.owner, "L01");
    let opened = events_of(&fx, "complaint.open");
    assert_eq!(opened.len(), 1);
    assert!(!opened[0].contains("四十分钟"), "{}", opened[0]);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE kind = 'complaint.owned' AND to_staff = 'L01'",
            args![]
        ),
        1
    );
    // A promise in the past is refused and writes nothing.
    let before = fx.event_count();
    let late = fx.app.act(|db, op| {
        complaints::record(db, op, &said_about_wait(a001.id, day() - Duration::days(1)))
    });
    assert!(late.is_err());
    assert_eq!(fx.event_count(), before);

    // Not overdue on its promised day; two days on, it is: told once, to
    // the lobby and to the head.
    fx.clock.advance(Duration::days(1));
    assert_eq!(fx.app.act(complaints::tell_overdue).unwrap(), 0);
    fx.clock.advance(Duration::days(1));
    assert_eq!(fx.app.act(complaints::tell_overdue).unwrap(), 1);
    assert_eq!(fx.app.act(complaints::tell_overdue).unwrap(), 0);
    let told = texts(
        &fx,
        "SELECT coalesce(to_role, to_staff) FROM notices WHERE kind = 'complaint.overdue' ORDER BY 1",
    );
    assert_eq!(told, ["head", "lobby"]);
    let today = day() + Duration::days(2);
    let range = Period {
        from: day(),
        to: today,
    };
    let r = Report::compute(
        &fx.app.store.db(),
        &fx.app.catalog,
        range,
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let k = &r.satisfaction.complaints;
    assert_eq!((k.opened, k.open, k.overdue, k.resolved), (1, 1, 1, 0));

    // The teller responsible cannot resolve it; its owner can.
    let refused = fx
        .app
        .act(|db, op| complaints::resolve(db, op, c.id, &resolution(true)));
    assert!(
        matches!(refused, Err(OpError::Denied(Denial::NotOwner(ref o))) if o == "L01"),
        "{refused:?}"
    );
    fx.switch_to("L01");
    // A feedback channel the settings do not list is refused.
    let mut odd = resolution(true);
    odd.feedback = "pigeon".into();
    assert!(fx
        .app
        .act(|db, op| complaints::resolve(db, op, c.id, &odd))
        .is_err());
    let done = fx
        .app
        .act(|db, op| complaints::resolve(db, op, c.id, &resolution(true)))
        .expect("the owner resolves it");
    assert_eq!(done.valid, Some(true));
    let resolved = events_of(&fx, "complaint.resolve");
    assert_eq!(resolved.len(), 1);
    assert!(resolved[0].contains("\"points\":10"), "{}", resolved[0]);
    assert!(!resolved[0].contains("致歉"), "{}", resolved[0]);
    // Once: a second resolution is refused.
    let again = fx
        .app
        .act(|db, op| complaints::resolve(db, op, c.id, &resolution(false)));
    assert!(
        matches!(again, Err(OpError::Denied(Denial::Resolved))),
        "{again:?}"
    );

    // The day's report and Mine agree: 10 points off the teller responsible.
    let day_of = Period::day(today);
    let r = Report::compute(
        &fx.app.store.db(),
        &fx.app.catalog,
        day_of,
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let k = &r.satisfaction.complaints;
    assert_eq!((k.opened, k.resolved, k.valid, k.overdue), (0, 1, 1, 0));
    assert_eq!(k.points_deducted, 10);
    let t01 = r
        .staff
        .iter()
        .find(|s| s.code == "T01")
        .expect("T01's figures");
    assert_eq!(t01.points, -10);
    let standings = Report::standings(
        &fx.app.store.db(),
        &fx.app.catalog,
        day_of,
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let mine = standings
        .iter()
        .find(|s| s.code == "T01")
        .expect("T01 stands");
    assert_eq!((mine.points, mine.deducted), (-10, 10));
    // The range counts it by kind.
    let r = Report::compute(
        &fx.app.store.db(),
        &fx.app.catalog,
        range,
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let wait = r
        .satisfaction
        .complaints
        .by_kind
        .iter()
        .find(|k| k.kind == "wait");
    assert_eq!(wait.map(|k| k.opened), Some(1));
    let md = lobbydesk::report::md::render(&r, &fx.app.catalog, Lang::Zh);
    assert!(md.contains("## 投诉"), "{md}");
    let csv = lobbydesk::report::csv::render(&r, &fx.app.catalog, Lang::En);
    assert!(
        csv.contains("complaints.deducted,T01,张敏,points,10"),
        "{csv}"
    );
}

#[test]
fn a_complaint_not_found_valid_deducts_nothing() {
    let mut fx = served(Lang::En);
    let a001 = fx.ticket("A001");
    let c = fx
        .app
        .act(|db, op| complaints::record(db, op, &said_about_wait(a001.id, day())))
        .unwrap();
    fx.switch_to("H01");
    // The head may resolve anyone's complaint.
    fx.app
        .act(|db, op| complaints::resolve(db, op, c.id, &resolution(false)))
        .expect("the head resolves it");
    let r = Report::compute(
        &fx.app.store.db(),
        &fx.app.catalog,
        Period::day(day()),
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    assert_eq!(r.satisfaction.complaints.points_deducted, 0);
    assert_eq!(r.satisfaction.complaints.valid, 0);
}

#[test]
fn the_purge_erases_what_the_client_said_in_a_complaint() {
    let mut fx = served(Lang::En);
    let a001 = fx.ticket("A001");
    fx.app
        .act(|db, op| complaints::record(db, op, &said_about_wait(a001.id, day())))
        .unwrap();
    let client = a001.client_id.expect("A001 has a client");
    fx.app
        .store
        .write(|db| db.anonymise_client(client))
        .unwrap();
    assert_eq!(
        texts(&fx, "SELECT said || '|' || kind FROM complaints"),
        ["|wait"]
    );
}

#[test]
fn a_finished_visit_is_rated_once_at_its_counter_and_a_low_rating_offers_a_complaint() {
    let mut fx = served(Lang::En);
    assert!(
        fx.app.offers(&Action::Rate),
        "* is offered after a finished visit"
    );
    fx.act(Action::Rate);
    assert!(fx.app.form.is_some(), "* opens the rating form");
    // Nothing is chosen: saving at once is refused.
    fx.input(Input::Submit);
    assert!(fx.app.form.is_some());
    assert_eq!(fx.sql_i64("SELECT count(*) FROM ratings", args![]), 0);
    fx.pick(Msg::FieldScore, "2");
    fx.input(Input::Submit);
    assert_eq!(fx.sql_i64("SELECT score FROM ratings", args![]), 2);
    // A low rating opens the complaint form about the visit; Esc records nothing.
    let form = fx.app.form.as_ref().expect("the complaint form is offered");
    assert_eq!(form.title, Msg::FormComplaint);
    assert_eq!(form.subject.as_deref(), Some("visit A001"));
    fx.discard();
    assert_eq!(fx.sql_i64("SELECT count(*) FROM complaints", args![]), 0);
    // Rated once: nothing left to rate here.
    assert!(!fx.app.offers(&Action::Rate));
    let id = fx.ticket("A001").id;
    let twice = fx.app.act(|db, op| complaints::rate(db, op, id, 5));
    assert!(
        matches!(twice, Err(OpError::RatedAlready { score: 2, .. })),
        "{twice:?}"
    );
    // Another counter's teller may not rate it.
    fx.switch_to("T02");
    let id2 = {
        fx.switch_to("T01");
        fx.walkin('B', '1', "", "");
        fx.act(Action::Call);
        fx.act(Action::Start);
        fx.act(Action::Finish);
        fx.ticket("B001").id
    };
    fx.switch_to("T02");
    let other = fx.app.act(|db, op| complaints::rate(db, op, id2, 4));
    assert!(
        matches!(other, Err(OpError::Denied(Denial::OtherCounter(1)))),
        "{other:?}"
    );
}

#[test]
fn a_rating_from_the_command_line_reaches_the_report_per_counter_teller_and_service() {
    let fx = served(Lang::En);
    let home = fx.dir.path();
    let db = db_path(&fx.dir);
    pins_for_all(&db);
    let db = db.to_str().unwrap();
    let on = day().format("%Y-%m-%d").to_string();
    let rate = |who: &str, score: &str| {
        run_lobbydesk(
            home,
            &[
                "--db", db, "--lang", "en", "--as", who, "rate", "a001", score, "--on", &on,
            ],
        )
    };
    let bad = rate("T01", "7");
    assert_eq!(bad.status.code(), Some(2), "{}", describe_output(&bad));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 to 5"));
    let elsewhere = rate("T02", "5");
    assert_eq!(
        elsewhere.status.code(),
        Some(3),
        "{}",
        describe_output(&elsewhere)
    );
    let ok = rate("T01", "5");
    assert_eq!(ok.status.code(), Some(0), "{}", describe_output(&ok));
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout).trim(),
        "A001 rated: 5 Very satisfied."
    );
    let again = rate("L01", "4");
    assert_eq!(again.status.code(), Some(3), "{}", describe_output(&again));
    assert!(String::from_utf8_lossy(&again.stderr).contains("rated already"));
    let none = run_lobbydesk(
        home,
        &["--db", db, "--as", "T01", "rate", "Z999", "3", "--on", &on],
    );
    assert_eq!(none.status.code(), Some(2), "{}", describe_output(&none));

    // The rating counts on the day it was recorded (the machine's today).
    let report = run_lobbydesk(home, &["--db", db, "report", "--format", "json"]);
    assert_eq!(
        report.status.code(),
        Some(0),
        "{}",
        describe_output(&report)
    );
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let g = &json["satisfaction"]["ratings"];
    assert_eq!(g["count"], 1);
    assert_eq!(g["average"], 5.0);
    assert_eq!(g["scores"], serde_json::json!([0, 0, 0, 0, 1]));
    assert_eq!(g["by_counter"][0]["code"], "1");
    assert_eq!(g["by_teller"][0]["code"], "T01");
    assert_eq!(g["by_service"][0]["code"], "A");
    let csv = run_lobbydesk(home, &["--db", db, "report", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.contains("ratings.by_teller,T01,张敏,count,1"), "{csv}");
}

// ---------------------------------------------------------------- the screens

fn snap(name: &str, fx: &Fixture) {
    for (w, h) in SIZES {
        let screen = fx.screen(w, h);
        assert!(!screen.contains("layout problems"), "{name}:\n{screen}");
        insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", fx.lang()), screen);
    }
}

#[test]
fn the_complaint_rating_and_resolve_forms() {
    for lang in LANGS {
        let mut fx = served(lang);
        fx.act(Action::Rate);
        snap("rating_form", &fx);
        fx.pick(Msg::FieldScore, "1");
        fx.input(Input::Submit);
        snap("complaint_form_after_low_rating", &fx);
        // Nothing pre-selected: saving with only the words typed is refused.
        fx.focus_field(1);
        fx.type_text("态度冷淡");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_some());
        fx.pick(Msg::FieldComplaintKind, "attitude");
        fx.pick(Msg::FieldResponsible, "T01");
        fx.pick(Msg::FieldComplaintOwner, "L01");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_eq!(
            texts(
                &fx,
                "SELECT kind || ' ' || responsible || ' ' || owner || ' ' || said FROM complaints"
            ),
            ["attitude T01 L01 态度冷淡"]
        );
        // `!` anywhere: about the branch when nothing is selected.
        fx.go(Tab::Mine);
        fx.act(Action::Complain);
        snap("complaint_form_mine", &fx);
        fx.discard();

        // The owner resolves it from Mine.
        fx.switch_to("L01");
        fx.go(Tab::Mine);
        assert!(fx.app.offers(&Action::Resolve));
        snap("mine_with_complaint", &fx);
        fx.act(Action::Resolve);
        snap("resolve_form", &fx);
        let id = fx.sql_i64("SELECT id FROM complaints", args![]);
        fx.pick(Msg::FieldComplaint, &id.to_string());
        fx.focus_field(1);
        fx.type_text("已致歉");
        fx.pick(Msg::FieldFeedback, "phone");
        fx.pick(Msg::FieldValid, "yes");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        assert_eq!(fx.sql_i64("SELECT valid FROM complaints", args![]), 1);
        assert!(!fx.app.offers(&Action::Resolve));
    }
}
