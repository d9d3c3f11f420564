//! Pairs (接对子) and dedicated managers (专属客户经理) on a branch's
//! morning: a teller's card goes to their paired manager, a client's own
//! manager comes first, another manager of the line waits for the
//! threshold (the hint line and the operation agree), the pair's figures in
//! the review and the report, a recognised client announced to their manager
//! once, and the dedicated manager counted as one of the client's two
//! marketers.

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
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
/// The wealth pane is the second tab.
const WEALTH: usize = 1;

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

/// As the teller: `r` on the ticket, a wealth need, consent, a note; the
/// form left open.
fn open_card(fx: &mut Fixture, number: &str) {
    fx.act(Action::Tick);
    fx.select(number);
    fx.act(Action::Referral);
    let form = fx.app.form.as_ref().expect("r opens the card form");
    assert!(matches!(form.purpose, Purpose::Card { .. }));
    fx.pick(Msg::FieldNeed, "wmp");
    fx.pick(Msg::FieldConsent, "yes");
    fx.focus_field(2);
    fx.type_text("想买理财");
}

fn last_card(fx: &Fixture) -> Card {
    let id = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    fx.app.store.db().card(id).unwrap().unwrap()
}

fn flag(fx: &mut Fixture, number: &str) -> Card {
    open_card(fx, number);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    last_card(fx)
}

fn notices_to(fx: &Fixture, code: &str, kind: &str) -> i64 {
    fx.sql_i64(
        "SELECT count(*) FROM notices WHERE to_staff = ?1 AND kind = ?2",
        args![code, kind],
    )
}

#[test]
fn a_tellers_card_goes_to_their_pair_named_on_the_form() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        pair(&fx, "T01", "wealth", "W02");
        let n = fx.walkin('A', '1', "李四", "13800000001");
        open_card(&mut fx, &n);
        let receiver = fx.app.form.as_ref().unwrap().field(Msg::FieldReceiver);
        assert_eq!(receiver.get(), "=W02", "the pair is named and chosen");
        for (w, h) in SIZES {
            let screen = fx.screen(w, h);
            assert_snapshot!(format!("card_form_pair_{}_{w}x{h}", fx.lang()), screen);
        }
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
        let c = last_card(&fx);
        assert_eq!(c.assigned_to.as_deref(), Some("W02"));
        assert_eq!(
            fx.sql_i64("SELECT via_pair FROM cards WHERE id = ?1", args![c.id]),
            1
        );
        assert_eq!(notices_to(&fx, "W02", "card.landed"), 1, "the pair is told");
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM notices WHERE to_role = 'wealth'",
                args![]
            ),
            0,
            "not the whole line"
        );

        // The line pane lists it for every manager, marked with whom it is for.
        fx.switch_to("W01");
        fx.act(Action::GoTab(WEALTH));
        assert_eq!(fx.app.tab, Tab::Line(0));
        for (w, h) in SIZES {
            let screen = fx.screen(w, h);
            assert!(screen.contains(match lang {
                Lang::Zh => "给刘洋",
                Lang::En => "for 刘洋",
            }));
            assert_snapshot!(format!("pane_meant_for_{}_{w}x{h}", fx.lang()), screen);
        }
    }
}

#[test]
fn the_teller_may_send_the_card_to_the_whole_line_instead() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    pair(&fx, "T01", "wealth", "W02");
    let n = fx.walkin('A', '1', "李四", "13800000001");
    open_card(&mut fx, &n);
    fx.pick(Msg::FieldReceiver, "-wealth");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    let c = last_card(&fx);
    assert_eq!(c.assigned_to, None);
    assert_eq!(
        fx.sql_i64("SELECT via_pair FROM cards WHERE id = ?1", args![c.id]),
        0
    );
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE to_role = 'wealth'",
            args![]
        ),
        1
    );
}

