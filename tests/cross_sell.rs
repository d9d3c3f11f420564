//! Cross-sell prompts (交叉销售时机) on real database files: each shipped
//! trigger fires on a hand-made client and not on its near miss; a teller's
//! call shows the prompt on the lobby row and the status line, once; `r`
//! proposes the prompt's need and the card remembers its trigger; the
//! report counts shown, referred and contracted per trigger, the same in
//! Markdown, CSV and JSON; the settings refuse a badly made trigger; the
//! import maps the settings' column names and derives tiers from assets.

mod support;

use insta::assert_snapshot;
use lobbydesk::app::{Action, Input};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::domain::ticket::Step;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::tickets::TicketTarget;
use lobbydesk::ops::{self, Op};
use lobbydesk::report::{self, Format, Period, Report};
use lobbydesk::store::Store;

use support::*;

/// Hand-made clients on 2026-11-23: each trigger's client, then its near
/// miss (one day, one yuan or one product off; a tier the rule does not list).
const CLIENTS: &str =
    "姓名,手机号,客户等级,持有产品数,开户日期,最近大额存入日期,最近大额存入金额,卡激活日期\n\
开户甲,13800000001,普通,,2026-08-25,,,\n\
开户乙,13800000002,普通,,2026-08-24,,,\n\
存款甲,13800000003,普通,,,2026-10-24,50000,\n\
存款乙,13800000004,普通,,,2026-10-24,49999,\n\
激活甲,13800000005,普通,,,,,2026-10-24\n\
激活乙,13800000006,普通,,,,,2026-10-23\n\
单品甲,13800000007,普通,1,,,,\n\
单品乙,13800000008,普通,2,,,,\n\
金卡甲,13800000009,金卡,,,,,\n\
金卡乙,13800000010,普通,,,,,\n";

/// Each shipped trigger and the mobiles of its client and near miss.
const CASES: [(&str, &str, &str); 5] = [
    ("new_account", "13800000001", "13800000002"),
    ("large_deposit", "13800000003", "13800000004"),
    ("card_activated", "13800000005", "13800000006"),
    ("single_product", "13800000007", "13800000008"),
    ("tier_no_wealth", "13800000009", "13800000010"),
];

fn staff() -> Vec<lobbydesk::store::staff::Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("L01", "李娜", "lobby"),
        manager("H01", "周建", "head"),
        manager("W01", "王芳", "wealth"),
        manager("C01", "陈刚", "credit"),
    ]
}

/// Run an operation as `code` on the fixture's file, at the fixture's time.
fn as_person<T>(
    fx: &Fixture,
    code: &str,
    f: impl FnOnce(&lobbydesk::store::Db, &Op) -> Result<T, ops::OpError>,
) -> T {
    let mut store = open_store(&fx.dir);
    let catalog = Catalog::shipped();
    let s = store.db().staff(code).unwrap().expect("on the roster");
    let who = ops::person(&s, &catalog);
    let now = fx.clock.now();
    let op = Op {
        who: &who,
        now,
        day: day(),
        catalog: &catalog,
    };
    store.write(|db| f(db, &op)).expect("the operation")
}

/// The hand-made clients imported by the head.
fn with_clients(lang: Lang) -> Fixture {
    let fx = Fixture::new(lang, "T01", &staff());
    let catalog = Catalog::shipped();
    let parsed = ops::import::parse(&catalog, CLIENTS).expect("the list reads");
    assert!(parsed.refused.is_empty(), "{:?}", parsed.refused);
    let s = as_person(&fx, "H01", |db, op| {
        ops::import::import_clients(db, op, &parsed, false)
    });
    assert_eq!(s.added, 10);
    fx
}

fn client_id(fx: &Fixture, mobile: &str) -> i64 {
    fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![mobile])
}

fn matching(fx: &Fixture, mobile: &str) -> Vec<String> {
    let store = open_store(&fx.dir);
    let catalog = Catalog::shipped();
    let id = client_id(fx, mobile);
    ops::cross_sell::matching(&store.db(), &catalog, id, day())
        .unwrap()
        .into_iter()
        .map(|c| c.code.clone())
        .collect()
}

