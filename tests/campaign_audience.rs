//! The Review's campaigns show the audience counted at each campaign's last
//! send, or at its definition, without reading every client; counting it
//! live (`campaign show`, the send, the export) stays exact.

mod support;

use chrono::{DateTime, Duration, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::ops;
use lobbydesk::store::campaigns::NewCampaign;
use lobbydesk::store::Store;
use support::history::as_;
use support::*;

fn client(store: &Store, mobile: &str, consent: bool) {
    let c = rusqlite::Connection::open(store.path()).unwrap();
    c.execute(
        "INSERT INTO clients (name, mobile, tier, consent, created_at) VALUES ('张三', ?1, 'gold', ?2, 0)",
        rusqlite::params![mobile, consent as i64],
    )
    .unwrap();
}

fn live(store: &Store, id: i64, now: DateTime<Utc>) -> i64 {
    let db = store.db();
    let c = ops::campaigns::find(&db, id).unwrap();
    ops::campaigns::figures(&db, &Catalog::shipped(), now, &c)
        .unwrap()
        .audience
}

#[test]
fn the_audience_is_kept_at_definition_and_at_each_send() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    put_staff(&mut store, &manager("H01", "周建", "head"));
    client(&store, "13800000001", true);
    client(&store, "13800000002", true);
    client(&store, "13800000003", false);
    let now = Utc::now();
    let def = NewCampaign {
        occasion: "holiday".into(),
        name: "春节问候".into(),
        template: "{name}您好，{manager}祝您新春快乐".into(),
        starts: now.date_naive() - Duration::days(1),
        ends: now.date_naive() + Duration::days(10),
        tier: Some("gold".into()),
        line: None,
        status: None,
        tag: None,
        window_days: 30,
    };
    let id = as_(&mut store, "H01", now, |db, op| {
        ops::campaigns::add(db, op, &def)
    })
    .unwrap();
    assert_eq!(store.db().campaign_kept_audience(id).unwrap(), Some(2));
    // A client consenting later: the live count has them, the kept one not
    // until the next send.
    client(&store, "13800000004", true);
    assert_eq!(live(&store, id, now), 3);
    assert_eq!(store.db().campaign_kept_audience(id).unwrap(), Some(2));
    let sent = as_(&mut store, "H01", now, |db, op| {
        ops::campaigns::send(db, op, id)
    })
    .unwrap();
    assert_eq!(sent.rows.len(), 3);
    assert_eq!(store.db().campaign_kept_audience(id).unwrap(), Some(3));
    assert_eq!(store.db().campaign_sent(id).unwrap(), 3);
    // A campaign whose events kept no count (defined before counts were
    // kept, never sent) has none: the screen shows a dash.
    let c = rusqlite::Connection::open(store.path()).unwrap();
    let kept: i64 = c
        .query_row(
            "SELECT count(*) FROM events WHERE record = 'campaign' AND record_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 2, "the definition and the send");
    assert_eq!(store.db().campaign_kept_audience(id + 1).unwrap(), None);
}