#[test]
fn the_clients_dedicated_manager_wins_over_the_pair() {
    let mut fx = Fixture::new(Lang::Zh, "T01", &branch());
    pair(&fx, "T01", "wealth", "W02");
    let n = fx.walkin('A', '1', "李四", "13800000001");
    let client = client_of(&fx, &n);
    run(&fx, "W01", |db, op| {
        pairs::set_client_manager(db, op, client, Some("W01"))
    })
    .expect("a manager sets the client's own manager");
    open_card(&mut fx, &n);
    assert_eq!(
        fx.app
            .form
            .as_ref()
            .unwrap()
            .field(Msg::FieldReceiver)
            .get(),
        "=W01"
    );
    fx.input(Input::Submit);
    let c = last_card(&fx);
    assert_eq!(c.assigned_to.as_deref(), Some("W01"));
    assert_eq!(
        fx.sql_i64("SELECT via_pair FROM cards WHERE id = ?1", args![c.id]),
        0
    );
    assert_eq!(notices_to(&fx, "W01", "card.landed"), 1);
    // Audited, with no client detail.
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM events WHERE kind = 'client.manager' AND record_id = ?1
             AND details = '{\"manager\":\"W01\"}'",
            args![client]
        ),
        1
    );
}

#[test]
fn another_manager_waits_for_the_threshold_and_the_hint_line_agrees() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    pair(&fx, "T01", "wealth", "W01");
    let n = fx.walkin('A', '1', "李四", "13800000001");
    let c = flag(&mut fx, &n);
    let minutes = Catalog::shipped().thresholds.pair_accept_minutes;
    assert_eq!(minutes, 10);

    fx.switch_to("W02");
    fx.act(Action::GoTab(WEALTH));
    fx.select_card_id(c.id);
    fx.advance(minutes - 1);
    assert!(
        !fx.app.offers(&Action::Accept),
        "not offered before the wait"
    );
    let refused = run(&fx, "W02", |db, op| cards::accept_card(db, op, c.id));
    assert!(
        matches!(refused, Err(OpError::Denied(Denial::MeantFor(ref m))) if m == "W01"),
        "{refused:?}"
    );
    let before = fx.db_state();
    fx.act(Action::Accept);
    assert_eq!(fx.db_state(), before, "a key not offered writes nothing");
    assert!(fx.flash().1, "and says why");

    // The paired manager may take it at once; here, nobody did.
    let w01 = fx.app_as("W01");
    assert!(w01.lines[0].cards.iter().any(|v| v.card.id == c.id));

    fx.advance(1);
    assert!(
        fx.app.offers(&Action::Accept),
        "offered once the wait passed"
    );
    fx.act(Action::Accept);
    assert_eq!(
        fx.app
            .store
            .db()
            .card(c.id)
            .unwrap()
            .unwrap()
            .receiver
            .as_deref(),
        Some("W02")
    );
}

#[test]
fn the_paired_manager_accepts_at_once() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    pair(&fx, "T01", "wealth", "W01");
    let n = fx.walkin('A', '1', "李四", "13800000001");
    let c = flag(&mut fx, &n);
    fx.switch_to("W01");
    fx.act(Action::GoTab(WEALTH));
    fx.select_card_id(c.id);
    assert!(fx.app.offers(&Action::Accept));
    fx.act(Action::Accept);
    assert_eq!(
        fx.app
            .store
            .db()
            .card(c.id)
            .unwrap()
            .unwrap()
            .receiver
            .as_deref(),
        Some("W01")
    );
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

