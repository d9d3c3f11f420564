//! Dormancy and campaigns: the tiers' thresholds decide who is dormant; a
//! dormant client goes on their manager's follow-ups; a campaign, sent with
//! the real binary, never includes a client who has not consented and never
//! sends one client the same campaign twice.

mod support;

use lobbydesk::args;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::store::Store;
use tempfile::TempDir;

use support::*;

/// A branch: the head H01, a wealth manager W01, a teller T01, all with the
/// test PIN.
fn branch() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = db_path(&dir);
    let mut store = Store::open(&db).unwrap();
    put_staff(&mut store, &manager("H01", "周建", "head"));
    put_staff(&mut store, &manager("W01", "王芳", "wealth"));
    put_staff(&mut store, &teller("T01", "张敏", 1));
    drop(store);
    pins_for_all(&db);
    (dir, db)
}

/// A client as the core system would have given them: first recorded at
/// `seen`, of `tier`, consenting or not, with a dedicated manager or not.
fn client(
    db: &Path,
    name: &str,
    mobile: &str,
    tier: &str,
    consent: bool,
    manager: Option<&str>,
    seen: DateTime<Utc>,
) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute(
        "INSERT INTO clients (name, mobile, tier, consent, manager, created_at, tags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '代发,社保')",
        rusqlite::params![
            name,
            mobile,
            tier,
            consent as i64,
            manager,
            seen.timestamp()
        ],
    )
    .unwrap();
    c.last_insert_rowid()
}

/// A visit by the client at `at`.
fn visit(db: &Path, client: i64, at: DateTime<Utc>) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute(
        "INSERT INTO tickets (day, service, seq, number, priority, is_priority, client_id,
         arrived_at, status) VALUES ('2026-01-01', 'A', ?1, 'A001', 'normal', 0, ?1, ?2, 'done')",
        rusqlite::params![client, at.timestamp()],
    )
    .unwrap();
}

