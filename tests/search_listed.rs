//! The Follow-ups search's name index holds the clients the list can show:
//! each day's close (by hand, as a branch does in the evening, or by the
//! first process of a later day) takes out a client whose prospects all
//! ended more than 30 days ago, keeps one with a prospect open or ended
//! since, and a prospect opened again brings its client back. The same goes
//! for the prospects on the search's index of listed prospects.

mod support;

use chrono::Duration;
use lobbydesk::config::Catalog;
use lobbydesk::ops::{day, Op};
use support::*;

fn grams_of(fx: &Fixture, name: &str) -> i64 {
    raw(&fx.dir)
        .query_row(
            "SELECT count(*) FROM prospect_grams g JOIN clients c ON c.id = g.client_id
             WHERE c.name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

/// Whether the client `name`'s prospects are on the index of listed ones.
fn listed(fx: &Fixture, name: &str) -> bool {
    raw(&fx.dir)
        .query_row(
            "SELECT max(p.listed) FROM prospects p JOIN clients c ON c.id = p.client_id
             WHERE c.name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

#[test]
fn the_index_keeps_to_the_clients_on_the_list() {
    let staff = [
        teller("T01", "张敏", 1),
        manager("W01", "刘洋", "wealth"),
        manager("H01", "周建", "head"),
    ];
    let fx = Fixture::new(lobbydesk::i18n::Lang::Zh, "H01", &staff);
    let (now, today) = (fx.clock.now(), fx.clock.today());
    open_store(&fx.dir)
        .write(|db| {
            // Yesterday's visit: a day to close.
            let ticket = lobbydesk::store::tickets::NewTicket {
                service: "A".into(),
                priority: "normal".into(),
                ..Default::default()
            };
            db.add_ticket(today - Duration::days(1), &ticket, now - Duration::days(1))?;
            for (name, mobile) in [
                ("王一", "13800000001"),
                ("王二", "13800000002"),
                ("王三", "13800000003"),
            ] {
                consenting_prospect(db, (name, mobile), "W01", today, now)?;
            }
            Ok::<_, lobbydesk::store::StoreError>(())
        })
        .unwrap();
    let end = |name: &str, days: i64| {
        raw(&fx.dir)
            .execute(
                "UPDATE prospects SET stage = 'lost', ended_at = ?2
                 WHERE client_id = (SELECT id FROM clients WHERE name = ?1)",
                rusqlite::params![name, (now - Duration::days(days)).timestamp()],
            )
            .unwrap();
    };
    end("王二", 40);
    end("王三", 10);
    assert!(grams_of(&fx, "王二") > 0, "kept until a day's close");
    assert!(listed(&fx, "王二"), "listed until a day's close");

    let mut store = open_store(&fx.dir);
    let head = person_of(&store, "H01");
    let catalog = Catalog::shipped();
    let op = Op {
        who: &head,
        now,
        day: today,
        catalog: &catalog,
    };
    // Closed by hand, as a branch closes its days.
    store
        .write(|db| day::close_day(db, &op, today - Duration::days(1), beijing()))
        .unwrap();
    assert!(grams_of(&fx, "王一") > 0, "open");
    assert!(grams_of(&fx, "王三") > 0, "ended 10 days ago: still listed");
    assert_eq!(grams_of(&fx, "王二"), 0, "ended 40 days ago: off the list");
    assert!(listed(&fx, "王一") && listed(&fx, "王三"));
    assert!(!listed(&fx, "王二"), "ended 40 days ago: not listed");

    // Opened again: back on the index.
    raw(&fx.dir)
        .execute(
            "UPDATE prospects SET stage = 'open', ended_at = NULL
             WHERE client_id = (SELECT id FROM clients WHERE name = '王二')",
            [],
        )
        .unwrap();
    assert!(grams_of(&fx, "王二") > 0, "opened again");
    assert!(listed(&fx, "王二"), "opened again: listed");
}