#[test]
fn the_pairs_figures_in_the_review_and_every_format() {
    let mut fx = Fixture::new(Lang::Zh, "T01", &branch());
    pair(&fx, "T01", "wealth", "W01");
    let a = fx.walkin('A', '1', "李四", "13800000001");
    let b = fx.walkin('A', '1', "王五", "13800000002");
    let c = fx.walkin('A', '1', "赵六", "13800000003");
    // Two cards by the pair: accepted after 4 and 8 minutes, one contracted.
    let first = flag_op(&fx, &a);
    let second = flag_op(&fx, &b);
    fx.advance(4);
    run(&fx, "W01", |db, op| cards::accept_card(db, op, first.id)).unwrap();
    fx.advance(4);
    run(&fx, "W01", |db, op| cards::accept_card(db, op, second.id)).unwrap();
    let contract = Outcome::Contracted {
        product: "wmp".into(),
        amount_cents: 1_000_000,
    };
    run(&fx, "W01", |db, op| {
        cards::record_outcome(db, op, first.id, &contract, None, false)
    })
    .unwrap();
    // A third card the teller sent to the whole line: not the pair's.
    pair(&fx, "T01", "wealth", "W02");
    run(&fx, "H01", |db, op| {
        pairs::remove_pair(db, op, "T01", "wealth")
    })
    .unwrap();
    flag_op(&fx, &c);

    let r = Report::compute(
        &fx.app.store.db(),
        &Catalog::shipped(),
        Period::day(day()),
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    assert_eq!(r.pairs.len(), 1, "{:?}", r.pairs);
    let p = &r.pairs[0];
    assert_eq!(
        (p.teller.as_str(), p.line.as_str(), p.manager.as_str()),
        ("T01", "wealth", "W01")
    );
    assert_eq!((p.referrals, p.accepted, p.contracted), (2, 2, 1));
    assert_eq!(p.median_accept_minutes, 6.0);
    assert_eq!(p.conversion, 0.5);

    let catalog = Catalog::shipped();
    let json = report::render(&r, &catalog, Lang::Zh, Format::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["pairs"][0]["referrals"], 2);
    assert_eq!(v["pairs"][0]["median_accept_minutes"], 6.0);
    assert_eq!(v["pairs"][0]["conversion"], 0.5);
    assert_eq!(v["pairs"][0]["manager_name"], "王芳");
    let csv = report::render(&r, &catalog, Lang::Zh, Format::Csv);
    for line in [
        "pairs,T01/wealth/W01,张敏 — 财富 — 王芳,referrals,2",
        "pairs,T01/wealth/W01,张敏 — 财富 — 王芳,median_accept_minutes,6.0",
        "pairs,T01/wealth/W01,张敏 — 财富 — 王芳,contracted,1",
        "pairs,T01/wealth/W01,张敏 — 财富 — 王芳,conversion,0.500",
    ] {
        assert!(csv.contains(line), "{line} in\n{csv}");
    }
    for lang in LANGS {
        let md = report::render(&r, &catalog, lang, Format::Md);
        let row = md
            .lines()
            .find(|l| l.contains("(T01)") && l.contains("(W01)"))
            .unwrap_or_else(|| panic!("a pair row in\n{md}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(&cells[4..9], ["2", "2", "6.0", "1", "50.0%"], "{row}");
    }

    // The review draws the same numbers.
    fx.switch_to("H01");
    fx.go(Tab::Review);
    // Tall enough for the whole review: the pairs come after the points.
    let screen = fx.screen(120, 80);
    let row = screen
        .lines()
        .find(|l| l.contains("张敏") && l.contains("王芳"))
        .unwrap_or_else(|| panic!("a pair row in\n{screen}"));
    for figure in ["2", "6.0", "1", "50%"] {
        assert!(row.contains(figure), "{figure} in {row}");
    }
}

#[test]
fn a_recognised_client_is_announced_to_their_manager_once() {
    let mut fx = Fixture::new(Lang::Zh, "T01", &branch());
    let first = fx.walkin('A', '1', "李四", "13800000001");
    let client = client_of(&fx, &first);
    run(&fx, "H01", |db, op| {
        pairs::set_client_manager(db, op, client, Some("W01"))
    })
    .unwrap();
    raw(&fx.dir)
        .execute("UPDATE clients SET tier = 'gold' WHERE id = ?1", [client])
        .unwrap();
    assert_eq!(
        notices_to(&fx, "W01", "client.arrived"),
        0,
        "nothing before"
    );

    let again = fx.walkin('A', '1', "李四", "13800000001");
    let t = fx.ticket(&again);
    assert_eq!(notices_to(&fx, "W01", "client.arrived"), 1, "told at once");
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE kind = 'client.arrived' AND record = 'ticket'
             AND record_id = ?1 AND detail = 'gold'",
            args![t.id]
        ),
        1
    );
    // Check-in calls the same: told once per ticket.
    run(&fx, "T01", |db, op| pairs::tell_dedicated(db, op, &t)).unwrap();
    assert_eq!(notices_to(&fx, "W01", "client.arrived"), 1);
    // A client without a manager: nobody is told.
    fx.walkin('A', '1', "王五", "13800000002");
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE kind = 'client.arrived'",
            args![]
        ),
        1
    );
    // The lobby marks the ticket with the tier, never the name.
    fx.act(Action::Tick);
    let screen = fx.screen(120, 40);
    let row = screen.lines().find(|l| l.contains(&again)).unwrap();
    assert!(row.contains("金卡") && !row.contains("李四"), "{row}");
}