/// A walk-in for the client with this mobile, registered by the lobby manager.
fn walkin(fx: &Fixture, mobile: &str) -> i64 {
    let catalog = Catalog::shipped();
    let w = ops::tickets::check_walkin(&catalog, Lang::Zh, "A", "normal", "", mobile).unwrap();
    as_person(fx, "L01", |db, op| {
        ops::tickets::register_walkin(db, op, &w)
    })
    .id
}

fn call(fx: &Fixture, ticket: i64) {
    let step = Step::Call {
        counter: 1,
        teller: Some("T01".into()),
    };
    as_person(fx, "T01", |db, op| {
        ops::tickets::step(db, op, TicketTarget::Ticket(ticket), &step)
    });
}

/// Type the card form's note.
fn note(fx: &mut Fixture) {
    let form = fx.app.form.as_ref().expect("a form");
    let i = form
        .fields
        .iter()
        .position(|f| f.label == Msg::FieldNote)
        .unwrap();
    fx.focus_field(i);
    fx.type_text("客户想了解");
}

#[test]
fn each_trigger_fires_on_its_client_and_not_on_its_near_miss() {
    let fx = with_clients(Lang::Zh);
    for (trigger, hit, miss) in CASES {
        assert_eq!(matching(&fx, hit), vec![trigger.to_string()], "{trigger}");
        assert_eq!(
            matching(&fx, miss),
            Vec::<String>::new(),
            "{trigger} near miss"
        );
    }
}

#[test]
fn a_wealth_card_this_year_stops_the_tier_trigger() {
    let mut fx = with_clients(Lang::Zh);
    let t = walkin(&fx, "13800000009");
    call(&fx, t);
    fx.advance(0);
    fx.act(Action::Referral);
    let form = fx.app.form.as_ref().expect("r opens the card form");
    assert_eq!(form.field(Msg::FieldNeed).get(), "wmp", "the prompt's need");
    fx.pick(Msg::FieldConsent, "yes");
    note(&mut fx);
    fx.input(Input::Submit);
    let errors: Vec<_> = fx
        .app
        .form
        .iter()
        .flat_map(|f| {
            f.fields
                .iter()
                .filter_map(|x| x.error.clone().map(|e| (x.label, e, x.get().to_string())))
        })
        .collect();
    assert!(
        fx.app.form.is_none(),
        "saved: {:?} {errors:?}",
        fx.app.flash
    );
    assert!(matching(&fx, "13800000009").is_empty());
}

