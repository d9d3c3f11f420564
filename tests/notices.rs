//! Notices (提醒) between people on one database file, each running their
//! own desk: a new card tells its receivers once, the referrer is told once
//! when it is accepted and again when it is settled, the lobby managers once
//! of a card left waiting while its client is still in the lobby, and a
//! person who was away hears what they missed at their next sign-in, once.
//! The trail of notices names no client.

mod support;

use lobbydesk::app::{Action, App, Tab};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::domain::card::{Card, Outcome};
use lobbydesk::domain::ticket::Step;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::cards::{self, NewCard};
use lobbydesk::ops::pairs;
use lobbydesk::ops::tickets::{self, check_walkin, TicketTarget};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Db;

use support::*;

const CLIENT: (&str, &str) = ("王小明", "13800001111");

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("L01", "赵丽", "lobby"),
        manager("L02", "钱进", "lobby"),
        manager("W01", "王芳", "wealth"),
        manager("W02", "刘洋", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

/// Run operations as `code`, now, on a connection of its own (another
/// person's desk, or a command).
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

/// T01 registers a walk-in (a client of their own for each card number
/// `n`) and flags a wealth card for it.
fn flag_for(fx: &Fixture, n: u32) -> Card {
    let (name, mobile) = match n {
        0 => CLIENT,
        1 => ("李四", "13800002222"),
        _ => ("赵六", "13800003333"),
    };
    run(fx, "T01", |db, op| {
        let w = check_walkin(op.catalog, Lang::En, "A", "normal", name, mobile).unwrap();
        let ticket = tickets::register_walkin(db, op, &w)?;
        let card = NewCard {
            ticket: ticket.id,
            need: "wmp".into(),
            line: "wealth".into(),
            consent: true,
            note: "想了解理财".into(),
            name: None,
            mobile: None,
        };
        cards::flag_card(db, op, &card)
    })
}

fn flag(fx: &Fixture) -> Card {
    flag_for(fx, 0)
}

/// How many notices of `kind` about card `id` were written, and how many
/// `notice.send` events say so.
fn told(fx: &Fixture, kind: &str, id: i64) -> (i64, i64) {
    let rows = fx.sql_i64(
        "SELECT count(*) FROM notices WHERE kind = ?1 AND record = 'card' AND record_id = ?2",
        args![kind, id],
    );
    let events = fx.sql_i64(
        "SELECT count(*) FROM events WHERE kind = 'notice.send'
          AND json_extract(details, '$.kind') = ?1
          AND json_extract(details, '$.record') = 'card'
          AND json_extract(details, '$.record_id') = ?2",
        args![kind, id],
    );
    (rows, events)
}

/// Whom the notice of `kind` about card `id` is for: `to:CODE` or `role:ROLE`.
fn whom(fx: &Fixture, kind: &str, id: i64) -> Vec<String> {
    rows(
        &raw(&fx.dir),
        &format!(
            "SELECT coalesce('to:' || to_staff, 'role:' || to_role) FROM notices
              WHERE kind = '{kind}' AND record = 'card' AND record_id = {id} ORDER BY id"
        ),
    )
}

fn flash(app: &App) -> String {
    app.flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

/// Tick a desk that is not the fixture's own.
fn tick(app: &mut App) {
    app.update(Action::Tick);
}

#[test]
fn a_new_card_tells_the_line_or_the_paired_manager_once() {
    let mut fx = Fixture::new(Lang::Zh, "W01", &branch());
    let mut w02 = fx.app_as("W02");
    fx.act(Action::Tick);
    tick(&mut w02);
    assert!(!fx.app.take_bell() && !w02.take_bell(), "nothing yet");

    let one = flag(&fx);
    assert_eq!(told(&fx, "card.landed", one.id), (1, 1));
    assert_eq!(whom(&fx, "card.landed", one.id), ["Text(\"role:wealth\")"]);
    for app in [&mut fx.app, &mut w02] {
        tick(app);
        assert!(app.take_bell(), "the receiving desk rings");
        assert!(!app.take_bell(), "once");
        assert_eq!(flash(app), "#1 新转介，来自 张敏");
        // The line's tab counts its new cards itself: no extra mark.
        assert!(app.inbox.marks.is_empty(), "{:?}", app.inbox.marks);
        for _ in 0..3 {
            tick(app);
        }
        assert!(!app.take_bell(), "ticks ring no more");
    }
    fx.advance(2);
    tick(&mut w02);
    assert_eq!(told(&fx, "card.landed", one.id), (1, 1), "told once");

    // Paired with W02: the card lands for W02 alone.
    run(&fx, "H01", |db, op| {
        pairs::set_pair(db, op, "T01", "wealth", "W02")
    });
    let two = flag_for(&fx, 1);
    assert_eq!(told(&fx, "card.landed", two.id), (1, 1));
    assert_eq!(whom(&fx, "card.landed", two.id), ["Text(\"to:W02\")"]);
    tick(&mut w02);
    assert!(w02.take_bell());
    assert!(!w02.take_bell());
    assert_eq!(flash(&w02), format!("#{} 新转介，来自 张敏", two.id));
    fx.act(Action::Tick);
    assert!(!fx.app.take_bell(), "W01 is not told of W02's card");
    assert_ne!(flash(&fx.app), format!("#{} 新转介，来自 张敏", two.id));
}

#[test]
fn the_referrer_is_told_of_the_accept_and_the_outcome_once_each() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    assert_eq!(fx.app.tab, Tab::Lobby);
    let card = flag(&fx);
    fx.act(Action::Tick);
    assert!(
        !fx.app.take_bell(),
        "the referrer is not told of their own card"
    );

    fx.advance(3);
    run(&fx, "W01", |db, op| cards::accept_card(db, op, card.id));
    fx.act(Action::Tick);
    assert_eq!(told(&fx, "card.accepted", card.id), (1, 1));
    assert_eq!(whom(&fx, "card.accepted", card.id), ["Text(\"to:T01\")"]);
    assert!(fx.app.take_bell());
    assert!(!fx.app.take_bell());
    assert_eq!(flash(&fx.app), "card #1 accepted by 王芳");
    assert!(fx.app.inbox.marks.contains(&Tab::Mine));
    assert!(fx.screen(120, 40).contains("Mine•"), "the tab is marked");

    fx.advance(10);
    let outcome = Outcome::Contracted {
        product: "wmp".into(),
        amount_cents: 1_000_000,
    };
    run(&fx, "W01", |db, op| {
        cards::record_outcome(db, op, card.id, &outcome, None, false)
    });
    fx.act(Action::Tick);
    fx.act(Action::Tick);
    assert_eq!(told(&fx, "card.settled", card.id), (1, 1));
    assert_eq!(told(&fx, "card.accepted", card.id), (1, 1));
    assert!(fx.app.take_bell());
    assert!(!fx.app.take_bell());
    assert_eq!(flash(&fx.app), "card #1 settled by 王芳: contracted");
    assert!(fx.app.inbox.marks.contains(&Tab::Mine));

    fx.go(Tab::Mine);
    assert!(fx.app.inbox.marks.is_empty(), "looked at: the mark goes");
    assert!(!fx.screen(120, 40).contains("Mine•"));
    fx.go(Tab::Lobby);
    fx.advance(5);
    assert!(fx.app.inbox.marks.is_empty(), "and does not come back");
    assert!(!fx.app.take_bell());
}

/// Finish a ticket at T01's counter (call, start, finish).
fn finish(fx: &Fixture, ticket: i64) {
    for step in [
        Step::Call {
            counter: 1,
            teller: Some("T01".into()),
        },
        Step::Start,
        Step::Finish,
    ] {
        run(fx, "T01", |db, op| {
            tickets::step(db, op, TicketTarget::Ticket(ticket), &step)
        });
    }
}

#[test]
fn a_card_left_waiting_tells_the_lobby_managers_once() {
    let mut fx = Fixture::new(Lang::Zh, "L01", &branch());
    let mut l02 = fx.app_as("L02");
    let mut t01 = fx.app_as("T01");
    // L01 looks at another tab, so the lobby's mark shows.
    fx.go(Tab::Review);
    let card = flag(&fx);
    let wait = Catalog::shipped().thresholds.card_wait_minutes;
    fx.advance(wait - 1);
    tick(&mut l02);
    tick(&mut t01);
    assert_eq!(told(&fx, "card.waiting", card.id), (0, 0), "not yet");

    // Past the threshold, the client's ticket still open: every desk
    // notices, the card is told of once.
    fx.advance(2);
    tick(&mut l02);
    tick(&mut t01);
    for _ in 0..3 {
        fx.advance(1);
        tick(&mut l02);
        tick(&mut t01);
    }
    assert_eq!(told(&fx, "card.waiting", card.id), (1, 1));
    assert_eq!(whom(&fx, "card.waiting", card.id), ["Text(\"role:lobby\")"]);
    let said = format!("#{} 待接收，客户仍在大堂", card.id);
    for app in [&mut fx.app, &mut l02] {
        assert!(app.take_bell(), "the lobby managers' desks ring");
        assert!(!app.take_bell());
        let text = ops::notices::recent(&app.store.db(), &app.person, 5).unwrap();
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(
            flash(app) == said || app.inbox.marks.contains(&Tab::Lobby),
            "{}",
            flash(app)
        );
    }
    assert_eq!(flash(&fx.app), said);
    assert!(
        fx.app.inbox.marks.contains(&Tab::Lobby),
        "the lobby is marked"
    );
    assert!(!t01.take_bell(), "a teller is not a lobby manager");
    fx.go(Tab::Lobby);
    assert!(!fx.app.inbox.marks.contains(&Tab::Lobby));

    // A card whose client left long ago: nobody is told.
    let late = flag_for(&fx, 1);
    fx.advance(1);
    finish(&fx, late.ticket_id.expect("a card of a ticket"));
    fx.advance(3 * wait);
    tick(&mut l02);
    tick(&mut t01);
    fx.advance(1);
    assert_eq!(told(&fx, "card.waiting", late.id), (0, 0));
    assert!(!fx.app.take_bell() && !l02.take_bell());
    assert_eq!(told(&fx, "card.waiting", card.id), (1, 1));
}

#[test]
fn a_person_who_was_away_hears_what_they_missed_once() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = Fixture::new(lang, "W01", &branch());
        let card = flag(&fx);
        fx.advance(2);
        run(&fx, "W01", |db, op| cards::accept_card(db, op, card.id));
        fx.advance(5);
        let outcome = Outcome::Declined {
            objection: "no_need".into(),
        };
        run(&fx, "W01", |db, op| {
            cards::record_outcome(db, op, card.id, &outcome, None, false)
        });
        // T01 was not running lobbydesk: two notices wait.
        assert_eq!(
            fx.sql_i64(
                "SELECT count(*) FROM notices WHERE to_staff = 'T01'",
                args![]
            ),
            2
        );
        let t01 = fx.app_as("T01");
        let want = match lang {
            Lang::Zh => "您不在时有 2 条提醒，最新：#1 结果：已拒绝（王芳）",
            Lang::En => {
                "2 notices while you were away; the latest: card #1 settled by 王芳: declined"
            }
        };
        assert_eq!(flash(&t01), want);
        assert!(t01.inbox.marks.contains(&Tab::Mine));
        let seen = fx.sql_i64(
            "SELECT last_id FROM notice_seen WHERE staff = 'T01'",
            args![],
        );
        let newest = fx.sql_i64(
            "SELECT max(id) FROM notices WHERE to_staff = 'T01'",
            args![],
        );
        assert_eq!(seen, newest, "marked seen");
        drop(t01);
        let again = fx.app_as("T01");
        assert_eq!(flash(&again), "", "a second sign-in says nothing");
        assert!(again.inbox.marks.is_empty());
    }
}

#[test]
fn the_trail_of_notices_names_no_client() {
    let mut fx = Fixture::new(Lang::Zh, "L01", &branch());
    run(&fx, "H01", |db, op| {
        pairs::set_pair(db, op, "T01", "wealth", "W02")
    });
    let card = flag(&fx);
    fx.advance(Catalog::shipped().thresholds.card_wait_minutes + 1);
    run(&fx, "W02", |db, op| cards::accept_card(db, op, card.id));
    let outcome = Outcome::Contracted {
        product: "wmp".into(),
        amount_cents: 2_000_000,
    };
    run(&fx, "W02", |db, op| {
        cards::record_outcome(db, op, card.id, &outcome, None, false)
    });
    fx.act(Action::Tick);
    let details = rows(
        &raw(&fx.dir),
        "SELECT details FROM events WHERE kind = 'notice.send' ORDER BY id",
    );
    assert_eq!(
        details.len(),
        4,
        "landed, waiting, accepted, settled: {details:?}"
    );
    let notices = rows(&raw(&fx.dir), "SELECT * FROM notices");
    for text in details.iter().chain(&notices) {
        for secret in [CLIENT.0, CLIENT.1, "王*明", "1111", "理财"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
