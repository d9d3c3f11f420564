//! The closing sweep at volume: it lists exactly what it listed when it read
//! every line's cards and every due prospect whole and filtered them by the
//! authority table, in the same order, for each kind of person.

mod support;

use chrono::{DateTime, Duration, Utc};
use lobbydesk::app::review::SweepItem;
use lobbydesk::app::sweep::SweepKey;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::domain::authority::{allowed, Act, Person, ProspectState, Target};
use lobbydesk::domain::card::{Card, CardStatus};
use lobbydesk::domain::followup::Stage;
use lobbydesk::i18n::Lang;
use lobbydesk::store::prospects::NewProspect;
use lobbydesk::store::{Store, StoreError};
use support::*;

fn branch() -> Vec<lobbydesk::store::staff::Staff> {
    vec![
        teller("T01", "王芳", 1),
        manager("L01", "陈静", "lobby"),
        manager("W01", "刘洋", "wealth"),
        manager("W02", "孙丽", "wealth"),
        manager("C01", "马超", "credit"),
        manager("H01", "周建国", "head"),
    ]
}

/// Today's cards of every status on both lines (and on a line the branch
/// does not run), received by several people, some at the same instant;
/// yesterday's open ones; prospects of several owners due yesterday, today
/// and tomorrow, some ended.
fn fill(store: &mut Store, midnight: DateTime<Utc>, now: DateTime<Utc>) {
    store
        .write(|db| -> Result<(), StoreError> {
            let receivers = [None, Some("W01"), Some("W02"), Some("C01"), Some("H01")];
            let mut n = 0;
            for line in ["wealth", "credit", "insurance"] {
                for status in CardStatus::ALL {
                    for receiver in receivers {
                        for created in [
                            now - Duration::minutes(n % 7),
                            midnight - Duration::hours(3),
                        ] {
                            n += 1;
                            let mobile = format!("139{n:08}");
                            let (client, _) =
                                db.find_or_add_client(Some("李新"), Some(&mobile), now)?;
                            let mut c =
                                Card::new(None, client, "T01", line, "fund", "", true, created);
                            c.status = status;
                            c.receiver = receiver.map(str::to_string);
                            c.accepted_at = receiver.map(|_| created);
                            db.insert_card(&c)?;
                        }
                    }
                }
            }
            let owners = ["W01", "W02", "C01", "L01", "H01", "T01"];
            for (i, owner) in owners.iter().enumerate() {
                for (j, days) in [-3i64, -1, -1, 0, 0, 1].iter().enumerate() {
                    let mobile = format!("137{i:02}{j:06}");
                    let (client, _) = db.find_or_add_client(Some("赵雷"), Some(&mobile), now)?;
                    let id = db.add_prospect(
                        &NewProspect {
                            client_id: client,
                            owner: owner.to_string(),
                            source_card: None,
                            line: Some("wealth".into()),
                            next_due: day() + Duration::days(*days),
                        },
                        now,
                    )?;
                    if j == 2 {
                        db.end_prospect(id, Stage::Won, None, None, None, "", now)?;
                    }
                }
            }
            Ok(())
        })
        .expect("the records");
}

/// The sweep as it was read before: every line's pane and every due
/// prospect whole, filtered by the authority table.
fn as_before(store: &Store, who: &Person, midnight: DateTime<Utc>) -> Vec<SweepItem> {
    let db = store.db();
    let mut items = Vec::new();
    for line in &lobbydesk::config::Catalog::shipped().lines {
        for v in db.line_cards(&line.code, midnight).unwrap() {
            let mine = [Act::SweepCardLater, Act::RecordOutcome]
                .into_iter()
                .any(|act| allowed(who, act, Target::Card(&v.card)).is_ok());
            if v.card.status.is_open() && v.card.created_at >= midnight && mine {
                items.push(SweepItem::Card(Box::new(v)));
            }
        }
    }
    for p in db.due_prospects(day()).unwrap() {
        let state = ProspectState {
            owner: &p.owner,
            stage: p.stage,
            consent: p.consent,
        };
        if allowed(who, Act::Reschedule, Target::Prospect(state)).is_ok() {
            items.push(SweepItem::Prospect(Box::new(p)));
        }
    }
    items
}

fn key(item: &SweepItem) -> SweepKey {
    match item {
        SweepItem::Card(v) => SweepKey::Card(v.card.id),
        SweepItem::Prospect(p) => SweepKey::Prospect(p.id),
    }
}

#[test]
fn the_sweep_lists_what_it_listed_before_for_everyone() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let midnight = fx.clock.start_of_today();
    fill(&mut fx.app.store, midnight, t0());
    for code in ["L01", "W01", "W02", "C01", "H01", "T01"] {
        fx.switch_to(code);
        let who = person_of(&fx.app.store, code);
        let before = as_before(&fx.app.store, &who, midnight);
        if code != "T01" {
            assert!(before.len() > 3, "{code} has things to settle");
        }
        fx.go(Tab::Review);
        fx.act(Action::Sweep);
        let (list, k) = fx.app.review.sweep.clone().expect("the sweep runs");
        assert_eq!(k, 0);
        let keys: Vec<SweepKey> = before.iter().map(key).collect();
        assert_eq!(list.keys(), keys.as_slice(), "{code}'s sweep");
        assert_eq!(list.len(), before.len(), "{code}'s count");
        // Each item, when shown, as it was read before.
        for (i, item) in before.iter().enumerate() {
            let (list, k) = fx.app.review.sweep.as_ref().unwrap();
            assert_eq!(*k, i);
            assert_eq!(list.get(i), Some(item), "{code}'s item {i}");
            fx.act(Action::Skip);
        }
        let (list, k) = fx.app.review.sweep.as_ref().unwrap();
        assert_eq!(*k, 0, "Skip past the last comes back to the first");
        assert_eq!(list.get(0), before.first());
        fx.act(Action::Up);
        assert_eq!(fx.app.review.sweep_item(), before.first());
        fx.act(Action::Form(Input::Cancel));
        assert!(fx.app.review.sweep.is_none());
    }
}

#[test]
fn after_a_sweep_step_the_list_is_read_again_in_place() {
    let mut fx = Fixture::new(Lang::En, "T01", &branch());
    let midnight = fx.clock.start_of_today();
    fill(&mut fx.app.store, midnight, t0());
    fx.switch_to("L01");
    let who = person_of(&fx.app.store, "L01");
    let before = as_before(&fx.app.store, &who, midnight);
    fx.go(Tab::Review);
    fx.act(Action::Sweep);
    fx.act(Action::Skip);
    // z on the second item: it goes on the follow-up list; the third moves up.
    let SweepItem::Card(second) = &before[1] else {
        panic!("the lobby manager's second item is a card");
    };
    fx.act(Action::Reschedule);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM cards WHERE id = ?1 AND status = 'follow_up'",
            args![second.card.id]
        ),
        1
    );
    let after = as_before(&fx.app.store, &who, midnight);
    assert_eq!(after.len(), before.len() - 1);
    let (list, k) = fx.app.review.sweep.clone().unwrap();
    assert_eq!(k, 1);
    let keys: Vec<SweepKey> = after.iter().map(key).collect();
    assert_eq!(list.keys(), keys.as_slice());
    assert_eq!(list.get(1), Some(&after[1]));
    assert!(
        fx.screen(80, 24).contains(&format!("2/{}", after.len())),
        "{}",
        fx.screen(80, 24)
    );
}
