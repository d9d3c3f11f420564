//! A teller's card routed to their pair, the line or the client's manager.

use super::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
/// The wealth pane is the second tab.
const WEALTH: usize = 1;

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
