//! The referral card's operations (`ops::cards`) called directly, as the
//! screens, the command line and the sweep call them, on one real SQLite
//! file: who may do what to a card, what a refusal leaves behind (nothing),
//! and what the closing sweep may and may not do on a line's behalf.

mod support;

use lobbydesk::args;
use std::sync::{Arc, Barrier};

use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::domain::authority::Denial;
use lobbydesk::domain::card::{Card, CardStatus, Outcome};
use lobbydesk::i18n::Lang;
use lobbydesk::ops::cards::{self, NewCard};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::store::staff::Staff;
use lobbydesk::store::{Db, Store};

use support::*;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

/// Run one operation as `code`, at the fixture's clock, in one transaction
/// on a connection of its own.
fn run<T>(
    fx: &Fixture,
    code: &str,
    f: impl FnOnce(&Db, &Op) -> Result<T, OpError>,
) -> Result<T, OpError> {
    let mut store = open_store(&fx.dir);
    as_person(&mut store, &fx.clock, code, f)
}

fn as_person<T>(
    store: &mut Store,
    clock: &Clock,
    code: &str,
    f: impl FnOnce(&Db, &Op) -> Result<T, OpError>,
) -> Result<T, OpError> {
    let catalog = Catalog::shipped();
    let staff = store.db().staff(code).unwrap().expect("on the roster");
    let who = ops::person(&staff, &catalog);
    let op = Op {
        who: &who,
        now: clock.now(),
        day: clock.today(),
        catalog: &catalog,
    };
    store.write(|db| f(db, &op))
}

/// T01's walk-in and a wealth card for it, through the operations.
fn wealth_card(fx: &mut Fixture, name: &str, mobile: &str) -> Card {
    let number = fx.walkin('A', '1', name, mobile);
    let ticket = fx.ticket(&number).id;
    let input = NewCard {
        ticket,
        need: "wmp".into(),
        line: "wealth".into(),
        consent: true,
        note: "想买稳健理财".into(),
        name: None,
        mobile: None,
    };
    run(fx, "T01", |db, op| cards::flag_card(db, op, &input)).expect("the teller flags a card")
}

fn stored(fx: &Fixture, id: i64) -> Card {
    fx.app.store.db().card(id).unwrap().expect("the card")
}

fn contract() -> Outcome {
    Outcome::Contracted {
        product: "wmp".into(),
        amount_cents: 5_000_000,
    }
}

#[test]
fn the_teller_flags_a_card_and_its_events_hold_no_free_text() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let events = fx.event_count();
    let c = wealth_card(&mut fx, "王小明", "13812345678");
    assert_eq!((c.status, c.referrer.as_str()), (CardStatus::New, "T01"));
    let kinds: Vec<String> = fx.events_after(events).into_iter().map(|e| e.0).collect();
    assert_eq!(
        kinds,
        [
            "client.add",
            "ticket.add",
            "client.consent",
            "card.add",
            "notice.send"
        ],
        "the walk-in, then the card"
    );
    let details: String = raw(&fx.dir)
        .query_row(
            "SELECT details FROM events WHERE kind = 'card.add'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!details.contains("想买"), "no note in the event: {details}");
    assert!(!details.contains("王小明") && !details.contains("138"));

    // A second open card on the line is refused, and nothing is written.
    let before = fx.db_state();
    let ticket = c.ticket_id.unwrap();
    let again = NewCard {
        ticket,
        need: "fund".into(),
        line: "wealth".into(),
        consent: true,
        note: "还想要基金".into(),
        name: None,
        mobile: None,
    };
    let e = run(&fx, "T01", |db, op| cards::flag_card(db, op, &again)).unwrap_err();
    assert!(matches!(e, OpError::Card(_)), "{e:?}");
    assert_eq!(fx.db_state(), before);

    // A line's manager does not serve the queue.
    let e = run(&fx, "W01", |db, op| cards::flag_card(db, op, &again)).unwrap_err();
    assert!(matches!(e, OpError::Denied(Denial::NotServing)), "{e:?}");
    assert_eq!(fx.db_state(), before);
}

#[test]
fn the_lobby_manager_cannot_record_a_contract_on_a_card_nobody_accepted() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let c = wealth_card(&mut fx, "王小明", "13812345678");
    let before = fx.db_state();
    for code in ["LOBBY", "T01"] {
        let e = run(&fx, code, |db, op| {
            cards::record_outcome(db, op, c.id, &contract(), None, false)
        })
        .unwrap_err();
        assert!(
            matches!(&e, OpError::Denied(Denial::NotLine(l)) if l == "wealth"),
            "{code}: {e:?}"
        );
        assert_eq!(fx.db_state(), before, "{code}: nothing written");
    }
    // Nor may the line's own manager before accepting it.
    let e = run(&fx, "W01", |db, op| {
        cards::record_outcome(db, op, c.id, &contract(), None, false)
    })
    .unwrap_err();
    assert!(matches!(e, OpError::Denied(Denial::NotAccepted)), "{e:?}");
    assert_eq!(fx.db_state(), before);
    assert_eq!(stored(&fx, c.id), c);
}

