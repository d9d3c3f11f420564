//! A line pane holding more cards than a window places them all off the
//! indexes but reads only the rows around the cursor, again as the cursor
//! moves, through cards arriving and closing at another desk. What it holds
//! equals the pane read whole; its title counts every card waiting.

mod support;

use chrono::Duration;
use lobbydesk::app::{Action, App};
use lobbydesk::domain::card::{Card, CardStatus};
use lobbydesk::domain::event::EventKind;
use lobbydesk::i18n::Lang;
use lobbydesk::store::{Store, StoreError};
use serde_json::json;

use support::*;

/// Cards saved at another desk on the wealth line, one event each: `n`
/// accepted by W01 (older), then `waiting` new ones; each card's id.
fn cards(store: &mut Store, from: i64, n: usize, waiting: usize) -> Vec<i64> {
    store
        .write(|db| -> Result<Vec<i64>, StoreError> {
            let mut ids = Vec::new();
            for k in 0..n + waiting {
                let mobile = format!("139{:08}", from + k as i64);
                let at = t0() - Duration::days(30) + Duration::minutes(from + k as i64);
                let (client, _) = db.find_or_add_client(Some("李新"), Some(&mobile), at)?;
                let mut card = Card::new(None, client, "T01", "wealth", "invest", "", true, at);
                if k < n {
                    card.status = CardStatus::Accepted;
                    card.receiver = Some("W01".into());
                    card.accepted_at = Some(at);
                }
                let saved = db.insert_card(&card)?;
                db.add_event(at, "T01", EventKind::CardAdd, Some(saved.id), json!({}))?;
                ids.push(saved.id);
            }
            Ok(ids)
        })
        .unwrap()
}

/// The wealth pane lists what the pane read whole lists, its rows read
/// are those of the whole read around the cursor, and it counts every card
/// waiting; how many it lists.
fn same_as_whole(app: &App, step: &str) -> usize {
    let pane = &app.lines[0];
    let whole = app
        .store
        .db()
        .line_cards("wealth", app.clock.start_of_today())
        .unwrap();
    assert_eq!(pane.len(), whole.len(), "{step}");
    let read = pane.first..pane.first + pane.cards.len();
    assert_eq!(pane.cards[..], whole[read.clone()], "{step}");
    let at = pane.cursor.at();
    assert!(
        read.contains(&at) || whole.is_empty(),
        "{step}: row {at} read"
    );
    let waiting = whole
        .iter()
        .filter(|v| v.card.status == CardStatus::New)
        .count();
    assert_eq!(pane.new_count(), waiting, "{step}: waiting");
    whole.len()
}

#[test]
fn a_long_pane_is_read_a_page_at_a_time() {
    let mut fx = Fixture::new(
        Lang::Zh,
        "W01",
        &[
            teller("T01", "张敏", 1),
            manager("W01", "王芳", "wealth"),
            manager("C01", "陈刚", "credit"),
        ],
    );
    let mut desk = open_store(&fx.dir);
    cards(&mut desk, 0, 230, 20);
    fx.advance(1);
    fx.act(Action::Tick);
    let total = same_as_whole(&fx.app, "first read");
    assert_eq!(total, 250);
    assert!(
        fx.app.lines[0].cards.len() < total,
        "a window, not the whole"
    );

    // Down the list and back up: each row read when the cursor is on it.
    fx.act(Action::GoTab(1));
    for i in 0..total - 1 {
        fx.act(Action::Down);
        assert_eq!(fx.app.lines[0].cursor.at(), i + 1);
        same_as_whole(&fx.app, &format!("down to {}", i + 1));
    }
    for _ in 0..total - 1 {
        fx.act(Action::Up);
    }
    same_as_whole(&fx.app, "back up");
    // The last row at once, with End; the first with Home.
    fx.act(Action::Bottom);
    assert_eq!(fx.app.lines[0].cursor.at(), total - 1);
    same_as_whole(&fx.app, "End");
    fx.act(Action::Top);
    same_as_whole(&fx.app, "Home");

    // At another desk, a new card and an accepted one older than all
    // arrive, and a card past the rows read closes.
    let beyond = {
        let pane = &fx.app.lines[0];
        let whole = fx
            .app
            .store
            .db()
            .line_cards("wealth", fx.app.clock.start_of_today())
            .unwrap();
        whole[pane.cards.len() + 5].card.clone()
    };
    let selected = fx.app.lines[0].selected_card().map(|c| c.id);
    let arrived = cards(&mut desk, -5000, 1, 1);
    desk.write(|db| -> Result<(), StoreError> {
        let mut closed = beyond.clone();
        closed.status = CardStatus::Declined;
        closed.outcome_at = Some(t0() - Duration::days(1));
        db.update_card(&beyond, &closed)?;
        db.add_event(
            t0(),
            "W01",
            EventKind::CardOutcome,
            Some(beyond.id),
            json!({}),
        )?;
        Ok(())
    })
    .unwrap();
    fx.advance(1);
    fx.act(Action::Tick);
    // Two arrived, one closed.
    assert_eq!(same_as_whole(&fx.app, "arrived and closed"), total + 1);
    let pane = &fx.app.lines[0];
    assert!(pane.fresh.contains(&arrived[1]), "the new card arrived");
    assert!(pane.fresh.contains(&arrived[0]), "the accepted one too");
    assert!(!pane.fresh.contains(&beyond.id));
    // The selected card still waits for this person: the selection stays.
    assert_eq!(pane.selected_card().map(|c| c.id), selected);
}
