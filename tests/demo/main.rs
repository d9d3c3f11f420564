//! The demo branch on a real SQLite file: roster, a morning in progress, history.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::demo::{self, HistoryOptions};
use lobbydesk::domain::card::CardStatus;
use lobbydesk::domain::followup::{self, Bucket, Rules, Stage};
use lobbydesk::domain::ticket::{ticket_number, Status};
use lobbydesk::domain::validate;
use lobbydesk::store::cards::CardView;
use lobbydesk::store::prospects::Filter;
use lobbydesk::store::Store;
use rusqlite::Connection;

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// Local Beijing time on 2026-11-23 (a Monday).
fn monday_at(hour: u32, min: u32) -> DateTime<Utc> {
    beijing()
        .with_ymd_and_hms(2026, 11, 23, hour, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("demo.db")).unwrap();
    (dir, store)
}

/// The demo's roster and its morning at `at`, on a new file.
fn morning_at(at: DateTime<Utc>) -> (tempfile::TempDir, Store, Clock) {
    let (dir, mut store) = fresh();
    let clock = Clock::fixed(at, beijing());
    demo::seed_roster(&mut store, at).unwrap();
    demo::morning(&mut store, &clock, &Catalog::shipped()).unwrap();
    (dir, store, clock)
}

fn sql(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn count(conn: &Connection, query: &str) -> i64 {
    conn.query_row(query, [], |r| r.get(0)).unwrap()
}

// ---------------------------------------------------------------------------
// Referral cards and the follow-up list.

fn rules(catalog: &Catalog) -> Rules {
    Rules {
        cadence_days: catalog.followup.cadence_days.clone(),
        alert_days: catalog.followup.overdue_alert_days,
        escalate_days: catalog.followup.escalate_days,
    }
}

/// Every `card.contracted` event credits the original referrer of its chain.
fn assert_credits_go_to_the_root(conn: &Connection) {
    let wrong = count(
        conn,
        "SELECT count(*) FROM events e
         JOIN cards k ON k.id = e.record_id JOIN cards r ON r.id = k.root_id
         WHERE e.kind = 'card.contracted'
           AND json_extract(e.details, '$.credited') IS NOT r.referrer",
    );
    assert_eq!(
        wrong, 0,
        "card.contracted credits the chain's root referrer"
    );
}

/// Each card, prospect and contact has the event the application writes.
fn assert_events_of_records(conn: &Connection) {
    let pairs = [
        ("cards", "card.add"),
        ("prospects", "prospect.add"),
        ("contacts", "prospect.contact"),
    ];
    for (table, kind) in pairs {
        let rows = count(conn, &format!("SELECT count(*) FROM {table}"));
        let events = count(
            conn,
            &format!("SELECT count(*) FROM events WHERE kind = '{kind}'"),
        );
        assert_eq!(rows, events, "{table}: one {kind} each");
    }
    let missing = count(
        conn,
        "SELECT count(*) FROM cards k WHERE NOT EXISTS (SELECT 1 FROM events e
         WHERE e.record = 'card' AND e.record_id = k.id AND e.kind = 'card.add')",
    );
    assert_eq!(missing, 0);
    let accepted = count(
        conn,
        "SELECT count(*) FROM cards WHERE receiver IS NOT NULL",
    );
    let accepts = count(
        conn,
        "SELECT count(*) FROM events WHERE kind = 'card.accept'",
    );
    assert_eq!(accepted, accepts, "every receiver accepted with an event");
    let logged = count(conn, "SELECT coalesce(sum(contacts), 0) FROM prospects");
    assert_eq!(logged, count(conn, "SELECT count(*) FROM contacts"));
    let ended = count(conn, "SELECT count(*) FROM prospects WHERE stage != 'open'");
    let ends = count(
        conn,
        "SELECT count(DISTINCT record_id) FROM events
         WHERE kind IN ('prospect.won', 'prospect.lost', 'prospect.hand_back')",
    );
    assert!(ends >= ended, "every ended prospect has its event");
    // The log reads in time order (the roster is put when the demo is made).
    let backwards = count(
        conn,
        "SELECT count(*) FROM (SELECT at, lag(at) OVER (ORDER BY id) AS before
         FROM events WHERE record != 'staff') WHERE at < before",
    );
    assert_eq!(backwards, 0, "events are written in time order");
}