#[test]
fn a_call_shows_the_prompts_once_on_the_row_and_the_status_line() {
    let mut fx = with_clients(Lang::Zh);
    let hit = walkin(&fx, "13800000001");
    let miss = walkin(&fx, "13800000002");
    let before = fx.event_count();
    fx.advance(1);
    let shown = |fx: &Fixture| fx.sql_i64("SELECT count(*) FROM cross_sell_shown", args![]);
    assert_eq!(shown(&fx), 0, "nothing shown while waiting");
    assert!(!fx.screen(120, 40).contains("◆"));
    fx.act(Action::Call);
    let screen = fx.screen(120, 40);
    assert!(screen.contains("◆开户三个月内"), "{screen}");
    assert!(
        screen.contains("交叉销售："),
        "the teller's status line: {screen}"
    );
    assert_eq!(shown(&fx), 1);
    let kinds = fx.event_kinds();
    assert!(kinds.iter().any(|k| k == "ticket.cross_sell"), "{kinds:?}");
    // The event names codes only.
    let detail: String = raw(&fx.dir)
        .query_row(
            "SELECT details FROM events WHERE kind = 'ticket.cross_sell'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!detail.contains("开户甲") && !detail.contains("13800000001"));
    assert!(detail.contains("new_account"), "{detail}");
    // Start and a recall do not show it again.
    fx.act(Action::Start);
    assert_eq!(shown(&fx), 1);
    assert!(fx.event_count() > before);
    // The near miss, called next, shows nothing.
    fx.act(Action::Finish);
    fx.act(Action::Call);
    assert_eq!(fx.ticket(&fx.app.lobby.rows[0].ticket.number).id, miss);
    assert_eq!(shown(&fx), 1);
    assert!(!fx.screen(120, 40).contains("◆"));
    let _ = hit;
}

#[test]
fn r_proposes_the_need_and_the_report_counts_per_trigger() {
    let mut fx = with_clients(Lang::Zh);
    let deposit = walkin(&fx, "13800000003");
    let product = walkin(&fx, "13800000007");
    fx.advance(1);
    // The deposit client: the proposed need kept, the card contracted.
    fx.act(Action::Call);
    fx.act(Action::Referral);
    let form = fx.app.form.as_ref().expect("r opens the card form");
    assert_eq!(form.field(Msg::FieldNeed).get(), "deposit");
    assert_eq!(form.field(Msg::FieldLine).get(), "wealth");
    assert!(form.subject.as_deref().unwrap().contains("近期大额存入"));
    assert_eq!(form.field(Msg::FieldConsent).get(), "", "consent is asked");
    fx.pick(Msg::FieldConsent, "yes");
    note(&mut fx);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    let card = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM cross_sell_cards WHERE card_id = ?1 AND trigger = 'large_deposit' AND ticket_id = ?2",
            args![card, deposit]
        ),
        1
    );
    as_person(&fx, "W01", |db, op| ops::cards::accept_card(db, op, card));
    let outcome = lobbydesk::domain::card::Outcome::Contracted {
        product: "cd".into(),
        amount_cents: 10_000_000,
    };
    as_person(&fx, "W01", |db, op| {
        ops::cards::record_outcome(db, op, card, &outcome, None, false)
    });
    fx.act(Action::Start);
    fx.act(Action::Finish);
    assert!(!fx.flash().1, "{:?}", fx.flash());
    // The single-product client: the teller changes the need: no credit.
    fx.act(Action::Call);
    fx.act(Action::Referral);
    assert_eq!(
        fx.app.form.as_ref().unwrap().field(Msg::FieldNeed).get(),
        "fund"
    );
    fx.pick(Msg::FieldNeed, "mortgage");
    fx.pick(Msg::FieldConsent, "yes");
    note(&mut fx);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    let _ = product;
    assert_eq!(
        fx.sql_i64("SELECT count(*) FROM cross_sell_cards", args![]),
        1
    );

    let store = open_store(&fx.dir);
    let catalog = Catalog::shipped();
    let r = Report::compute(
        &store.db(),
        &catalog,
        Period::day(day()),
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let got: Vec<(&str, i64, i64, i64)> = r
        .cross_sell
        .iter()
        .map(|f| (f.trigger.as_str(), f.shown, f.referred, f.contracted))
        .collect();
    assert_eq!(
        got,
        vec![
            ("new_account", 0, 0, 0),
            ("large_deposit", 1, 1, 1),
            ("card_activated", 0, 0, 0),
            ("single_product", 1, 0, 0),
            ("tier_no_wealth", 0, 0, 0),
        ]
    );
    let md = report::render(&r, &catalog, Lang::Zh, Format::Md);
    assert!(md.contains("## 交叉销售时机"), "{md}");
    let squeezed: String = md
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        squeezed.contains("| 近期大额存入 | 定期存款 | 1 | 1 | 1 |"),
        "{md}"
    );
    let csv = report::render(&r, &catalog, Lang::En, Format::Csv);
    for line in [
        "cross_sell,large_deposit,Recent large deposit,shown,1",
        "cross_sell,large_deposit,Recent large deposit,referred,1",
        "cross_sell,large_deposit,Recent large deposit,contracted,1",
        "cross_sell,single_product,Single product,shown,1",
        "cross_sell,single_product,Single product,referred,0",
    ] {
        assert!(csv.contains(line), "{line} in\n{csv}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&report::render(&r, &catalog, Lang::Zh, Format::Json)).unwrap();
    let ls = &json["cross_sell"][1];
    assert_eq!(ls["trigger"], "large_deposit");
    assert_eq!(
        (
            ls["shown"].clone(),
            ls["referred"].clone(),
            ls["contracted"].clone()
        ),
        (1.into(), 1.into(), 1.into())
    );
}

#[test]
fn screens_with_a_prompt_in_both_languages_and_sizes() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = with_clients(lang);
        walkin(&fx, "13800000001");
        walkin(&fx, "13800000002");
        fx.advance(1);
        fx.act(Action::Call);
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = fx.screen(w, h);
            assert!(screen.contains("◆"), "{screen}");
            assert_snapshot!(format!("cross_sell_lobby_{}_{w}x{h}", fx.lang()), screen);
        }
        fx.act(Action::Referral);
        assert!(fx.app.form.is_some());
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = fx.screen(w, h);
            assert_snapshot!(
                format!("cross_sell_card_form_{}_{w}x{h}", fx.lang()),
                screen
            );
        }
    }
}

