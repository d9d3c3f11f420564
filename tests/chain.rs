//! The hash-chained event trail: an untouched file verifies; a deleted,
//! changed or reordered event, or a missing append-only trigger, is found
//! and named by the first event id where history no longer holds.

mod support;

use lobbydesk::domain::event::EventKind;
use lobbydesk::store::events::GENESIS;
use lobbydesk::store::Store;
use serde_json::json;
use support::*;
use tempfile::TempDir;

/// A file with `n` events after the seed ones; returns its folder.
fn trail(n: i64) -> (TempDir, i64) {
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let first = store.db().last_event_id().unwrap() + 1;
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for i in 0..n {
                db.add_event(t0(), "T01", EventKind::TicketAdd, Some(i), json!({"n": i}))?;
            }
            Ok(())
        })
        .unwrap();
    (dir, first)
}

fn check(dir: &TempDir) -> lobbydesk::store::events::ChainCheck {
    let store = Store::open(&db_path(dir)).unwrap();
    let c = store.db().verify_chain().unwrap();
    c
}

/// Run SQL on the file with the append-only triggers out of the way, as
/// someone with the file and the sqlite3 shell could.
fn tamper(dir: &TempDir, sql: &str) {
    let conn = raw(dir);
    conn.execute_batch(
        "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;
         DROP TRIGGER events_no_replace;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_untouched_trail_verifies_and_its_head_moves_with_each_event() {
    let (dir, _) = trail(20);
    let c = check(&dir);
    assert!(c.intact(), "{c:?}");
    assert_ne!(c.head, GENESIS);
    let before = c.head.clone();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    store
        .write(|db| db.add_event(t0(), "T01", EventKind::TicketCall, Some(1), json!({})))
        .unwrap();
    let c = store.db().verify_chain().unwrap();
    assert!(c.intact());
    assert_ne!(c.head, before);
}

#[test]
fn a_deleted_event_is_named() {
    let (dir, first) = trail(20);
    let gone = first + 6;
    tamper(&dir, &format!("DELETE FROM events WHERE id = {gone}"));
    assert_eq!(check(&dir).first_bad, Some(gone + 1));
}

#[test]
fn every_second_event_deleted_is_found_at_the_first() {
    let (dir, first) = trail(20);
    tamper(
        &dir,
        &format!("DELETE FROM events WHERE id >= {first} AND id % 2 = 0"),
    );
    let bad = check(&dir).first_bad.unwrap();
    assert!(bad >= first && bad <= first + 2, "{bad}");
}

#[test]
fn a_rewritten_actor_or_detail_is_named() {
    let (dir, first) = trail(20);
    tamper(
        &dir,
        &format!("UPDATE events SET actor = 'H01' WHERE id = {}", first + 3),
    );
    assert_eq!(check(&dir).first_bad, Some(first + 3));
    let (dir, first) = trail(20);
    tamper(
        &dir,
        &format!(
            "UPDATE events SET details = '{{}}' WHERE id = {}",
            first + 9
        ),
    );
    assert_eq!(check(&dir).first_bad, Some(first + 9));
}

#[test]
fn reordered_events_are_named() {
    let (dir, first) = trail(20);
    let (a, b) = (first + 4, first + 5);
    tamper(
        &dir,
        &format!(
            "UPDATE events SET id = -1 WHERE id = {a};
             UPDATE events SET id = {a} WHERE id = {b};
             UPDATE events SET id = {b} WHERE id = -1;"
        ),
    );
    assert_eq!(check(&dir).first_bad, Some(a));
}

#[test]
fn removed_triggers_are_named() {
    let (dir, _) = trail(3);
    raw(&dir)
        .execute_batch("DROP TRIGGER events_no_delete")
        .unwrap();
    let c = check(&dir);
    assert_eq!(c.first_bad, None);
    assert_eq!(c.missing_triggers, ["events_no_delete"]);
    assert!(!c.intact());
}

#[test]
fn a_file_from_before_the_chain_is_chained_when_it_is_upgraded() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy("tests/fixtures/schema2.db", &path).unwrap();
    let store = Store::open(&path).unwrap();
    let c = store.db().verify_chain().unwrap();
    assert!(c.events > 0);
    assert!(c.intact(), "{c:?}");
}

fn lobbydesk(dir: &TempDir, args: &[&str]) -> std::process::Output {
    let db = db_path(dir);
    let mut all = vec!["--db", db.to_str().unwrap(), "--lang", "en"];
    all.extend_from_slice(args);
    run_lobbydesk(dir.path(), &all)
}

#[test]
fn doctor_names_the_first_bad_event_and_the_report_anchors_the_history() {
    let (dir, first) = trail(10);
    let o = lobbydesk(&dir, &["doctor"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Event chain: "));

    // The day's report prints the chain's head; doctor finds it in the history.
    let o = lobbydesk(
        &dir,
        &["report", "--date", "2026-11-23", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let head = report["chain_head"].as_str().unwrap().to_string();
    assert_eq!(head.len(), 64);
    assert_ne!(head, GENESIS);
    let o = lobbydesk(&dir, &["doctor", "--anchor", &head]);
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    let md = lobbydesk(&dir, &["report", "--date", "2026-11-23"]);
    assert!(String::from_utf8_lossy(&md.stdout).contains(&head));

    // History rewritten from an event on: named, and the anchor is gone.
    tamper(
        &dir,
        &format!("UPDATE events SET actor = 'H01' WHERE id = {}", first + 2),
    );
    let o = lobbydesk(&dir, &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe_output(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!(
            "changed, deleted or reordered from event {}",
            first + 2
        )),
        "{out}"
    );
    assert!(out.contains("append-only guard is missing"), "{out}");
    let conn = raw(&dir);
    conn.execute_batch("UPDATE events SET hash = 'x' WHERE hash IS NOT NULL")
        .unwrap();
    let o = lobbydesk(&dir, &["doctor", "--anchor", &head]);
    assert_eq!(o.status.code(), Some(1), "{}", describe_output(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("is not in the history"));
}
