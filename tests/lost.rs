//! Lost reasons (流失原因), the demo's dormant clients and campaign, and the
//! head's campaigns on the Review tab: the Lost form asks from the settings'
//! list with nothing chosen, the reason is kept on the follow-up (its code
//! alone in the trail), shown on the client's history and counted in the
//! report the same in md, csv and json.

mod support;

use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::config::{Catalog, SHIPPED};
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::report::{self, Format, Period, Report};
use lobbydesk::store::campaigns::NewCampaign;

use support::*;

fn staff() -> Vec<lobbydesk::store::staff::Staff> {
    vec![
        manager("H01", "周建", "head"),
        manager("W01", "王芳", "wealth"),
        teller("T01", "张敏", 1),
    ]
}

/// A fixture signed in as `me`, with open follow-ups of W01 for the clients
/// given (name, mobile), due today.
fn with_prospects(lang: Lang, me: &str, clients: &[(&str, &str)]) -> Fixture {
    let mut fx = Fixture::new(lang, me, &staff());
    let mut store = open_store(&fx.dir);
    store
        .write(|db| {
            for c in clients {
                consenting_prospect(db, *c, "W01", day(), t0() - mins(600))?;
            }
            Ok::<(), lobbydesk::store::StoreError>(())
        })
        .unwrap();
    // A fresh start, which reads them.
    fx.switch_to(me);
    fx
}

/// Run `f` as `code` on the fixture's database at `t0`.
fn as_who<T>(
    fx: &Fixture,
    code: &str,
    f: impl FnOnce(&lobbydesk::store::Db, &Op) -> Result<T, OpError>,
) -> Result<T, OpError> {
    let catalog = Catalog::shipped();
    let mut store = open_store(&fx.dir);
    let me = store.db().staff(code).unwrap().unwrap();
    let who = ops::person(&me, &catalog);
    let op = Op {
        who: &who,
        now: t0(),
        day: day(),
        catalog: &catalog,
    };
    store.write(|db| f(db, &op))
}

fn prospect_id(fx: &Fixture, mobile: &str) -> i64 {
    fx.sql_i64(
        "SELECT p.id FROM prospects p JOIN clients c ON c.id = p.client_id WHERE c.mobile = ?1",
        args![mobile],
    )
}

#[test]
fn the_lost_form_asks_from_the_settings_list_and_keeps_the_code() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = with_prospects(lang, "W01", &[("陈小红", "13800000001")]);
        fx.go(Tab::Followups);
        fx.act(Action::Lost);
        let form = fx
            .app
            .form
            .as_ref()
            .unwrap_or_else(|| panic!("the Lost form: {}", fx.screen(120, 40)));
        assert_eq!(form.field(Msg::FieldReason).get(), "", "nothing chosen");
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("lost_form_{}_{w}x{h}", fx.lang()), fx.screen(w, h));
        }
        let offered: Vec<String> = match &form.field(Msg::FieldReason).value {
            lobbydesk::app::form::Value::Choice { options, .. } => options
                .iter()
                .filter(|o| !o.code.is_empty())
                .map(|o| o.code.clone())
                .collect(),
            other => panic!("a choice: {other:?}"),
        };
        let listed: Vec<String> = Catalog::shipped()
            .lost_reasons
            .iter()
            .map(|r| r.code.clone())
            .collect();
        assert_eq!(offered, listed, "the settings' list, in its order");
        for code in ["complaint", "competitor", "moved", "no_reason"] {
            assert!(listed.iter().any(|c| c == code), "{code} is shipped");
        }
        // Not answered: refused, nothing written.
        let events = fx.event_count();
        fx.input(Input::Submit);
        assert!(fx.app.form.is_some(), "a reason must be chosen");
        assert_eq!(fx.event_count(), events);
        fx.pick(Msg::FieldReason, "competitor");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.flash());
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM prospects WHERE stage = 'lost' AND end_reason = 'competitor'",
                args![],
            ),
            1
        );
        let details: String = raw(&fx.dir)
            .query_row(
                "SELECT details FROM events WHERE kind = 'prospect.lost'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(details, r#"{"reason":"competitor"}"#, "the code alone");
        // The client's history says it, in words.
        let label = Catalog::shipped()
            .lost_reason("competitor")
            .unwrap()
            .label
            .get(lang)
            .to_string();
        let screen = fx.screen(120, 40);
        assert!(screen.contains(&label), "{screen}");
        insta::assert_snapshot!(format!("lost_history_{}_120x40", fx.lang()), screen);
    }
}