#[test]
fn the_settings_refuse_a_badly_made_trigger_or_tier() {
    let shipped = lobbydesk::config::SHIPPED;
    let cases: [(&str, &str, &str); 6] = [
        ("days = 90\nneed = \"wmp\"", "need = \"wmp\"", "needs days"),
        (
            "rule = \"single_product\"\nneed = \"fund\"",
            "rule = \"single_product\"\ndays = 3\nneed = \"fund\"",
            "does not use days",
        ),
        (
            "need = \"card\"",
            "need = \"nothing\"",
            "suggests the need nothing",
        ),
        (
            "tiers = [\"gold\", \"wealth\", \"private\"]",
            "tiers = [\"gold\", \"platinum\"]",
            "the tier platinum",
        ),
        (
            "min_assets = 500000",
            "min_assets = 50000",
            "must be more than",
        ),
        (
            "# \"联系电话\" = \"mobile\"",
            "\"联系电话\" = \"phone_no\"",
            "no client field",
        ),
    ];
    for (from, to, says) in cases {
        assert!(shipped.contains(from), "{from}");
        let text = shipped.replacen(from, to, 1);
        let e = Catalog::from_settings(&text).expect_err(says);
        let m = e.message(Lang::En);
        assert!(m.contains(says), "{says}: {m}");
        assert!(!e.message(Lang::Zh).is_empty());
    }
    let mapped = shipped.replacen(
        "# \"联系电话\" = \"mobile\"",
        "\"联系电话\" = \"mobile\"",
        1,
    );
    assert!(Catalog::from_settings(&mapped).is_ok());
}

#[test]
fn the_import_maps_the_settings_columns_and_derives_tiers_from_assets() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = db_path(&dir);
    let mut store = Store::open(&db).unwrap();
    put_staff(&mut store, &manager("H01", "周建", "head"));
    drop(store);
    pins_for_all(&db);
    let settings = dir.path().join("branch.toml");
    let text = lobbydesk::config::SHIPPED.replacen(
        "# \"联系电话\" = \"mobile\"",
        "\"联系电话\" = \"mobile\"\n\"客户全名\" = \"name\"",
        1,
    );
    std::fs::write(&settings, text).unwrap();
    let dbs = db.to_str().unwrap();
    let out = run_lobbydesk(
        dir.path(),
        &[
            "--db",
            dbs,
            "--as",
            "H01",
            "settings",
            "import",
            settings.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        "客户全名,联系电话,资产,大额存入金额\n甲,13900000001,60000,80000\n乙,13900000002,6000000,\n丙,13900000003,100,\n",
    )
    .unwrap();
    let run = |extra: &[&str], lang: &str| {
        let mut args = vec![
            "--db", dbs, "--lang", lang, "--as", "H01", "import", "clients",
        ];
        args.push(file.to_str().unwrap());
        args.extend_from_slice(extra);
        let out = run_lobbydesk(dir.path(), &args);
        assert!(out.status.success(), "{}", describe_output(&out));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let dry = run(&["--dry-run"], "zh");
    assert!(dry.contains("客户等级按资产和支行设置的门槛确定"), "{dry}");
    let dry = run(&["--dry-run"], "en");
    assert!(dry.contains("each tier follows from the assets"), "{dry}");
    run(&[], "zh");
    let store = Store::open(&db).unwrap();
    let rec = |m: &str| store.db().client_record_by_mobile(m).unwrap().unwrap();
    assert_eq!(rec("13900000001").tier, "gold");
    assert_eq!(rec("13900000001").large_deposit_amount, Some(80_000));
    assert_eq!(rec("13900000001").name.as_deref(), Some("甲"));
    assert_eq!(rec("13900000002").tier, "private");
    assert_eq!(rec("13900000003").tier, "normal");
    // A tier column wins over the assets, and the dry run says so.
    std::fs::write(&file, "联系电话,资产,客户等级\n13900000003,9000000,金卡\n").unwrap();
    let dry = run(&["--dry-run"], "zh");
    assert!(dry.contains("客户等级取自文件的等级列"), "{dry}");
    run(&[], "zh");
    assert_eq!(rec("13900000003").tier, "gold");
}