#[test]
fn the_dedicated_manager_counts_as_one_of_two_marketers() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let n = fx.walkin('A', '1', "李四", "13800000001");
    let client = client_of(&fx, &n);
    run(&fx, "H01", |db, op| {
        pairs::set_client_manager(db, op, client, Some("W01"))
    })
    .unwrap();
    // The credit manager works the client too.
    let credit = NewCard {
        ticket: fx.ticket(&n).id,
        need: "mortgage".into(),
        line: "credit".into(),
        consent: true,
        note: "想了解".into(),
        name: None,
        mobile: None,
    };
    let cc = run(&fx, "T01", |db, op| cards::flag_card(db, op, &credit)).unwrap();
    run(&fx, "C01", |db, op| cards::accept_card(db, op, cc.id)).unwrap();
    // A wealth card goes to W01; W02 may not be a third marketer, even after the wait.
    let c = flag_op(&fx, &n);
    assert_eq!(c.assigned_to.as_deref(), Some("W01"));
    fx.advance(15);
    let third = run(&fx, "W02", |db, op| cards::accept_card(db, op, c.id));
    assert!(
        matches!(
            third,
            Err(OpError::Client(ClientRefusal::TooManyMarketers { .. }))
        ),
        "{third:?}"
    );
    run(&fx, "W01", |db, op| cards::accept_card(db, op, c.id)).expect("the client's own manager");
    // Nor may a third person become the client's dedicated manager.
    let other = run(&fx, "H01", |db, op| {
        pairs::set_client_manager(db, op, client, Some("W02"))
    });
    assert!(matches!(other, Err(OpError::Client(_))), "{other:?}");
    assert_eq!(
        fx.app.store.db().client_manager(client).unwrap().as_deref(),
        Some("W01")
    );
}

#[test]
fn only_the_head_pairs_and_only_with_a_manager_of_the_line() {
    let fx = Fixture::new(Lang::En, "T01", &branch());
    let by_teller = run(&fx, "T01", |db, op| {
        pairs::set_pair(db, op, "T01", "wealth", "W01")
    });
    assert!(matches!(by_teller, Err(OpError::Denied(Denial::NotHead))));
    let wrong = run(&fx, "H01", |db, op| {
        pairs::set_pair(db, op, "T01", "wealth", "C01")
    });
    assert!(matches!(
        wrong,
        Err(OpError::Pair(PairRefusal::NotManager(..)))
    ));
    let not_teller = run(&fx, "H01", |db, op| {
        pairs::set_pair(db, op, "W02", "wealth", "W01")
    });
    assert!(matches!(
        not_teller,
        Err(OpError::Pair(PairRefusal::NotTeller(_)))
    ));
    let by_teller = run(&fx, "T01", |db, op| {
        pairs::set_client_manager(db, op, 1, None)
    });
    assert!(matches!(
        by_teller,
        Err(OpError::Denied(Denial::NotManager))
    ));
    assert_eq!(fx.sql_i64("SELECT count(*) FROM pairs", args![]), 0);
}