fn run(dir: &TempDir, db: &Path, who: &str, args: &[&str]) -> (i32, String) {
    let mut all = vec!["--db", db.to_str().unwrap(), "--lang", "en", "--as", who];
    all.extend_from_slice(args);
    let out = run_lobbydesk(dir.path(), &all);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

#[test]
fn dormancy_follows_each_tier_s_threshold_biggest_tiers_first() {
    let (_dir, db) = branch();
    let now = t0();
    // Shipped: normal 180 days, gold 90, wealth 60, private 30.
    let normal_silent = client(
        &db,
        "甲",
        "13800000001",
        "normal",
        true,
        None,
        now - days(200),
    );
    let _normal_recent = client(
        &db,
        "乙",
        "13800000002",
        "normal",
        true,
        None,
        now - days(100),
    );
    let gold_silent = client(&db, "丙", "13800000003", "gold", true, None, now - days(95));
    let private_silent = client(
        &db,
        "丁",
        "13800000004",
        "private",
        false,
        None,
        now - days(31),
    );
    let private_at_threshold = client(
        &db,
        "戊",
        "13800000005",
        "private",
        true,
        None,
        now - days(30),
    );
    // Known for long, but came in last week.
    let gold_visited = client(
        &db,
        "己",
        "13800000006",
        "gold",
        true,
        None,
        now - days(400),
    );
    visit(&db, gold_visited, now - days(7));
    let store = Store::open(&db).unwrap();
    let catalog = Catalog::shipped();
    let listed: Vec<i64> = ops::dormancy::list(&store.db(), &catalog, now, 100)
        .unwrap()
        .iter()
        .map(|d| d.client.id)
        .collect();
    assert_eq!(listed, vec![private_silent, gold_silent, normal_silent]);
    assert!(
        !listed.contains(&private_at_threshold),
        "exactly 30 days is not longer"
    );
    // A month on, the private client at the threshold is dormant too.
    let later = ops::dormancy::list(&store.db(), &catalog, now + days(1), 100).unwrap();
    assert!(later.iter().any(|d| d.client.id == private_at_threshold));
}

#[test]
fn a_dormant_client_goes_on_their_manager_s_follow_ups_and_off_the_list() {
    let (_dir, db) = branch();
    let now = t0();
    let id = client(
        &db,
        "甲",
        "13800000001",
        "gold",
        true,
        Some("W01"),
        now - days(120),
    );
    let mut store = Store::open(&db).unwrap();
    let catalog = Catalog::shipped();
    let run_as = |store: &mut Store, code: &str, owner: &str| {
        let me = store.db().staff(code).unwrap().unwrap();
        let who = ops::person(&me, &catalog);
        let op = Op {
            who: &who,
            now,
            day: day(),
            catalog: &catalog,
        };
        store.write(|db| ops::dormancy::follow_up(db, &op, id, owner))
    };
    assert!(matches!(
        run_as(&mut store, "T01", "W01"),
        Err(OpError::Denied(_))
    ));
    assert!(
        matches!(run_as(&mut store, "H01", "T01"), Err(OpError::Campaign(_))),
        "a teller owns no follow-ups of a line"
    );
    let prospect = run_as(&mut store, "H01", "W01").unwrap();
    let p = store.db().prospect(prospect).unwrap().unwrap();
    assert_eq!(
        (p.owner.as_str(), p.line.as_deref()),
        ("W01", Some("wealth"))
    );
    assert!(ops::dormancy::list(&store.db(), &catalog, now, 100)
        .unwrap()
        .is_empty());
    assert!(matches!(
        run_as(&mut store, "H01", "W01"),
        Err(OpError::AlreadyProspect)
    ));
}

#[test]
fn a_campaign_reaches_only_consenting_clients_and_never_sends_twice() {
    let (dir, db) = branch();
    let now = Utc::now();
    let yes = client(&db, "张三", "13800000001", "gold", true, Some("W01"), now);
    let no = client(&db, "李四", "13800000002", "gold", false, Some("W01"), now);
    let other_tier = client(&db, "王五", "13800000003", "normal", true, None, now);
    let add = [
        "campaign",
        "add",
        "--occasion",
        "holiday",
        "--name",
        "春节问候",
        "--template",
        "{name}您好，{manager}祝您新春快乐",
        "--from",
        "2000-01-01",
        "--to",
        "2099-12-31",
        "--tier",
        "gold",
    ];
    // Only the head defines a campaign; a template with another placeholder is refused.
    let (code, text) = run(&dir, &db, "T01", &add);
    assert_eq!(code, 3, "{text}");
    let mut bad = add.to_vec();
    bad[7] = "{name} {mobile}";
    let (code, text) = run(&dir, &db, "H01", &bad);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("{mobile}"), "{text}");
    let (code, text) = run(&dir, &db, "H01", &add);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("1 clients"),
        "the audience counts consenting clients only: {text}"
    );

    let first = dir.path().join("first.csv");
    let (code, text) = run(
        &dir,
        &db,
        "H01",
        &[
            "export",
            "campaign",
            "--campaign",
            "1",
            "--out",
            first.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{text}");
    let csv = std::fs::read_to_string(&first).unwrap();
    assert!(
        csv.contains("13800000001") && csv.contains("张三您好，王芳祝您新春快乐"),
        "{csv}"
    );
    assert!(
        !csv.contains("13800000002"),
        "never a client without consent: {csv}"
    );
    assert!(!csv.contains("13800000003"), "another tier: {csv}");
    let store = Store::open(&db).unwrap();
    let history = store.db().client_history(yes, 20).unwrap();
    assert!(history.iter().any(|h| matches!(h, lobbydesk::store::clients::HistoryItem::Campaign { name, .. } if name == "春节问候")));
    assert!(store.db().client_history(no, 20).unwrap().is_empty());
    assert!(store
        .db()
        .client_history(other_tier, 20)
        .unwrap()
        .is_empty());
    drop(store);

    // Sent again: nobody new, no file.
    let second = dir.path().join("second.csv");
    let (code, text) = run(
        &dir,
        &db,
        "H01",
        &[
            "export",
            "campaign",
            "--campaign",
            "1",
            "--out",
            second.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("no new list"), "{text}");
    assert!(!second.exists());

    // A client who consents later is sent it once, and the rest are left out.
    client(&db, "赵六", "13800000004", "gold", true, None, now);
    let (code, text) = run(
        &dir,
        &db,
        "H01",
        &[
            "export",
            "campaign",
            "--campaign",
            "1",
            "--out",
            second.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("1 clients were sent this campaign before"),
        "{text}"
    );
    let csv = std::fs::read_to_string(&second).unwrap();
    assert!(
        csv.contains("13800000004") && !csv.contains("13800000001"),
        "{csv}"
    );
    assert!(
        csv.contains("赵六您好，城东支行"),
        "no dedicated manager: the branch: {csv}"
    );
    let sends = raw_count(&db, "SELECT count(*) FROM campaign_sends");
    assert_eq!(sends, 2);
    let events = raw_count(
        &db,
        "SELECT count(*) FROM events WHERE kind = 'campaign.send'",
    );
    assert_eq!(events, 3);
    let (code, text) = run(&dir, &db, "H01", &["campaign", "show", "1"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("sent: 2"), "{text}");
    // Only the head sends it.
    let (code, text) = run(&dir, &db, "W01", &["export", "campaign", "--campaign", "1"]);
    assert_eq!(code, 3, "{text}");

    // 张三 signs for a product after the greeting: the report counts it.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO cards (client_id, referrer, referred_by, line, need, consent, created_at,
             receiver, status, product, amount_cents, outcome_at)
             VALUES (?1, 'W01', 'W01', 'wealth', 'wmp', 1, ?2, 'W01', 'contracted', 'wmp', 100, ?2)",
            rusqlite::params![yes, Utc::now().timestamp() + 1],
        )
        .unwrap();
    let (code, json) = run(&dir, &db, "H01", &["report", "--format", "json"]);
    assert_eq!(code, 0, "{json}");
    let r: serde_json::Value = serde_json::from_str(&json).unwrap();
    let c = &r["campaigns"][0];
    assert_eq!(
        (
            c["audience"].as_i64(),
            c["sent"].as_i64(),
            c["contracts"].as_i64()
        ),
        (Some(2), Some(2), Some(1)),
        "{c}"
    );
    let (code, md) = run(&dir, &db, "H01", &["report"]);
    assert_eq!(code, 0, "{md}");
    assert!(
        md.contains("## Campaigns") && md.contains("1 (within 30 days)"),
        "{md}"
    );
    let (code, csv) = run(&dir, &db, "H01", &["report", "--format", "csv"]);
    assert_eq!(code, 0, "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("campaigns,1,") && l.contains("contracts")),
        "{csv}"
    );
}

fn raw_count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// The Clients tab's dormant view (`D`), as the head sees it: two dormant
/// clients, the private one first; `f` puts the one with a dedicated
/// manager on that manager's follow-ups at once, and asks for an owner for
/// the other, with nothing chosen.
#[test]
fn the_dormant_view_and_its_owner_form() {
    use lobbydesk::app::{Action, Input, Tab};
    use lobbydesk::i18n::{Lang, Msg};
    for lang in [Lang::Zh, Lang::En] {
        let staff = [
            manager("H01", "周建", "head"),
            manager("W01", "王芳", "wealth"),
            teller("T01", "张敏", 1),
        ];
        let mut fx = Fixture::new(lang, "H01", &staff);
        let db = db_path(&fx.dir);
        let now = t0();
        client(
            &db,
            "陈小红",
            "13800000001",
            "gold",
            true,
            None,
            now - days(120),
        );
        client(
            &db,
            "刘大伟",
            "13800000002",
            "private",
            true,
            Some("W01"),
            now - days(45),
        );
        client(
            &db,
            "孙明",
            "13800000003",
            "gold",
            true,
            None,
            now - days(10),
        );
        fx.go(Tab::Clients);
        fx.act(Action::Dormant);
        let names: Vec<_> = fx
            .app
            .clients
            .found
            .iter()
            .map(|f| f.client.tier.clone())
            .collect();
        assert_eq!(names, vec!["private", "gold"]);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("dormant_{}_{w}x{h}", fx.lang()), fx.screen(w, h));
        }
        // The private client has a dedicated manager: one key.
        fx.act(Action::FollowDormant);
        assert!(fx.app.form.is_none());
        assert!(!fx.flash().1, "{:?}", fx.flash());
        assert_eq!(fx.app.clients.found.len(), 1, "followed up: off the list");
        // The gold client has none: the owner form, nothing chosen.
        fx.act(Action::FollowDormant);
        let form = fx.app.form.as_ref().expect("the owner form");
        assert_eq!(form.field(Msg::FieldOwner).get(), "");
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("dormant_owner_{}_{w}x{h}", fx.lang()),
                fx.screen(w, h)
            );
        }
        fx.input(Input::Submit);
        assert!(fx.app.form.is_some(), "an owner must be chosen");
        fx.pick(Msg::FieldOwner, "W01");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.flash());
        assert!(fx.app.clients.found.is_empty());
        let owned = fx.sql_i64(
            "SELECT count(*) FROM prospects WHERE owner = 'W01' AND stage = 'open'",
            args![],
        );
        assert_eq!(owned, 2);
    }
}
