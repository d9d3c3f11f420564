//! The Mine tab (我的): a teller's referral re-referred twice (wealth →
//! credit → wealth) over two months of one quarter, worked by the managers
//! on their own connections while the teller watches the tab. Its cards,
//! statuses, amounts, points and place equal what the report computes for
//! today, this month and this quarter; clients are masked; the notices say
//! what happened; and the screen as drawn in zh and en at 80×24 and 120×40.

mod support;

use chrono::Duration;
use lobbydesk::app::mine::Span;
use lobbydesk::app::{Action, Tab};
use lobbydesk::config::Catalog;
use lobbydesk::domain::card::{Card, CardStatus, Outcome};
use lobbydesk::i18n::Lang;
use lobbydesk::ops::cards::{self, NewCard};
use lobbydesk::ops::prospects::{self, NewContact};
use lobbydesk::ops::tickets::{self, check_walkin};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::report::points::Credit;
use lobbydesk::report::Report;
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Db;

use support::*;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        teller("T02", "李娜", 2),
        manager("W01", "王芳", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

/// Run operations as `code`, now, on a connection of its own (another
/// person's desk).
fn run<T>(fx: &Fixture, code: &str, f: impl FnOnce(&Db, &Op) -> Result<T, OpError>) -> T {
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
    store
        .write(|db| f(db, &op))
        .unwrap_or_else(|e| panic!("{code}: {e:?}"))
}

/// `teller` registers a walk-in and flags a card for it.
fn flag(fx: &Fixture, teller: &str, client: (&str, &str), line: &str, need: &str) -> Card {
    run(fx, teller, |db, op| {
        let w = check_walkin(op.catalog, Lang::En, "A", "normal", client.0, client.1).unwrap();
        let ticket = tickets::register_walkin(db, op, &w)?;
        let card = NewCard {
            ticket: ticket.id,
            need: need.into(),
            line: line.into(),
            consent: true,
            note: "想了解".into(),
            name: None,
            mobile: None,
        };
        cards::flag_card(db, op, &card)
    })
}

fn contract(product: &str, amount_cents: i64) -> Outcome {
    Outcome::Contracted {
        product: product.into(),
        amount_cents,
    }
}

/// Move the clock on by whole days and let the teller's app notice.
fn days(fx: &mut Fixture, n: i64) {
    fx.clock.advance(Duration::days(n));
    fx.act(Action::Tick);
}

/// The branch's quarter, as it stands on 2026-11-23 (the fixture's day),
/// with T01 signed in on the Mine tab. Cards: 1 T01's wealth card (12 Oct),
/// 2 T02's credit card (12 Oct, not now, a prospect C01 calls on 20 Nov),
/// 3 card 1 referred on to credit by W01 (5 Nov, contracted ¥300,000 on
/// 20 Nov), 4 card 3 referred on to wealth by C01 (20 Nov, contracted
/// ¥50,000 today), 5 T02's credit card (today).
fn quarter() -> Fixture {
    let mut fx = Fixture::new(Lang::Zh, "T01", &branch());
    fx.go(Tab::Mine);
    days(&mut fx, -42); // 2026-10-12
    let one = flag(&fx, "T01", ("王小明", "13800001111"), "wealth", "wmp");
    assert_eq!(one.id, 1);
    let two = flag(&fx, "T02", ("李四", "13800002222"), "credit", "consumer");
    fx.clock.advance(Duration::minutes(30));
    run(&fx, "W01", |db, op| cards::accept_card(db, op, one.id));
    run(&fx, "C01", |db, op| cards::accept_card(db, op, two.id));
    let kept = run(&fx, "C01", |db, op| {
        cards::record_outcome(db, op, two.id, &Outcome::NotNow, None, false)
    });
    let prospect = kept.prospect.expect("not now: on C01's follow-up list");
    fx.act(Action::Tick);

    days(&mut fx, 24); // 2026-11-05
    let (_, three) = run(&fx, "W01", |db, op| {
        cards::refer_on(db, op, one.id, "credit", "mortgage", "想买房")
    });
    assert_eq!((three.id, three.referrer.as_str()), (3, "T01"));
    run(&fx, "C01", |db, op| cards::accept_card(db, op, three.id));
    fx.act(Action::Tick);

    days(&mut fx, 15); // 2026-11-20
    run(&fx, "C01", |db, op| {
        cards::record_outcome(
            db,
            op,
            three.id,
            &contract("mortgage", 30_000_000),
            None,
            false,
        )
    });
    let (_, four) = run(&fx, "C01", |db, op| {
        cards::refer_on(db, op, three.id, "wealth", "fund", "想定投")
    });
    assert_eq!((four.id, four.referrer.as_str()), (4, "T01"));
    run(&fx, "C01", |db, op| {
        let contact = NewContact {
            channel: "phone".into(),
            summary: "回访".into(),
            result: String::new(),
            next_step: String::new(),
            next_due: op.day + Duration::days(7),
        };
        prospects::log_contact(db, op, prospect, &contact)
    });
    fx.act(Action::Tick);

    days(&mut fx, 3); // 2026-11-23, the fixture's day
    assert_eq!(fx.clock.today(), day());
    run(&fx, "W01", |db, op| cards::accept_card(db, op, four.id));
    fx.clock.advance(Duration::minutes(20));
    run(&fx, "W01", |db, op| {
        cards::record_outcome(db, op, four.id, &contract("fund", 5_000_000), None, false)
    });
    let five = flag(&fx, "T02", ("赵六", "13800005555"), "credit", "card");
    assert_eq!(five.id, 5);
    fx.act(Action::Tick);
    fx
}

/// Show the span `want` (the tab's `p` goes round them).
fn show(fx: &mut Fixture, want: Span) {
    for _ in 0..3 {
        if fx.app.mine.span == want {
            return;
        }
        fx.act(Action::Period);
    }
    assert_eq!(fx.app.mine.span, want);
}

/// What the tab shows for a span equals what the report computes for the
/// same business days.
fn equals_the_report(fx: &mut Fixture, span: Span) {
    show(fx, span);
    let m = &fx.app.mine;
    let period = m.period.expect("the tab was read");
    assert_eq!(period, span.period(day()));
    let db = fx.app.store.db();
    let report = Report::compute(
        &db,
        &Catalog::shipped(),
        period,
        fx.clock.clone(),
        fx.clock.now(),
    )
    .unwrap();
    let staff = |code: &str| report.staff.iter().find(|s| s.code == code).cloned();
    let t01 = staff("T01").expect("T01 earned points in every span");
    let mine = m.standing.as_ref().expect("T01's points");
    assert_eq!(mine.points, t01.points, "{span:?}");
    assert_eq!(
        mine.counts,
        [t01.referrals, t01.converted, t01.closed, t01.contacts],
        "{span:?}"
    );
    // What earned them adds up to them.
    let p = &fx.app.catalog.points;
    let earned: i64 = m
        .credits
        .iter()
        .map(|c| Credit::parse(&c.kind).unwrap().worth(p))
        .sum();
    assert_eq!(earned, t01.points, "{span:?}: {:?}", m.credits);
    // The statuses are the cards' own; the contracts settled in the period
    // are the report's (T01's chain holds every contract of the branch).
    for c in &m.cards {
        assert_eq!(c.status, db.card(c.id).unwrap().unwrap().status);
    }
    let b = lobbydesk::store::report::Bounds::new(
        period.from,
        period.to,
        |_| beijing(),
        fx.clock.now(),
    );
    let settled: Vec<_> = m
        .cards
        .iter()
        .filter(|c| c.status == CardStatus::Contracted)
        .filter(|c| c.outcome_at.is_some_and(|t| t.timestamp() >= b.start))
        .collect();
    let referrer = report
        .referrals
        .by_referrer
        .iter()
        .find(|r| r.code == "T01");
    assert_eq!(
        settled.len() as i64,
        referrer.map_or(0, |r| r.contracted),
        "{span:?}"
    );
    assert_eq!(
        settled.iter().map(|c| c.amount_cents.unwrap()).sum::<i64>(),
        report.referrals.contracted_cents,
        "{span:?}"
    );
    // The place: among the report's referrers, by the report's points.
    let referrers: Vec<i64> = report
        .referrals
        .by_referrer
        .iter()
        .map(|r| staff(&r.code).unwrap().points)
        .collect();
    let ahead = referrers.iter().filter(|p| **p > t01.points).count();
    assert_eq!(m.place, Some((ahead + 1, referrers.len())), "{span:?}");
}

#[test]
fn my_referrals_across_a_three_card_chain_equal_the_report_in_every_period() {
    let mut fx = quarter();
    for span in [Span::Today, Span::Month, Span::Quarter] {
        equals_the_report(&mut fx, span);
    }

    show(&mut fx, Span::Quarter);
    let m = &fx.app.mine;
    let listed: Vec<(i64, usize, CardStatus)> =
        m.cards.iter().map(|c| (c.id, c.depth, c.status)).collect();
    assert_eq!(
        listed,
        [
            (1, 0, CardStatus::Referred),
            (3, 1, CardStatus::Contracted),
            (4, 2, CardStatus::Contracted),
        ],
        "the chain in the order it grew, each card at its depth; T02's are not T01's"
    );
    let amounts: Vec<Option<i64>> = m.cards.iter().map(|c| c.amount_cents).collect();
    assert_eq!(amounts, [None, Some(30_000_000), Some(5_000_000)]);
    // 1 card made + 2 contracts credited: 1 + 2×5; T02 made 2, W01 and C01
    // one card and one contract closed each (C01 a contact too).
    let s = m.standing.as_ref().unwrap();
    assert_eq!((s.counts, s.points), ([1, 2, 0, 0], 11));
    assert_eq!(m.place, Some((1, 4)));

    show(&mut fx, Span::Month);
    let m = &fx.app.mine;
    let ids: Vec<i64> = m.cards.iter().map(|c| c.id).collect();
    assert!(ids.contains(&3) && ids.contains(&4), "{ids:?}");
    assert_eq!(m.standing.as_ref().unwrap().points, 10);

    show(&mut fx, Span::Today);
    let m = &fx.app.mine;
    let ids: Vec<i64> = m.cards.iter().map(|c| c.id).collect();
    assert_eq!(ids, [4], "accepted and contracted today");
    assert_eq!(m.standing.as_ref().unwrap().points, 5);
    assert_eq!(m.place, Some((1, 2)), "T01 and T02 referred today");
}

#[test]
fn a_manager_sees_their_place_and_what_earned_their_points() {
    let mut fx = quarter();
    let w01 = fx.switch_to("W01");
    drop(w01);
    fx.go(Tab::Mine);
    show(&mut fx, Span::Month);
    let m = &fx.app.mine;
    // W01 referred card 1 on (5 Nov) and closed card 4 (today): 1 + 3.
    let s = m.standing.as_ref().unwrap();
    assert_eq!((s.counts, s.points), ([1, 0, 1, 0], 4));
    // T01 10, C01 5 (a card, a contract, a contact), W01 4, T02 1.
    assert_eq!(m.place, Some((3, 4)));
    let kinds: Vec<(&str, i64)> = m.credits.iter().map(|c| (c.kind.as_str(), c.id)).collect();
    assert_eq!(kinds, [("closed", 4), ("referral", 3)], "newest first");
    assert!(
        m.cards.is_empty(),
        "W01 is the original referrer of no card"
    );
}

#[test]
fn the_list_updates_live_as_the_receivers_work() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    fx.go(Tab::Mine);
    let card = flag(&fx, "T01", ("王小明", "13800001111"), "wealth", "wmp");
    fx.act(Action::Tick);
    let status = |fx: &Fixture| {
        fx.app
            .mine
            .cards
            .iter()
            .map(|c| c.status)
            .collect::<Vec<_>>()
    };
    assert_eq!(status(&fx), [CardStatus::New]);
    run(&fx, "W01", |db, op| cards::accept_card(db, op, card.id));
    fx.act(Action::Tick);
    assert_eq!(status(&fx), [CardStatus::Accepted]);
    let n = &fx.app.mine.notices;
    assert_eq!(
        lobbydesk::i18n::notice(Lang::En, &n[0], "王芳", ""),
        format!("card #{} accepted by 王芳", card.id)
    );
    run(&fx, "W01", |db, op| {
        cards::record_outcome(db, op, card.id, &contract("wmp", 1_234_500), None, false)
    });
    fx.act(Action::Tick);
    assert_eq!(status(&fx), [CardStatus::Contracted]);
    assert_eq!(fx.app.mine.standing.as_ref().unwrap().points, 1 + 5);
    let screen = fx.screen(120, 40);
    assert!(screen.contains("¥12,345.00"), "{screen}");
    assert!(
        screen.contains("card #1 settled by 王芳: contracted"),
        "{screen}"
    );
    // Enter: the card's history, as on the other tabs.
    fx.act(Action::History);
    let (title, events) = fx.app.history.clone().expect("the card's history");
    assert!(title.contains("#1"), "{title}");
    assert!(events.len() >= 3, "{events:?}");
}

