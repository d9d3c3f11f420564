//! `lobbydesk import clients`: the real binary on real database files. The
//! same clients in UTF-8, UTF-8 with a byte-order mark and GBK give the same
//! records; one bad row changes nothing and is named; a re-import updates by
//! mobile; consent is set only by a consent column; a teller is refused.

mod support;

use lobbydesk::args;
use std::path::{Path, PathBuf};

use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::config::Catalog;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::store::client_records::{ClientRecord, RecordFields};
use lobbydesk::store::Store;
use tempfile::TempDir;

use support::*;

const CLIENTS: &str = "姓名,手机号,客户等级,标签,持有产品数,开户日期,最近大额存入日期,卡激活日期\n\
张三,13800000001,金卡,代发;房贷,3,2019/5/6,2024-01-02,20190510\n\
李四,139-0000-0002,wealth,,1,2021-07-01,,\n\
王五,13700000003,,,,,,\n";

const MOBILES: [&str; 3] = ["13800000001", "13900000002", "13700000003"];

/// A database with a head (H01) and a teller (T01), both with the test PIN.
fn branch() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = db_path(&dir);
    let mut store = Store::open(&db).unwrap();
    put_staff(&mut store, &manager("H01", "周建", "head"));
    put_staff(&mut store, &teller("T01", "张敏", 1));
    put_staff(&mut store, &manager("W01", "王芳", "wealth"));
    drop(store);
    pins_for_all(&db);
    (dir, db)
}

fn import(dir: &TempDir, db: &Path, who: &str, bytes: &[u8], extra: &[&str]) -> (i32, String) {
    let file = dir.path().join("clients.csv");
    std::fs::write(&file, bytes).unwrap();
    let mut args = vec![
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "zh",
        "--as",
        who,
        "import",
        "clients",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = run_lobbydesk(dir.path(), &args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap(), text)
}

fn records(db: &Path, mobiles: &[&str]) -> Vec<Option<ClientRecord>> {
    let store = Store::open(db).unwrap();
    mobiles
        .iter()
        .map(|m| store.db().client_record_by_mobile(m).unwrap())
        .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn utf8_bom_and_gbk_files_give_the_same_records() {
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(CLIENTS.as_bytes());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(CLIENTS);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really GBK bytes");
    let mut seen = Vec::new();
    for (bytes, extra) in [
        (CLIENTS.as_bytes().to_vec(), vec![]),
        (bom, vec![]),
        (gbk.to_vec(), vec![]),
        (gbk.to_vec(), vec!["--encoding", "gbk"]),
    ] {
        let (dir, db) = branch();
        let (code, out) = import(&dir, &db, "H01", &bytes, &extra);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("新增 3，更新 0，不变 0，拒绝 0"), "{out}");
        seen.push(records(&db, &MOBILES));
    }
    let first = seen[0].clone();
    let zhang = first[0].clone().expect("imported");
    assert_eq!(zhang.name.as_deref(), Some("张三"));
    assert_eq!(zhang.tier, "gold");
    assert_eq!(zhang.tags, "代发;房贷");
    assert_eq!(zhang.products_held, Some(3));
    assert_eq!(zhang.opened.unwrap().to_string(), "2019-05-06");
    assert_eq!(zhang.last_large_deposit.unwrap().to_string(), "2024-01-02");
    assert_eq!(zhang.card_activated.unwrap().to_string(), "2019-05-10");
    assert_eq!(first[1].as_ref().unwrap().tier, "wealth");
    assert_eq!(first[2].as_ref().unwrap().tier, "normal");
    for s in &seen {
        assert_eq!(s, &first);
    }
}

#[test]
fn one_bad_row_changes_nothing_and_is_named() {
    let (dir, db) = branch();
    let bad = CLIENTS.replace("13700000003", "1370000");
    let events = count(
        &db,
        "SELECT count(*) FROM events WHERE kind NOT LIKE 'staff.%'",
    );
    for extra in [vec!["--dry-run"], vec![]] {
        let (code, out) = import(&dir, &db, "H01", bad.as_bytes(), &extra);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("第4行：手机号格式不对"), "{out}");
        assert!(out.contains("整个文件没有导入"), "{out}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 0);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events WHERE kind NOT LIKE 'staff.%'"
        ),
        events
    );
    // A duplicate mobile and an unknown tier, in English.
    let dup = format!("{CLIENTS}赵六,13800000001,钻石,,,,,\n");
    let file = dir.path().join("dup.csv");
    std::fs::write(&file, dup).unwrap();
    let args = ["--db", db.to_str().unwrap(), "--lang", "en", "--as", "H01"];
    let out = run_lobbydesk(
        dir.path(),
        &[&args[..], &["import", "clients", file.to_str().unwrap()]].concat(),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("row 5: unknown tier “钻石”"), "{text}");
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 0);
}

