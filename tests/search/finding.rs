//! Finding clients by name and mobile, the index, and long follow-up lists.

use super::*;

/// A client's id, name, kept visits and last visit, counted visits and last visit.
type Kept = (i64, Option<String>, i64, Option<i64>, i64, Option<i64>);

/// Every client's index entries are those of their name, and their visit
/// count and last visit those of their tickets.
fn assert_in_step(store: &Store) {
    let db = store.db();
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.id, c.name, c.visits, c.last_visit,
                    (SELECT count(*) FROM tickets t WHERE t.client_id = c.id),
                    (SELECT max(arrived_at) FROM tickets t WHERE t.client_id = c.id)
             FROM clients c",
        )
        .unwrap();
    let rows: Vec<Kept> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!rows.is_empty());
    for (id, name, visits, last, count, max) in rows {
        assert_eq!((visits, last), (count, max), "client {id}'s visits");
        let grams = db.client_grams(id).unwrap();
        assert_eq!(
            grams,
            name_grams(name.as_deref().unwrap_or("")),
            "client {id}"
        );
        let stale: i64 = conn
            .query_row(
                "SELECT count(*) FROM client_grams WHERE client_id = ?1
                 AND last_visit IS NOT (SELECT last_visit FROM clients WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, 0, "client {id}'s index entries carry the last visit");
        // The index of the follow-up list's clients: the same entries, of a
        // client with a prospect.
        let listed: Vec<String> = conn
            .prepare("SELECT gram FROM prospect_grams WHERE client_id = ?1 ORDER BY gram")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let prospects: i64 = conn
            .query_row(
                "SELECT count(*) FROM prospects WHERE client_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        let expected = if prospects > 0 { grams } else { Vec::new() };
        assert_eq!(listed, expected, "client {id} on the follow-up list");
    }
}

/// Put the client `id` on the follow-up list, straight through the store.
fn add_prospect(store: &mut Store, id: i64) {
    use lobbydesk::store::prospects::NewProspect;
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
    store
        .write(|db| {
            db.put_staff(&manager("W01", "周建", "wealth"))?;
            let p = NewProspect {
                client_id: id,
                owner: "W01".into(),
                source_card: None,
                line: None,
                next_due: day(),
            };
            db.add_prospect(&p, now)
        })
        .unwrap();
}

/// Clients and visits written straight through the store: 王芳 (came at
/// 9:00 and 9:30), 王小明 (10:00), 李芳 (no visit), Zhang Wei (8:00).
fn branch(dir: &TempDir) -> Store {
    let mut store = open_store(dir);
    let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, 23, h - 8, m, 0).unwrap();
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            let visit = |name: &str, mobile: &str, h: u32, m: u32| {
                let (id, _) = db.find_or_add_client(Some(name), Some(mobile), at(h, m))?;
                let t = NewTicket {
                    service: "A".into(),
                    priority: "normal".into(),
                    client_id: Some(id),
                    ..NewTicket::default()
                };
                db.add_ticket(day(), &t, at(h, m))?;
                Ok::<_, lobbydesk::store::StoreError>(id)
            };
            visit("王芳", "13800001234", 9, 0)?;
            visit("王小明", "13900005678", 10, 0)?;
            visit("王芳", "13800001234", 9, 30)?;
            visit("Zhang Wei", "13700001234", 8, 0)?;
            db.find_or_add_client(Some("李芳"), Some("13600000001"), at(11, 0))?;
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn names_are_found_by_one_two_or_more_characters_most_recent_visitors_first() {
    let dir = TempDir::new().unwrap();
    let store = branch(&dir);
    assert_eq!(search(&store, "王"), ["王小明", "王芳"]);
    assert_eq!(search(&store, "王芳"), ["王芳"]);
    assert_eq!(search(&store, "芳"), ["王芳", "李芳"], "no visit: last");
    assert_eq!(search(&store, "小明"), ["王小明"]);
    assert_eq!(search(&store, "王小明"), ["王小明"]);
    assert!(search(&store, "王明").is_empty(), "not a part of any name");
    assert!(search(&store, "小明王").is_empty());
    assert_eq!(search(&store, "zhang w"), ["Zhang Wei"]);
    assert_eq!(search(&store, "WEI"), ["Zhang Wei"]);
    let found = store.db().search_clients("王芳", 200).unwrap();
    assert_eq!(found[0].visits, 2, "both visits kept on the row");
    assert_eq!(
        found[0].last_visit,
        Some(Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap())
    );
    assert_in_step(&store);
}

#[test]
fn mobiles_are_found_by_their_last_four_digits_or_whole() {
    let dir = TempDir::new().unwrap();
    let store = branch(&dir);
    assert_eq!(search(&store, "1234"), ["王芳", "Zhang Wei"]);
    assert_eq!(search(&store, "5678"), ["王小明"]);
    assert_eq!(search(&store, "139 0000 5678"), ["王小明"]);
    assert_eq!(
        client_query("1380"),
        Ok(Some(ClientQuery::LastFour("1380".into())))
    );
    assert!(
        search(&store, "1380").is_empty(),
        "not the last four of any"
    );
    assert!(search(&store, "138").is_empty(), "refused: nothing found");
}

#[test]
fn the_index_and_counts_follow_renames_tickets_given_to_a_client_and_a_purge() {
    let dir = TempDir::new().unwrap();
    let mut store = branch(&dir);
    let wang = store.db().search_clients("王芳", 1).unwrap()[0].client.id;
    let li = store.db().search_clients("李芳", 1).unwrap()[0].client.id;
    add_prospect(&mut store, wang);
    assert_in_step(&store);
    store.write(|db| db.rename_client(wang, "王芳芳")).unwrap();
    assert_in_step(&store);
    add_prospect(&mut store, li);
    assert_eq!(search(&store, "芳芳"), ["王芳芳"]);
    // A ticket without a client, then given to 李芳.
    let later = Utc.with_ymd_and_hms(2026, 11, 23, 4, 0, 0).unwrap();
    store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            let t = NewTicket {
                service: "A".into(),
                priority: "normal".into(),
                ..NewTicket::default()
            };
            let t = db.add_ticket(day(), &t, later)?;
            db.set_ticket_client(t.id, li)
        })
        .unwrap();
    assert_eq!(search(&store, "芳"), ["李芳", "王芳芳"], "李芳 came last");
    assert_in_step(&store);
    // The purge clears the name: its index entries go with it.
    store.write(|db| db.anonymise_client(wang)).unwrap();
    assert!(store.db().client_grams(wang).unwrap().is_empty());
    assert_eq!(search(&store, "芳"), ["李芳"]);
    assert_in_step(&store);
    drop(store);
    // And no byte of the file holds the purged name any more.
    let bytes = std::fs::read(db_path(&dir)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("芳芳"), "the purged name left the file");
    assert!(!text.contains("王芳"), "nor its pairs");
    assert!(text.contains("李芳"), "the check sees what is there");
}