#[test]
fn a_reason_the_settings_lack_is_refused_and_changes_nothing() {
    let fx = with_prospects(Lang::En, "W01", &[("陈小红", "13800000001")]);
    let id = prospect_id(&fx, "13800000001");
    let events = fx.event_count();
    let e = as_who(&fx, "W01", |db, op| {
        ops::prospects::lose(db, op, id, "bored", "")
    })
    .unwrap_err();
    assert!(matches!(e, OpError::Invalid(Msg::FieldReason, _)), "{e:?}");
    let catalog = Catalog::shipped();
    let names = ops::Names {
        lang: Lang::En,
        roster: &staff(),
        catalog: &catalog,
    };
    let words = e.message(&names);
    assert!(words.contains("bored"), "{words}");
    assert_eq!(fx.event_count(), events);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM prospects WHERE stage = 'open'",
            args![]
        ),
        1
    );
}

#[test]
fn the_report_counts_lost_by_reason_the_same_in_md_csv_json() {
    let clients = [
        ("甲", "13800000001"),
        ("乙", "13800000002"),
        ("丙", "13800000003"),
        ("丁", "13800000004"),
    ];
    let fx = with_prospects(Lang::En, "W01", &clients);
    for (mobile, reason) in [
        ("13800000001", "no_reason"),
        ("13800000002", "no_reason"),
        ("13800000003", "complaint"),
    ] {
        let id = prospect_id(&fx, mobile);
        as_who(&fx, "W01", |db, op| {
            ops::prospects::lose(db, op, id, reason, "")
        })
        .unwrap();
    }
    // Lost before the list, with a code the settings no longer name.
    raw(&fx.dir)
        .execute(
            "UPDATE prospects SET stage = 'lost', end_reason = 'retired', ended_at = ?1
             WHERE client_id = (SELECT id FROM clients WHERE mobile = '13800000004')",
            [t0().timestamp()],
        )
        .unwrap();
    let catalog = Catalog::shipped();
    let store = open_store(&fx.dir);
    let r = Report::compute(
        &store.db(),
        &catalog,
        Period::day(day()),
        fx.clock.clone(),
        t0(),
    )
    .unwrap();
    assert_eq!(r.followups.lost, 4);
    let by = &r.lost_by_reason;
    assert_eq!(by["no_reason"], 2);
    assert_eq!(by["complaint"], 1);
    assert_eq!(by["competitor"], 0, "every reason listed, zeros too");
    assert_eq!(by["retired"], 1, "an old code still counts");
    assert_eq!(by.values().sum::<i64>(), r.followups.lost);

    let json: serde_json::Value =
        serde_json::from_str(&report::render(&r, &catalog, Lang::En, Format::Json)).unwrap();
    assert_eq!(json["lost_by_reason"]["no_reason"], 2);
    assert_eq!(json["lost_by_reason"]["retired"], 1);
    let csv = report::render(&r, &catalog, Lang::En, Format::Csv);
    assert!(
        csv.contains("followups.lost_by_reason,no_reason,No reason given,count,2"),
        "{csv}"
    );
    assert!(csv.contains("followups.lost_by_reason,complaint,Complaint,count,1"));
    assert!(csv.contains("followups.lost_by_reason,retired,retired,count,1"));
    let md = report::render(&r, &catalog, Lang::En, Format::Md);
    let section = md.split("Lost, by reason").nth(1).expect("the md section");
    assert!(section.contains("| No reason given"), "{section}");
    let row = |label: &str| {
        section
            .lines()
            .find(|l| l.starts_with(&format!("| {label}")))
            .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>()[2].to_string())
    };
    assert_eq!(row("No reason given").as_deref(), Some("2"));
    assert_eq!(row("Complaint").as_deref(), Some("1"));
    assert_eq!(row("retired").as_deref(), Some("1"));
    let zh = report::render(&r, &catalog, Lang::Zh, Format::Md);
    assert!(zh.contains("流失原因") && zh.contains("未说明原因"));
}

