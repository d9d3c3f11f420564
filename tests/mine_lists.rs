//! The Mine tab's list of a person's referrals lists the same cards in the
//! same order whichever way it is read: off the referrer's time indexes
//! when the range holds few of their cards, newest chain first off
//! `cards_referrer_root` when it holds more than the list shows.

mod support;

use chrono::{DateTime, Duration, Utc};
use lobbydesk::domain::card::Card;
use lobbydesk::store::mine::LIMIT;
use lobbydesk::store::report::Bounds;
use lobbydesk::store::StoreError;
use support::*;

/// Cards of T01 in and around the range, some made before it and settled
/// or accepted in it, some by T02; `n_in` made in it.
fn cards(dir: &tempfile::TempDir, start: DateTime<Utc>, n_in: usize) {
    let mut store = open_store(dir);
    put_staff(&mut store, &teller("T01", "张三", 1));
    put_staff(&mut store, &teller("T02", "李四", 2));
    let mut before = Vec::new();
    store
        .write(|db| -> Result<(), StoreError> {
            let mut k = 0;
            let mut card = |by: &str, at: DateTime<Utc>| -> Result<i64, StoreError> {
                k += 1;
                let mobile = format!("139{k:08}");
                let (client, _) = db.find_or_add_client(Some("王芳"), Some(&mobile), at)?;
                let c = Card::new(None, client, by, "wealth", "wmp", "", true, at);
                Ok(db.insert_card(&c)?.id)
            };
            for i in 0..n_in {
                card("T01", start + Duration::minutes(i as i64))?;
                if i % 5 == 0 {
                    card("T02", start + Duration::minutes(i as i64))?;
                }
            }
            // Made before the range (listed last, so that their chains come
            // first, newest first), then: accepted or settled in it, or not touched.
            for i in 0..40 {
                before.push(card(
                    "T01",
                    start - Duration::days(3) + Duration::minutes(i),
                )?);
            }
            // After the range.
            card("T01", start + Duration::days(2))?;
            Ok(())
        })
        .unwrap();
    let conn = raw(dir);
    for (i, id) in before.into_iter().enumerate() {
        let (col, at) = match i % 3 {
            0 => ("accepted_at", start + Duration::hours(2)),
            1 => ("outcome_at", start + Duration::hours(3)),
            _ => ("accepted_at", start - Duration::days(1)),
        };
        conn.execute(
            &format!("UPDATE cards SET {col} = ?1 WHERE id = ?2"),
            rusqlite::params![at.timestamp(), id],
        )
        .unwrap();
    }
}

/// The list as the plain definition has it: every card of T01 made,
/// accepted or settled in the range, newest chain first.
fn reference(conn: &rusqlite::Connection, b: &Bounds) -> Vec<i64> {
    let mut stmt = conn
        .prepare(
            "SELECT id FROM cards WHERE referrer = 'T01' AND (
                 created_at >= ?1 AND created_at < ?2 OR accepted_at >= ?1 AND accepted_at < ?2
                 OR outcome_at >= ?1 AND outcome_at < ?2)
             ORDER BY root_id DESC, id LIMIT ?3",
        )
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params![b.start, b.end, LIMIT as i64], |r| {
            r.get(0)
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn either_way_of_reading_lists_the_same_cards() {
    for n_in in [30, LIMIT + 60] {
        let dir = tempfile::TempDir::new().unwrap();
        let start = t0();
        cards(&dir, start, n_in);
        let store = open_store(&dir);
        let b = Bounds::new(day(), day(), |_| beijing(), start + Duration::hours(20));
        let listed: Vec<i64> = store
            .db()
            .my_referrals("T01", &b)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        let want = reference(&raw(&dir), &b);
        assert_eq!(listed, want, "{n_in} made in the range");
        // 27 made before the range were accepted or settled in it.
        assert_eq!(
            listed.len(),
            (n_in + 27).min(LIMIT),
            "{n_in} made in the range"
        );
    }
}