#[test]
fn a_teller_cannot_accept_and_the_receiver_records_the_outcome() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let c = wealth_card(&mut fx, "王小明", "13812345678");
    let before = fx.db_state();
    let e = run(&fx, "T01", |db, op| cards::accept_card(db, op, c.id)).unwrap_err();
    assert!(matches!(e, OpError::Denied(Denial::NotLine(_))), "{e:?}");
    assert_eq!(fx.db_state(), before, "a refused op writes nothing");

    let events = fx.event_count();
    let a = run(&fx, "W01", |db, op| cards::accept_card(db, op, c.id)).unwrap();
    assert_eq!(
        (a.status, a.receiver.as_deref()),
        (CardStatus::Accepted, Some("W01"))
    );
    let declined = Outcome::Declined {
        objection: "no_need".into(),
    };
    let r = run(&fx, "W01", |db, op| {
        cards::record_outcome(db, op, c.id, &declined, Some("已有产品".into()), true)
    })
    .unwrap();
    assert_eq!(r.card.status, CardStatus::Declined);
    assert!(r.kept && r.prospect.is_some());
    let kinds: Vec<String> = fx.events_after(events).into_iter().map(|e| e.0).collect();
    assert_eq!(
        kinds,
        [
            "card.accept",
            "notice.send",
            "card.outcome",
            "notice.send",
            "prospect.add"
        ]
    );
    let owner: String = raw(&fx.dir)
        .query_row(
            "SELECT owner FROM prospects WHERE source_card = ?1",
            [c.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(owner, "W01");
}

#[test]
fn two_managers_racing_to_accept_one_wins() {
    let mut staff = branch();
    staff.push(manager("W02", "刘洋", "wealth"));
    let mut fx = Fixture::new(Lang::En, "T01", &staff);
    let c = wealth_card(&mut fx, "王小明", "13812345678");
    let events = fx.event_count();
    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = ["W01", "W02"]
        .into_iter()
        .map(|code| {
            let (clock, barrier) = (fx.clock.clone(), barrier.clone());
            let mut store = open_store(&fx.dir);
            std::thread::spawn(move || {
                barrier.wait();
                let r = as_person(&mut store, &clock, code, |db, op| {
                    cards::accept_card(db, op, c.id)
                });
                (code, r.map_err(|e| format!("{e:?}")))
            })
        })
        .collect();
    let results: Vec<_> = racers.into_iter().map(|t| t.join().unwrap()).collect();
    let winners: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(code, _)| *code)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    let loser = results.iter().find(|(_, r)| r.is_err()).unwrap();
    assert!(
        loser.1.as_ref().unwrap_err().contains("AlreadyAccepted")
            || loser.1.as_ref().unwrap_err().contains("Changed"),
        "{loser:?}"
    );
    assert_eq!(stored(&fx, c.id).receiver.as_deref(), Some(winners[0]));
    assert_eq!(
        fx.events_after(events)
            .iter()
            .filter(|e| e.0 == "card.accept")
            .count(),
        1
    );
}

#[test]
fn the_sweep_moves_a_card_nobody_accepted_to_the_lines_follow_up() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let c = wealth_card(&mut fx, "王小明", "13812345678");
    fx.advance(8 * 60);

    // A teller may not sweep; refused, nothing written.
    let before = fx.db_state();
    let e = run(&fx, "T01", |db, op| cards::sweep_card(db, op, c.id, false)).unwrap_err();
    assert!(matches!(e, OpError::Denied(_)), "{e:?}");
    assert_eq!(fx.db_state(), before);

    let events = fx.event_count();
    let s = run(&fx, "LOBBY", |db, op| {
        cards::sweep_card(db, op, c.id, false)
    })
    .unwrap();
    assert_eq!(
        (s.card.status, s.card.receiver.as_deref()),
        (CardStatus::FollowUp, None)
    );
    assert_eq!((s.card.product.as_ref(), s.card.amount_cents), (None, None));
    // The wealth line's only manager follows it up.
    assert_eq!(s.owner, "W01");
    let (owner, stage, line): (String, String, String) = raw(&fx.dir)
        .query_row(
            "SELECT owner, stage, line FROM prospects WHERE source_card = ?1",
            [c.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (owner.as_str(), stage.as_str(), line.as_str()),
        ("W01", "open", "wealth")
    );
    let written = fx.events_after(events);
    let kinds: Vec<&str> = written.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(kinds, ["card.outcome", "notice.send", "prospect.add"]);
    assert!(written.iter().all(|e| e.1 == "LOBBY"), "{written:?}");

    // Swept once: a second sweep of the same card is refused.
    let before = fx.db_state();
    let e = run(&fx, "LOBBY", |db, op| cards::sweep_card(db, op, c.id, true)).unwrap_err();
    assert!(matches!(e, OpError::Denied(Denial::Card(_))), "{e:?}");
    assert_eq!(fx.db_state(), before);
}

#[test]
fn the_sweep_hands_a_card_back_to_the_head_and_never_records_an_outcome() {
    let mut staff = branch();
    staff.push(manager("W02", "刘洋", "wealth"));
    let mut fx = Fixture::new(Lang::En, "T01", &staff);
    let c = wealth_card(&mut fx, "王小明", "13812345678");
    let s = run(&fx, "LOBBY", |db, op| cards::sweep_card(db, op, c.id, true)).unwrap();
    // Two wealth managers: the head gives it out.
    assert_eq!(s.owner, "H01");
    let stage: String = raw(&fx.dir)
        .query_row(
            "SELECT stage FROM prospects WHERE source_card = ?1",
            [c.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stage, "handed_back");
    assert_eq!(stored(&fx, c.id).status, CardStatus::FollowUp);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM cards WHERE status IN ('contracted', 'declined')",
            args![]
        ),
        0
    );
}