#[test]
fn a_dry_run_writes_nothing_and_a_reimport_updates_by_mobile() {
    let (dir, db) = branch();
    let (code, out) = import(&dir, &db, "H01", CLIENTS.as_bytes(), &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("新增 3") && out.contains("试运行"), "{out}");
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 0);
    assert_eq!(import(&dir, &db, "H01", CLIENTS.as_bytes(), &[]).0, 0);
    let before = records(&db, &MOBILES);
    // 张三 moves up a tier and opens a product; 李四's empty cells leave
    // what is stored; 王五 is absent; 孙七 is new.
    let again = "手机号,客户等级,持有产品数,姓名\n\
                 13800000001,财富,4,张三\n\
                 13900000002,,,李四\n\
                 13600000004,,,孙七\n";
    let (code, out) = import(&dir, &db, "H01", again.as_bytes(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("新增 1，更新 1，不变 1，拒绝 0"), "{out}");
    let after = records(&db, &MOBILES);
    let zhang = after[0].clone().unwrap();
    assert_eq!(
        (zhang.tier.as_str(), zhang.products_held),
        ("wealth", Some(4))
    );
    assert_eq!(zhang.id, before[0].as_ref().unwrap().id, "the same client");
    assert_eq!(zhang.tags, "代发;房贷", "an absent column keeps its value");
    assert_eq!(after[1], before[1]);
    assert_eq!(after[2], before[2]);
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 4);
    // Each real run is one event with its counts, no personal values.
    let details: Vec<String> = rusqlite::Connection::open(&db)
        .unwrap()
        .prepare("SELECT details FROM events WHERE kind = 'client.import' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(details.len(), 2);
    assert!(details[1].contains("\"added\":1"), "{}", details[1]);
    for d in &details {
        assert!(!d.contains("138") && !d.contains("张"), "{d}");
    }
}

#[test]
fn consent_only_where_its_column_says_so() {
    let (dir, db) = branch();
    let with =
        "姓名,手机号,同意联系\n张三,13800000001,是\n李四,13900000002,否\n王五,13700000003,\n";
    assert_eq!(import(&dir, &db, "H01", with.as_bytes(), &[]).0, 0);
    let r = records(&db, &MOBILES);
    let c: Vec<_> = r
        .iter()
        .map(|r| r.as_ref().map(|r| (r.consent, r.consent_known)))
        .collect();
    assert_eq!(
        c,
        vec![
            Some((true, true)),
            Some((false, true)),
            Some((false, false))
        ]
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events WHERE kind = 'client.consent'"
        ),
        2
    );
    // Without the column, nothing about consent changes.
    let (code, out) = import(&dir, &db, "H01", CLIENTS.as_bytes(), &[]);
    assert_eq!(code, 0, "{out}");
    let after: Vec<_> = records(&db, &MOBILES)
        .iter()
        .map(|r| r.as_ref().map(|r| (r.consent, r.consent_known)))
        .collect();
    assert_eq!(after, c);
    // A fresh client from a file without the column has no consent.
    let (dir, db) = branch();
    assert_eq!(import(&dir, &db, "H01", CLIENTS.as_bytes(), &[]).0, 0);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM clients WHERE consent <> 0 OR consent_at IS NOT NULL"
        ),
        0
    );
}

#[test]
fn a_teller_is_refused() {
    let (dir, db) = branch();
    let (code, out) = import(&dir, &db, "T01", CLIENTS.as_bytes(), &[]);
    assert_eq!(code, 3, "{out}");
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 0);
}

fn edit(
    db: &Path,
    code: &str,
    client: i64,
    f: &RecordFields,
) -> Result<Vec<&'static str>, OpError> {
    let mut store = Store::open(db).unwrap();
    let catalog = Catalog::shipped();
    let staff = store.db().staff(code).unwrap().expect("on the roster");
    let who = ops::person(&staff, &catalog);
    let op = Op {
        who: &who,
        now: t0(),
        day: day(),
        catalog: &catalog,
    };
    store.write(|d| ops::clients::edit_record(d, &op, client, f))
}