/// The duplicate rule and the follow-up rules hold for every client.
fn assert_no_duplicates_and_consent(conn: &Connection) {
    let double_cards = count(
        conn,
        "SELECT count(*) FROM (SELECT client_id, line FROM cards
         WHERE status IN ('new', 'accepted', 'intent') GROUP BY 1, 2 HAVING count(*) > 1)",
    );
    assert_eq!(
        double_cards, 0,
        "never two open cards on a line for a client"
    );
    let double_prospects = count(
        conn,
        "SELECT count(*) FROM (SELECT client_id, line FROM prospects
         WHERE stage = 'open' GROUP BY 1, 2 HAVING count(*) > 1)",
    );
    assert_eq!(double_prospects, 0, "never two open prospects on a line");
    let unconsented = count(
        conn,
        "SELECT count(*) FROM contacts k JOIN prospects p ON p.id = k.prospect_id
         JOIN clients c ON c.id = p.client_id WHERE c.consent = 0",
    );
    assert_eq!(unconsented, 0, "only consenting clients are contacted");
    let incomplete = count(
        conn,
        "SELECT count(*) FROM prospects p JOIN clients c ON c.id = p.client_id
         WHERE p.stage = 'open' AND (c.mobile IS NULL OR c.name IS NULL OR p.next_due IS NULL
            OR p.owner NOT IN (SELECT code FROM staff))",
    );
    assert_eq!(
        incomplete, 0,
        "open prospects: name, mobile, owner and a due date"
    );
    let chains = count(
        conn,
        "SELECT count(*) FROM cards k JOIN cards p ON p.id = k.parent_id
         WHERE k.root_id IS NOT p.root_id OR k.referrer != p.referrer OR k.line = p.line
            OR p.status != 'referred' OR k.assistant IS NOT p.receiver",
    );
    assert_eq!(chains, 0, "a child card carries its parent's chain");
}

fn assert_trail_of_operations(store: &Store) {
    let check = store.db().verify_chain().unwrap();
    assert!(check.intact(), "{check:?}");
    let conn = sql(store.path());
    let strangers = count(
        &conn,
        "SELECT count(*) FROM events WHERE record != 'staff'
         AND actor NOT IN (SELECT code FROM staff)",
    );
    assert_eq!(strangers, 0, "every event by a person on the roster");
    let backwards = count(
        &conn,
        "SELECT count(*) FROM (SELECT at, lag(at) OVER (ORDER BY id) AS before
         FROM events WHERE record != 'staff') WHERE at < before",
    );
    assert_eq!(backwards, 0, "the trail reads in time order");
    let out_of_order = count(
        &conn,
        "SELECT count(*) FROM tickets a JOIN tickets b ON a.day = b.day
         WHERE a.call_seq < b.call_seq AND a.called_at > b.called_at",
    );
    assert_eq!(out_of_order, 0, "first calls numbered as they were made");
    let calls = count(
        &conn,
        "SELECT count(*) FROM events e JOIN tickets t ON t.id = e.record_id
         WHERE e.kind = 'ticket.call' AND e.actor IS NOT t.teller",
    );
    assert_eq!(calls, 0, "each ticket called by the teller at its counter");
    let notes = count(
        &conn,
        "SELECT count(*) FROM events WHERE json_extract(details, '$.note') IS NOT NULL
         OR json_extract(details, '$.name') IS NOT NULL AND record != 'staff'",
    );
    assert_eq!(notes, 0, "no note or name in the trail");
}

mod history;
mod morning;