#[test]
fn an_upgraded_file_gets_its_counts_and_index() {
    let dir = TempDir::new().unwrap();
    let to = dir.path().join("branch.db");
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema2.db");
    std::fs::copy(fixture, &to).unwrap();
    let store = Store::open(&to).expect("migrated");
    assert_in_step(&store);
    let visits: i64 = rusqlite::Connection::open(&to)
        .unwrap()
        .query_row("SELECT sum(visits) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert!(visits > 10, "visits counted: {visits}");
}

/// Another process's walk-in, through the operations.
fn walkin_elsewhere(dir: &TempDir, name: &str, mobile: &str, at: chrono::DateTime<Utc>) {
    let mut other = open_store(dir);
    let w = check_walkin(
        &lobbydesk::config::Catalog::shipped(),
        Lang::Zh,
        "A",
        "normal",
        name,
        mobile,
    )
    .expect("a good walk-in");
    register_as(&mut other, "LOBBY", at, &w).expect("registered");
}

#[test]
fn the_clients_tab_searches_again_only_when_a_shown_client_changed() {
    let mut fx = Fixture::lobby(Lang::Zh);
    fx.walkin('A', '1', "王芳", "13800001234");
    fx.walkin('A', '1', "李四", "13800002222");
    fx.go(Tab::Clients);
    fx.act(Action::Filter);
    fx.type_text("王");
    fx.input(Input::Submit);
    assert_eq!(names(&fx.app.clients.found), ["王芳"]);
    let runs = fx.app.clients.searches;
    // Someone else's walk-in of a client not shown, whom the search does not find.
    walkin_elsewhere(&fx.dir, "张三", "13800003333", t0() + Duration::minutes(1));
    walkin_elsewhere(&fx.dir, "李四", "13800002222", t0() + Duration::minutes(2));
    fx.app.refresh().unwrap();
    assert_eq!(fx.app.clients.searches, runs, "no search run again");
    // A shown client comes back: the search runs again, their visits shown.
    walkin_elsewhere(&fx.dir, "王芳", "13800001234", t0() + Duration::minutes(3));
    fx.app.refresh().unwrap();
    assert_eq!(fx.app.clients.searches, runs + 1);
    assert_eq!(fx.app.clients.found[0].visits, 2);
    // A new client the search finds: run again, listed first.
    walkin_elsewhere(&fx.dir, "王五", "13800005555", t0() + Duration::minutes(4));
    fx.app.refresh().unwrap();
    assert_eq!(fx.app.clients.searches, runs + 2);
    assert_eq!(names(&fx.app.clients.found), ["王五", "王芳"]);
}

#[test]
fn mobile_digits_that_are_neither_the_last_four_nor_whole_are_refused_in_words() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = Fixture::lobby(lang);
        fx.walkin('A', '1', "王芳", "13800001234");
        fx.go(Tab::Clients);
        fx.act(Action::Filter);
        fx.type_text("138");
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        let said = form.fields[0].error.clone().unwrap_or_default();
        assert_eq!(said, Msg::SearchMobileDigits.get(lang));
        assert!(fx
            .screen(120, 40)
            .contains(Msg::SearchMobileDigits.get(lang)));
        assert!(fx.app.clients.found.is_empty(), "nothing searched");
    }
}

