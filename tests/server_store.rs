//! The store on both engines: the same calls on an SQLite file and on a
//! branch of a PostgreSQL server give the same answers. (The modules not
//! yet written for both engines say so on the server rather than guess.)

mod support;

use chrono::Duration;
use lobbydesk::domain::event::EventKind;
use lobbydesk::store::staff::Staff;
use lobbydesk::store::{Store, StoreError};
use support::pg::{fresh_store, same_on_both};
use support::{open_store, t0};

/// Roster, settings, sign-in state and the event trail, as one string of
/// everything read back, on `store`.
fn roster_settings_and_trail(store: &mut Store) -> String {
    let mut said = Vec::new();
    let staff = [
        Staff {
            code: "T01".into(),
            name: "王芳".into(),
            roles: vec!["teller".into()],
            counter: Some(1),
            active: true,
        },
        Staff {
            code: "W01".into(),
            name: "刘洋".into(),
            roles: vec!["wealth".into(), "lobby".into()],
            counter: None,
            active: false,
        },
    ];
    store
        .write(|db| {
            for s in &staff {
                db.put_staff(s)?;
            }
            db.put_settings(2, "[lines]\n", t0(), "H01")?;
            db.set_pin_hash("T01", "$argon2id$x")?;
            for i in 0..3 {
                db.add_event(
                    t0() + Duration::minutes(i),
                    "T01",
                    EventKind::TicketAdd,
                    Some(i + 10),
                    serde_json::json!({ "n": i }),
                )?;
            }
            Ok::<_, StoreError>(())
        })
        .expect("write");
    let db = store.db();
    // The file's built-in LOBBY entry of older records is not on a server.
    let roster: Vec<Staff> = db
        .roster()
        .unwrap()
        .into_iter()
        .filter(|s| s.code != "LOBBY")
        .collect();
    said.push(format!("{roster:?}"));
    said.push(format!("{:?}", db.staff("W01").unwrap()));
    said.push(format!("{:?}", db.staff("nobody").unwrap()));
    said.push(format!("{:?}", db.settings().unwrap()));
    said.push(format!("{:?}", db.count_failed_try("T01", 2).unwrap()));
    said.push(format!("{:?}", db.count_failed_try("T01", 2).unwrap()));
    said.push(format!("{:?}", db.credentials("T01").unwrap()));
    said.push(format!("{}", db.last_event_id().unwrap()));
    said.push(db.chain_head_at(t0().timestamp() + 61).unwrap());
    said.push(format!("{:?}", db.events_of("ticket", 11).unwrap()));
    said.push(format!("{:?}", db.changed_since(1, 1).unwrap()));
    let head = db.chain_head_at(i64::MAX).unwrap();
    said.push(format!("{}", db.has_hash(&head).unwrap()));
    said.join("\n")
}

#[test]
fn the_roster_settings_and_trail_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let said = roster_settings_and_trail(&mut open_store(&dir));
    assert!(said.contains("王芳"), "{said}");
    assert!(
        said.contains("(2, true)"),
        "locked at the second wrong PIN: {said}"
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_the_roster_settings_and_trail_read_the_same_on_both_engines() {
    same_on_both("store", roster_settings_and_trail);
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_failed_write_leaves_nothing_on_the_server() {
    let (_db, mut server) = fresh_store("rollback", "B1");
    let refused = server.write(|db| {
        db.add_event(
            t0(),
            "T01",
            EventKind::TicketAdd,
            Some(1),
            serde_json::json!({}),
        )?;
        Err::<(), _>(StoreError::Locked)
    });
    assert!(refused.is_err());
    assert_eq!(server.db().last_event_id().unwrap(), 0);
}