#[test]
fn the_head_pairs_and_sets_a_dedicated_manager_from_the_command_line() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.walkin('A', '1', "李四", "13800000001");
    let db = db_path(&fx.dir);
    pins_for_all(&db);
    let home = tempfile::TempDir::new().unwrap();
    let d = db.to_str().unwrap();
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "H01", "pairs", "set", "T01", "wealth", "W01",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let out = run_lobbydesk(home.path(), &["--db", d, "--lang", "en", "pairs", "list"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "T01\twealth\tW01\n");
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "H01", "pairs", "set", "T01", "wealth", "C01",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "T01", "pairs", "remove", "T01", "wealth",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", describe_output(&out));
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db",
            d,
            "--lang",
            "en",
            "--as",
            "W02",
            "client",
            "manager",
            "13800000001",
            "W02",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("李四"));
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM clients WHERE manager = 'W02'",
            args![]
        ),
        1
    );
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db",
            d,
            "--lang",
            "en",
            "--as",
            "H01",
            "client",
            "manager",
            "13800000001",
            "--clear",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM clients WHERE manager IS NOT NULL",
            args![]
        ),
        0
    );
    let out = run_lobbydesk(
        home.path(),
        &[
            "--db", d, "--lang", "en", "--as", "H01", "pairs", "remove", "T01", "wealth",
        ],
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM events WHERE kind LIKE 'pair.%'",
            args![]
        ),
        2
    );
}

/// On the Clients tab, `/` and a search for `query`.
fn search_clients(fx: &mut Fixture, query: &str) {
    fx.go(Tab::Clients);
    fx.act(Action::Filter);
    fx.type_text(query);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(fx.app.clients.found.len(), 1);
}

#[test]
fn the_head_sets_a_clients_manager_with_m_and_a_teller_is_not_offered_it() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &branch());
        let n = fx.walkin('A', '1', "李四", "13800000001");
        let client = client_of(&fx, &n);
        let key = format!("m {}", Msg::KeyClientManager.get(lang));

        // A teller: not offered, refused in words, nothing written.
        search_clients(&mut fx, "13800000001");
        let hints = fx.screen(120, 40).lines().last().unwrap().to_string();
        assert!(!hints.contains(&key), "{hints}");
        fx.act(Action::ClientManager);
        assert!(fx.app.form.is_none());
        let (said, refused) = fx.flash();
        assert!(refused && !said.is_empty(), "{said}");

        // The head: offered; nothing chosen for them.
        fx.switch_to("H01");
        search_clients(&mut fx, "13800000001");
        let hints = fx.screen(120, 40).lines().last().unwrap().to_string();
        assert!(hints.contains(&key), "{hints}");
        fx.act(Action::ClientManager);
        let form = fx.app.form.as_ref().expect("the manager form");
        assert_eq!(form.purpose, Purpose::ClientManager { client });
        assert_eq!(form.field(Msg::FieldManager).get(), "");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_some(), "a choice is required");
        let managers = "SELECT count(*) FROM clients WHERE manager IS NOT NULL";
        assert_eq!(fx.sql_i64(managers, args![]), 0);

        fx.pick(Msg::FieldManager, "W02");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let q = "SELECT count(*) FROM clients WHERE id = ?1 AND manager = 'W02'";
        assert_eq!(fx.sql_i64(q, args![client]), 1);
        let events = "SELECT count(*) FROM events WHERE kind = 'client.manager' AND actor = 'H01'";
        assert_eq!(fx.sql_i64(events, args![]), 1);
        // The client's history names their manager.
        assert!(fx.screen(120, 40).contains("刘洋"));

        // And clears it: "none".
        fx.act(Action::ClientManager);
        fx.pick(Msg::FieldManager, "-");
        fx.input(Input::Submit);
        assert_eq!(fx.sql_i64(managers, args![]), 0);
        assert!(!fx.screen(120, 40).contains("刘洋"));
    }
}