/// `demo --clients N` imports a book of N clients first and draws the
/// history's visitors from it: N clients in the file, no more, each with its
/// visit count in step with its tickets.
#[test]
fn the_demo_makes_the_asked_number_of_clients() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("book.db");
    let out = run_lobbydesk(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "demo",
            "--days",
            "3",
            "--visits-per-day",
            "300",
            "--clients",
            "700",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |q: &str| -> i64 { conn.query_row(q, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM clients"), 700);
    let came = count("SELECT count(*) FROM clients WHERE visits > 0");
    assert!(came > 100 && came < 700, "{came} of 700 clients came");
    let given = count("SELECT count(*) FROM tickets WHERE client_id IS NOT NULL");
    assert!(given >= came, "{given} tickets given to {came} clients");
    drop(conn);
    assert_in_step(&Store::open(&db).unwrap());
}

/// 700 prospects of clients 客户0 to 客户699 (one in 13 with no due date,
/// one in 7 lost, a few of those long ago), and what the Follow-ups list
/// holds, in its order, worked out here from the table: each row's place and
/// its client's name.
fn long_list(fx: &mut Fixture) -> Vec<(Listed, String)> {
    use lobbydesk::domain::followup::Bucket;
    use lobbydesk::store::prospects::NewProspect;
    let today = fx.app.clock.today();
    let now = fx.app.clock.now();
    fx.app
        .store
        .write(|db| -> Result<(), lobbydesk::store::StoreError> {
            for i in 0..700i64 {
                let name = format!("客户{i}");
                let mobile = format!("139{:08}", i);
                let (client, _) = db.find_or_add_client(Some(&name), Some(&mobile), now)?;
                let p = NewProspect {
                    client_id: client,
                    owner: "W01".into(),
                    source_card: None,
                    line: None,
                    next_due: today + Duration::days(i % 61 - 20),
                };
                db.add_prospect(&p, now)?;
            }
            Ok(())
        })
        .unwrap();
    let conn = rusqlite::Connection::open(fx.app.store.path()).unwrap();
    conn.execute_batch(&format!(
        "UPDATE prospects SET next_due = NULL WHERE id % 13 = 0;
         UPDATE prospects SET stage = 'lost', end_reason = 'no_need',
                ended_at = {} - id * 60 WHERE id % 7 = 0;
         UPDATE prospects SET ended_at = {} WHERE id % 49 = 0;",
        now.timestamp(),
        (now - Duration::days(40)).timestamp()
    ))
    .unwrap();
    let mut all: Vec<(Listed, String)> = conn
        .prepare(
            "SELECT p.id, p.stage, p.next_due, p.ended_at, c.name
             FROM prospects p JOIN clients c ON c.id = p.client_id",
        )
        .unwrap()
        .query_map([], |r| {
            let stage: String = r.get(1)?;
            let due: Option<String> = r.get(2)?;
            let ended: Option<i64> = r.get(3)?;
            let today = today.format("%Y-%m-%d").to_string();
            let bucket = match (stage.as_str(), due.as_deref()) {
                ("open", Some(d)) if *d < *today.as_str() => Bucket::Overdue,
                ("open", Some(d)) if d == today => Bucket::DueToday,
                ("open", _) => Bucket::Upcoming,
                _ => Bucket::Ended,
            };
            Ok((
                (bucket, due, std::cmp::Reverse(ended), r.get(0)?),
                r.get(4)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .filter(|((b, _, ended, _), _)| {
            *b != Bucket::Ended || ended.0 > Some((now - Duration::days(30)).timestamp())
        })
        .collect();
    all.sort();
    fx.app.reload().unwrap();
    all
}

/// A list far longer than a window: the Follow-ups tab reads it a window at
/// a time, yet walking it row by row, down from the top or up from the
/// bottom, selects every prospect once, in the list's order (overdue, today,
/// upcoming with no date first, recently ended with no date first), and its
/// sections count the whole list.
#[test]
fn a_long_follow_up_list_is_read_a_window_at_a_time_in_its_order() {
    use lobbydesk::domain::followup::Bucket;
    let staff = [
        manager("W01", "王芳", "wealth"),
        manager("H01", "周建", "head"),
    ];
    let mut fx = Fixture::new(Lang::Zh, "H01", &staff);
    let all = long_list(&mut fx);
    let expected: Vec<i64> = all.iter().map(|(row, _)| row.3).collect();
    assert!(expected.len() > 600, "{} listed", expected.len());
    fx.go(Tab::Followups);
    let f = &fx.app.followups;
    assert_eq!(f.len(), expected.len());
    assert!(
        f.rows.len() < expected.len(),
        "a window, not the whole list"
    );
    for b in [
        Bucket::Overdue,
        Bucket::DueToday,
        Bucket::Upcoming,
        Bucket::Ended,
    ] {
        let n = all.iter().filter(|(row, _)| row.0 == b).count();
        assert_eq!(f.count(b), n, "{b:?}");
    }
    walk_both_ways(&mut fx, &expected);
}

/// The list searched: by a part of a name every client holds (longer than a
/// window), and by a part only some hold, it lists exactly the prospects of
/// the clients found, in the list's order, read a window at a time, and its
/// sections count them; cleared, it lists them all again.
#[test]
fn a_searched_follow_up_list_keeps_the_lists_order_and_counts() {
    use lobbydesk::domain::followup::Bucket;
    let staff = [
        manager("W01", "王芳", "wealth"),
        manager("H01", "周建", "head"),
    ];
    let mut fx = Fixture::new(Lang::Zh, "H01", &staff);
    let all = long_list(&mut fx);
    fx.go(Tab::Followups);
    for q in ["客户", "户1", "户69", ""] {
        fx.act(Action::Filter);
        while fx
            .app
            .form
            .as_ref()
            .is_some_and(|f| !f.fields[0].get().is_empty())
        {
            fx.input(Input::Backspace);
        }
        for c in q.chars() {
            fx.input(Input::Char(c));
        }
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{q}: {:?}", fx.app.flash);
        let found: Vec<&(Listed, String)> =
            all.iter().filter(|(_, name)| name.contains(q)).collect();
        let expected: Vec<i64> = found.iter().map(|(row, _)| row.3).collect();
        assert!(!expected.is_empty(), "{q}");
        let f = &fx.app.followups;
        for b in [
            Bucket::Overdue,
            Bucket::DueToday,
            Bucket::Upcoming,
            Bucket::Ended,
        ] {
            let n = found.iter().filter(|(row, _)| row.0 == b).count();
            assert_eq!(f.count(b), n, "{q}: {b:?}");
        }
        walk_both_ways(&mut fx, &expected);
    }
}
