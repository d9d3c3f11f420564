//! Client search at scale: names found through the index of characters and
//! pairs (two-character names included), mobiles by their last four digits or
//! whole, most recent visitors first; visit counts and the index kept in step
//! with every write (visits, renames, a ticket given to a client, a purge,
//! an upgrade); and the Clients tab searching again only when a shown client
//! (or one the search now finds) changed.

#[path = "../support/mod.rs"]
mod support;

use chrono::{Duration, TimeZone, Utc};
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::domain::search::{client_query, name_grams, ClientQuery};
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::tickets::check_walkin;
use lobbydesk::store::tickets::NewTicket;
use lobbydesk::store::Store;
use support::*;
use tempfile::TempDir;

fn names(found: &[lobbydesk::store::clients::Found]) -> Vec<String> {
    found
        .iter()
        .map(|f| f.client.name.clone().unwrap_or_default())
        .collect()
}

fn search(store: &Store, q: &str) -> Vec<String> {
    names(&store.db().search_clients(q, 200).unwrap())
}

/// A prospect's place in the Follow-ups list: section, due date, when it
/// ended (the latest first), id.
type Listed = (
    lobbydesk::domain::followup::Bucket,
    Option<String>,
    std::cmp::Reverse<Option<i64>>,
    i64,
);

/// Walk the Follow-ups list from the top down and from the bottom up, row by
/// row: every prospect once, in `expected`'s order, both ways; Top and
/// Bottom select the first and the last.
fn walk_both_ways(fx: &mut Fixture, expected: &[i64]) {
    assert_eq!(fx.app.followups.len(), expected.len());
    fx.act(Action::Top);
    let mut walked = Vec::new();
    for _ in 0..expected.len() {
        walked.extend(fx.app.followups.selected_prospect().map(|p| p.id));
        fx.act(Action::Down);
    }
    assert_eq!(
        walked, expected,
        "row by row, every prospect once, in order"
    );
    fx.act(Action::Top);
    assert_eq!(
        fx.app.followups.selected_prospect().map(|p| p.id),
        expected.first().copied()
    );
    fx.act(Action::Bottom);
    assert_eq!(
        fx.app.followups.selected_prospect().map(|p| p.id),
        expected.last().copied()
    );
    // The rows read at the bottom are the list's last ones, in order.
    let f = &fx.app.followups;
    let n = expected.len().min(5);
    let tail: Vec<i64> = f
        .shown(f.len() - n..f.len())
        .iter()
        .map(|(_, p)| p.id)
        .collect();
    assert_eq!(tail, expected[expected.len() - n..]);
    // Up from the bottom: each part's end read backwards, in order.
    let mut walked = Vec::new();
    for _ in 0..expected.len() {
        walked.extend(fx.app.followups.selected_prospect().map(|p| p.id));
        fx.act(Action::Up);
    }
    walked.reverse();
    assert_eq!(walked, expected, "row by row upwards, every prospect once");
}

mod finding;