#[test]
fn a_manager_edits_a_record_and_the_event_names_only_the_fields() {
    let (dir, db) = branch();
    assert_eq!(import(&dir, &db, "H01", CLIENTS.as_bytes(), &[]).0, 0);
    let zhang = records(&db, &MOBILES)[0].clone().unwrap();
    let mut f = zhang.fields();
    f.tier = "private".into();
    f.tags = " 房贷 ".into();
    assert_eq!(
        edit(&db, "W01", zhang.id, &f).unwrap(),
        vec!["tier", "tags"]
    );
    let after = records(&db, &MOBILES)[0].clone().unwrap();
    assert_eq!(
        (after.tier.as_str(), after.tags.as_str()),
        ("private", "房贷")
    );
    assert_eq!(
        edit(&db, "H01", zhang.id, &after.fields()).unwrap(),
        Vec::<&str>::new()
    );
    let details: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT details FROM events WHERE kind = 'client.update' ORDER BY id DESC",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(details, r#"{"fields":["tier","tags"]}"#);
    assert!(matches!(
        edit(&db, "T01", zhang.id, &f),
        Err(OpError::Denied(_))
    ));
    f.tier = "diamond".into();
    assert!(matches!(
        edit(&db, "H01", zhang.id, &f),
        Err(OpError::Invalid(..))
    ));
    assert_eq!(records(&db, &MOBILES)[0].as_ref().unwrap().tier, "private");
}

/// On the Clients tab, `/` and a search for `query`.
fn search_clients(fx: &mut Fixture, query: &str) {
    fx.go(Tab::Clients);
    fx.act(Action::Filter);
    fx.type_text(query);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(fx.app.clients.found.len(), 1);
}

#[test]
fn the_clients_tab_edits_a_record_with_e_and_a_teller_is_not_offered_it() {
    for lang in [Lang::Zh, Lang::En] {
        let staff = [teller("T01", "张敏", 1), manager("W01", "王芳", "wealth")];
        let mut fx = Fixture::new(lang, "T01", &staff);
        fx.walkin('A', '1', "李四", "13800000001");
        let key = format!("e {}", Msg::KeyEditClient.get(lang));

        search_clients(&mut fx, "13800000001");
        let hints = fx.screen(120, 40).lines().last().unwrap().to_string();
        assert!(!hints.contains(&key), "{hints}");
        fx.act(Action::EditClient);
        assert!(fx.app.form.is_none());
        assert!(fx.flash().1, "refused in words");

        fx.switch_to("W01");
        search_clients(&mut fx, "13800000001");
        let hints = fx.screen(120, 40).lines().last().unwrap().to_string();
        assert!(hints.contains(&key), "{hints}");
        fx.act(Action::EditClient);
        let form = fx.app.form.as_ref().expect("the record form");
        assert_eq!(form.field(Msg::ImpFieldTier).get(), "normal", "as stored");
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("client_record_form_{}_{w}x{h}", fx.lang());
            insta::assert_snapshot!(name, fx.screen(w, h));
        }
        fx.pick(Msg::ImpFieldTier, "gold");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let q = "SELECT count(*) FROM clients WHERE mobile = '13800000001' AND tier = 'gold'";
        assert_eq!(fx.sql_i64(q, args![]), 1);
        let q = "SELECT count(*) FROM events WHERE kind = 'client.update'
                 AND details = '{\"fields\":[\"tier\"]}'";
        assert_eq!(fx.sql_i64(q, args![]), 1);
    }
}

/// 100,000 rows in one import, timed (not a test of speed: run it with
/// `cargo test --release --test import -- --ignored --nocapture`).
#[test]
#[ignore]
fn a_hundred_thousand_rows() {
    let (dir, db) = branch();
    let tiers = ["普通", "金卡", "财富", "私行"];
    let mut text = String::from("姓名,手机号,客户等级,标签,持有产品数,开户日期,同意联系\n");
    for i in 0..100_000u32 {
        let tier = tiers[i as usize % 4];
        let month = i % 12 + 1;
        let consent = ["是", "否"][i as usize % 2];
        text.push_str(&format!(
            "客户{i},138{i:08},{tier},代发,{},2015-{month:02}-01,{consent}\n",
            i % 7
        ));
    }
    let started = std::time::Instant::now();
    let (code, out) = import(&dir, &db, "H01", text.as_bytes(), &[]);
    let first = started.elapsed();
    assert_eq!(code, 0, "{out}");
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 100_000);
    let started = std::time::Instant::now();
    let (code, out) = import(&dir, &db, "H01", text.as_bytes(), &[]);
    let again = started.elapsed();
    assert_eq!(code, 0, "{out}");
    println!("100,000 rows: imported in {first:.2?}, re-imported (unchanged) in {again:.2?}");
}
