//! A line pane holding more cards than a page reads its first rows only,
//! reads further as the cursor nears their end, and keeps what it holds
//! equal to the start of the pane read whole through cards arriving and
//! closing at another desk. Its title counts every card waiting.

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

/// The wealth pane holds the start of the pane read whole, and counts
/// every card waiting.
fn holds_the_start(app: &App, step: &str) -> usize {
    let pane = &app.lines[0];
    let whole = app
        .store
        .db()
        .line_cards("wealth", app.clock.start_of_today(), usize::MAX)
        .unwrap();
    assert!(!pane.cards.is_empty(), "{step}: rows read");
    assert_eq!(pane.cards[..], whole[..pane.cards.len()], "{step}");
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
    let total = holds_the_start(&fx.app, "first read");
    assert_eq!(total, 250);
    assert!(fx.app.lines[0].cards.len() < total, "a page, not the whole");

    // Down the list: read further before the cursor reaches the end.
    fx.act(Action::GoTab(1));
    for i in 0..total - 1 {
        fx.act(Action::Down);
        let pane = &fx.app.lines[0];
        assert_eq!(pane.cursor.at(), i + 1);
        assert!(pane.selected_card().is_some(), "row {} read", i + 1);
    }
    assert_eq!(
        holds_the_start(&fx.app, "walked down"),
        fx.app.lines[0].cards.len()
    );

    // Another desk's process: the last row at once, with End.
    let mut other = fx.app_as("W01");
    other.lines[0].cursor = Default::default();
    std::mem::swap(&mut fx.app, &mut other);
    fx.act(Action::GoTab(1));
    fx.act(Action::Bottom);
    assert_eq!(fx.app.lines[0].cursor.at(), total - 1);
    assert_eq!(holds_the_start(&fx.app, "End"), fx.app.lines[0].cards.len());
    std::mem::swap(&mut fx.app, &mut other);

    // A fresh start reads a page again; a card arrives at another desk and
    // one past the rows read closes: the rows read stay the start of the pane.
    let mut fresh = fx.app_as("W01");
    std::mem::swap(&mut fx.app, &mut fresh);
    let read = fx.app.lines[0].cards.len();
    assert!(read < total);
    // An accepted card older than all (it sorts past the rows read) and a
    // new one.
    let arrived = cards(&mut desk, -5000, 1, 1);
    let last = fx.app.lines[0].cards.last().unwrap().card.clone();
    let beyond = other.lines[0].cards[read + 5].card.clone();
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
    assert_eq!(holds_the_start(&fx.app, "arrived and closed"), total + 1);
    let pane = &fx.app.lines[0];
    assert_eq!(pane.cards.last().map(|v| v.card.id), Some(last.id));
    assert!(pane.cards.iter().all(|v| v.card.id != beyond.id));
    assert!(pane.cards.iter().any(|v| v.card.id == arrived[1]));
    assert!(pane.cards.iter().all(|v| v.card.id != arrived[0]));
    assert!(pane.fresh.contains(&arrived[1]), "the new card arrived");
    assert_eq!(pane.fresh.len(), 1, "only the new card is an arrival");
}