#[test]
fn older_settings_read_with_the_shipped_reasons_and_a_bad_list_is_refused() {
    // The shipped text without its [[lost_reasons]].
    let mut older = String::new();
    let mut skipping = false;
    for line in SHIPPED.lines() {
        if line.starts_with("[[") || line.starts_with('[') {
            skipping = line == "[[lost_reasons]]";
        }
        if !skipping {
            older.push_str(line);
            older.push('\n');
        }
    }
    assert!(!older.contains("lost_reasons"));
    let c = Catalog::from_settings(&older).expect("older settings read");
    let codes =
        |c: &Catalog| -> Vec<String> { c.lost_reasons.iter().map(|r| r.code.clone()).collect() };
    assert_eq!(codes(&c), codes(&Catalog::shipped()));
    assert!(c.lost_reason("no_reason").is_some());

    let twice =
        format!("{SHIPPED}\n[[lost_reasons]]\ncode = \"moved\"\nzh = \"搬\"\nen = \"Gone\"\n");
    assert!(Catalog::from_settings(&twice).is_err(), "a code twice");
    let unknown =
        format!("{SHIPPED}\n[[lost_reasons]]\ncode = \"x\"\nzh = \"x\"\nen = \"x\"\nweight = 3\n");
    assert!(Catalog::from_settings(&unknown).is_err(), "an unknown key");
}

/// The demo morning: dormant clients for the Clients tab's `D`, and one
/// campaign defined and not sent, which `campaign list` shows.
#[test]
fn the_demo_has_dormant_clients_and_a_campaign() {
    use chrono::TimeZone;
    let dir = tempfile::TempDir::new().unwrap();
    let db = db_path(&dir);
    let mut store = lobbydesk::store::Store::open(&db).unwrap();
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
    let clock = lobbydesk::clock::Clock::fixed(now, beijing());
    let catalog = Catalog::shipped();
    lobbydesk::demo::seed_roster(&mut store, now).unwrap();
    lobbydesk::demo::morning(&mut store, &clock, &catalog).unwrap();
    let dormant = ops::dormancy::list(&store.db(), &catalog, now, 100).unwrap();
    assert!(dormant.len() >= 4, "{dormant:?}");
    assert_eq!(dormant[0].client.tier, "private", "biggest tier first");
    let campaigns = store.db().campaigns().unwrap();
    assert_eq!(campaigns.len(), 1);
    assert_eq!(store.db().campaign_sent(campaigns[0].id).unwrap(), 0);
    drop(store);
    pins_for_all(&db);
    let out = run_lobbydesk(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "--as",
            "H01",
            "campaign",
            "list",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("元旦问候") && text.contains("sent 0"),
        "{text}"
    );
}

/// The Review tab, as the head: the campaigns (read only) after the day's
/// figures; nobody else sees the section.
#[test]
fn the_head_sees_the_campaigns_on_the_review_tab() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = with_prospects(lang, "H01", &[("陈小红", "13800000001")]);
        for (name, occasion, tier) in [
            ("元旦问候", "holiday", None),
            ("大额存单推介", "product", Some("gold".to_string())),
        ] {
            let def = NewCampaign {
                occasion: occasion.into(),
                name: name.into(),
                template: "{name}您好，{manager}祝您新年快乐".into(),
                starts: day(),
                ends: day() + chrono::Duration::days(14),
                tier,
                line: None,
                status: None,
                tag: None,
                window_days: 30,
            };
            as_who(&fx, "H01", |db, op| ops::campaigns::add(db, op, &def)).unwrap();
        }
        fx.go(Tab::Review);
        for _ in 0..200 {
            fx.act(Action::Down);
        }
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = fx.screen(w, h);
            assert!(screen.contains("元旦问候"), "{screen}");
            insta::assert_snapshot!(format!("review_campaigns_{}_{w}x{h}", fx.lang()), screen);
        }
        assert_eq!(fx.app.review.campaigns.len(), 2);
        assert_eq!(
            fx.app.review.campaigns[0].name, "大额存单推介",
            "newest first"
        );
        assert_eq!(
            fx.app.review.campaigns[1].audience,
            Some(1),
            "the consenting client"
        );
    }
    let mut fx = with_prospects(Lang::En, "W01", &[]);
    fx.go(Tab::Review);
    assert!(fx.app.review.campaigns.is_empty());
    assert!(!fx.app.review.campaigns_shown);
}
