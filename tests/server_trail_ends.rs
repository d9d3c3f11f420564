//! The end of a branch's trail and its head at a time (a report's anchor)
//! are the same for every login of the branch, whatever part of the trail
//! that login may read: a teller may not read a manager's prospect events,
//! and yet the anchor of the teller's report is the branch's.

mod support;

use support::pg::{fresh_db, psql, TestDb};

/// Branch B1 with a teller and a wealth manager, each with a login; a
/// ticket's two events at 100 and 200, then the manager's prospect's event
/// at 300, which the teller may not read. Returns the logins' URLs.
fn branch(db: &TestDb) -> (String, String) {
    let event = |id: i64, at: i64, actor: &str, kind: &str, record_id: &str| {
        let record = kind.split('.').next().unwrap();
        let v = format!("{at}, '{actor}', '{kind}', '{record}', {record_id}, '{{}}'");
        format!(
            "INSERT INTO events (id, at, actor, kind, record, record_id, details, hash)
             SELECT {id}, {v}, lobbydesk_event_hash(h.hash, {id}, {v})
             FROM lobbydesk_chain_head() h;"
        )
    };
    db.admin_sql(&format!(
        "INSERT INTO branches VALUES ('B1', '城东支行');
         INSERT INTO staff (branch, code, name, roles, counter) VALUES
             ('B1', 'T01', '王芳', 'teller', 1), ('B1', 'W01', '陈静', 'wealth', NULL);
         INSERT INTO clients (branch, name, mobile, created_at) VALUES ('B1', '王小明', '13800000001', 0);
         INSERT INTO prospects (branch, client_id, owner, line, created_at)
             SELECT 'B1', id, 'W01', 'wealth', 0 FROM clients;
         SET lobbydesk.branch = 'B1';
         {}{}{}",
        event(1, 100, "T01", "ticket.add", "1"),
        event(2, 200, "T01", "ticket.call", "1"),
        event(3, 300, "W01", "prospect.add", "(SELECT id FROM prospects)"),
    ));
    let [teller, wealth] = ["T01", "W01"].map(|c| db.url_as(&db.add_login("B1", c), "pw"));
    (teller, wealth)
}

fn said(url: &str, sql: &str) -> String {
    let out = psql(url, sql);
    assert!(out.status.success(), "{sql}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_every_login_of_a_branch_finds_the_same_end_and_anchor_of_its_trail() {
    let db = fresh_db("ends");
    let (teller, wealth) = branch(&db);
    let hash = |id: i64| db.admin_sql(&format!("SELECT hash FROM events WHERE id = {id}"));
    // The teller may not read the manager's event, the manager may.
    assert_eq!(said(&teller, "SELECT max(id) FROM events"), "2");
    assert_eq!(said(&wealth, "SELECT max(id) FROM events"), "3");
    for url in [&teller, &wealth] {
        assert_eq!(said(url, "SELECT lobbydesk_last_event()"), "3");
        assert_eq!(
            said(url, "SELECT lobbydesk_chain_head_at(301)"),
            hash(3).trim()
        );
        assert_eq!(
            said(url, "SELECT lobbydesk_chain_head_at(300)"),
            hash(2).trim()
        );
        assert_eq!(
            said(url, "SELECT lobbydesk_chain_head_at(150)"),
            hash(1).trim()
        );
        assert_eq!(
            said(
                url,
                "SELECT lobbydesk_chain_head_at(100) = lobbydesk_genesis()"
            ),
            "t"
        );
        // An id and a hash are all it tells: the event itself stays unread.
        let kinds = said(url, "SELECT string_agg(kind, ' ' ORDER BY id) FROM events");
        assert!(
            url == &wealth || kinds == "ticket.add ticket.call",
            "{kinds}"
        );
    }
}