#[test]
fn clients_are_masked_and_the_notices_say_what_happened() {
    let mut fx = quarter();
    show(&mut fx, Span::Quarter);
    let screen = fx.screen(120, 40);
    assert!(screen.contains("王*明"), "{screen}");
    assert!(!screen.contains("王小明"), "{screen}");
    assert!(!screen.contains("13800001111"), "{screen}");
    let said: Vec<String> = fx
        .app
        .mine
        .notices
        .iter()
        .map(|n| lobbydesk::i18n::notice(Lang::Zh, n, &fx.app.staff_name(&n.by), ""))
        .collect();
    assert_eq!(
        said,
        [
            "#4 结果：已签约（王芳）",
            "#4 已被 王芳 接收",
            "#3 结果：已签约（陈刚）",
            "#3 已被 陈刚 接收",
            "#1 已被 王芳 接收",
        ],
        "newest first"
    );
}

/// The head sets T01 two targets for November (and W01 one).
fn set_targets(fx: &Fixture) {
    use lobbydesk::domain::target::{Measure, Period, Scope, Target, Whom};
    let month = Period::parse("2026-11").unwrap();
    run(fx, "H01", |db, op| {
        for (code, measure, scope, value) in [
            ("T01", Measure::Referrals, Scope::All, 4),
            ("T01", Measure::Amount, Scope::All, 50_000_000),
            ("W01", Measure::Contracts, Scope::Need("fund".into()), 3),
        ] {
            let t = Target {
                whom: Whom::Person(code.into()),
                measure,
                scope,
                period: month,
                value,
            };
            ops::targets::set_target(db, op, &t)?;
        }
        Ok(())
    });
}

#[test]
fn snapshots_of_the_mine_tab() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = quarter();
        fx.app.lang = lang;
        set_targets(&fx);
        fx.act(Action::Tick);
        show(&mut fx, Span::Quarter);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("mine_quarter_{}_{w}x{h}", fx.lang()),
                fx.screen(w, h)
            );
        }
        show(&mut fx, Span::Today);
        insta::assert_snapshot!(format!("mine_today_{}_80x24", fx.lang()), fx.screen(80, 24));
    }
}
