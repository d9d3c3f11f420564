//! Clients on a branch server: a client list imported, clients found or
//! added at the desk, named, edited and completed, their visits counted,
//! and the prompts their records meet shown when they are called, all read
//! back as on a file: the search by name (Chinese and Latin, any case), by a
//! mobile's last four digits and by a whole mobile included.

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::domain::search::client_query;
use lobbydesk::domain::ticket::Step;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::tickets::{self, TicketTarget};
use lobbydesk::ops::{self};
use lobbydesk::store::client_records::RecordFields;
use lobbydesk::store::Store;
use support::pg::same_on_both;
use support::{as_staff, beijing_day, manager, open_store, t0, teller};

const LIST: &str = "姓名,手机号,客户等级,标签,持有产品数,开户日期,最近大额存入日期,最近大额存入金额,卡激活日期,同意联系\n\
张三,13800000001,普通,代发,1,2026-10-01,,,,是\n\
李四,13900000002,金卡,,3,2019-05-06,2026-11-01,80000,,否\n\
Zhang Wei,13700005678,,,,,,,2026-11-10,是\n\
ZHAO Lei,13600001234,,,2,,,,,\n\
张伟,13500005678,,,,,,,,是\n";

const AGAIN: &str = "姓名,手机号,客户等级,标签,持有产品数\n\
张三,13800000001,,代发;房贷,\n\
王五,13400000009,财富,,5\n\
ZHAO Lei,13600001234,,,2\n";

fn import(store: &mut Store, text: &str, now: DateTime<Utc>) -> String {
    let parsed = ops::import::parse(&Catalog::shipped(), text).expect("a good list");
    let summary = as_staff(store, "H01", now, |db, op| {
        ops::import::import_clients(db, op, &parsed, false)
    });
    format!("{summary:?}")
}

/// A morning's clients, as one string of everything read back.
fn clients_of_a_morning(store: &mut Store) -> String {
    let mut lobby = manager("L01", "陈静", "lobby");
    lobby.roles = vec!["lobby".into()];
    store
        .write(|db| {
            db.put_staff(&manager("H01", "周建", "head"))?;
            db.put_staff(&lobby)?;
            db.put_staff(&teller("T01", "王芳", 1))?;
            db.put_staff(&manager("W01", "周理财", "wealth"))
        })
        .unwrap();
    let mut said = vec![import(store, LIST, t0()), import(store, AGAIN, t0())];

    // At the desk: a new client, one with a mobile only (named later by the
    // desk, or by the store's own fill), one renamed.
    let at = t0() + Duration::minutes(1);
    let added = [
        (Some("王小明"), Some("13300000003")),
        (None, Some("13200000004")),
        (Some("钱七"), Some("13200000004")),
        (None, Some("13100000005")),
        (Some("Zhang Wei"), Some("13700005678")),
    ];
    for (name, mobile) in added {
        let r = as_staff(store, "L01", at, |db, op| {
            ops::clients::find_or_add(db, op, name, mobile)
        });
        said.push(format!("{r:?}"));
    }
    let nameless = store.db().client_by_mobile("13100000005").unwrap().unwrap();
    store
        .write(|db| {
            let again = db.find_or_add_client(Some("孙八"), Some("13100000005"), at)?;
            db.complete_client(nameless.id, "不用", "13199999999")?;
            db.complete_client(again.0, "x", "y").map(|_| again)
        })
        .map(|r| said.push(format!("{r:?}")))
        .unwrap();
    let nameless_too = store
        .write(|db| db.find_or_add_client(None, None, at))
        .unwrap();
    store
        .write(|db| db.complete_client(nameless_too.0, "Li Na", "13000000006"))
        .unwrap();
    let lisi = store.db().client_by_mobile("13900000002").unwrap().unwrap();
    let edited = as_staff(store, "H01", at, |db, op| {
        let fields = RecordFields {
            tier: "wealth".into(),
            tags: "VIP".into(),
            products_held: Some(4),
            opened: NaiveDate::from_ymd_opt(2019, 5, 6),
            last_large_deposit: None,
            card_activated: NaiveDate::from_ymd_opt(2026, 11, 20),
            large_deposit_amount: Some(120_000),
        };
        ops::clients::edit_record(db, op, lisi.id, &fields)
    });
    said.push(format!("{edited:?}"));
    let ok = as_staff(store, "L01", at, |db, op| {
        let c = db.client(lisi.id)?.expect("李四");
        ops::clients::rename(db, op, &c, "李四")
    });
    said.push(format!("{ok:?}"));

    // Walk-ins, each then named as a client; 张三 called, served and done.
    let visitors = ["13800000001", "13700005678", "13500005678", "13800000001"];
    let mut numbers = Vec::new();
    for (i, mobile) in visitors.iter().enumerate() {
        let w = tickets::check_walkin(&Catalog::shipped(), Lang::Zh, "A", "normal", "", "")
            .expect("a good walk-in");
        let now = t0() + Duration::minutes(2 + i as i64);
        let t = as_staff(store, "L01", now, |db, op| {
            tickets::register_walkin(db, op, &w)
        });
        let client = store.db().client_by_mobile(mobile).unwrap().unwrap();
        store
            .write(|db| db.set_ticket_client(t.id, client.id))
            .unwrap();
        numbers.push(t.id);
    }
    let now = t0() + Duration::minutes(10);
    let call = Step::Call {
        counter: 1,
        teller: Some("T01".into()),
    };
    let first = numbers[0];
    for step in [call, Step::Start, Step::Finish] {
        as_staff(store, "T01", now, |db, op| {
            tickets::step(db, op, TicketTarget::Ticket(first), &step)
        });
    }
    let (_, called) = as_staff(store, "T01", now, |db, op| {
        let call = Step::Call {
            counter: 1,
            teller: Some("T01".into()),
        };
        tickets::step(db, op, TicketTarget::Ticket(numbers[3]), &call)
    });
    said.push(format!("{called:?}"));

    let db = store.db();
    let d = beijing_day(now);
    for q in [
        "张",
        "张三",
        "三",
        "zhang",
        "ZHANG WEI",
        "g w",
        "wei",
        "ao l",
        "Li",
        "李四",
        "王",
        "王小明",
        "钱七",
        "孙八",
        "小明同学",
        "%",
        "5678",
        "1234",
        "0001",
        "9999",
        "13800000001",
        "138-0000-0001",
        "13000000006",
        "13999999999",
        "123",
    ] {
        said.push(format!("{q}: {:?}", db.search_clients(q, 10).unwrap()));
    }
    if let Ok(Some(q)) = client_query("张") {
        said.push(format!("{:?}", db.find_clients(&q, 1).unwrap()));
    }
    for id in 1..=11 {
        said.push(format!("{:?}", db.found_client(id).unwrap()));
        said.push(format!("{:?}", db.client(id).unwrap()));
        said.push(format!("{:?}", db.client_record(id).unwrap()));
        said.push(format!("{:?}", db.client_grams(id).unwrap()));
    }
    for mobile in ["13800000001", "13900000002", "13200000004", "19900000000"] {
        said.push(format!("{:?}", db.client_by_mobile(mobile).unwrap()));
        said.push(format!("{:?}", db.client_record_by_mobile(mobile).unwrap()));
    }
    for t in numbers.iter().chain([&999]) {
        said.push(format!("{:?}", db.ticket_client(*t).unwrap()));
        said.push(format!("{:?}", db.cross_sell_shown_for(*t).unwrap()));
    }
    said.push(format!("{:?}", db.prospect_client(1).unwrap()));
    said.push(format!("{:?}", db.cross_sell_shown_on(d).unwrap()));
    said.push(format!("{:?}", db.cross_sell_of_card(1).unwrap()));
    let (from, to) = (d.to_string(), d.to_string());
    let (start, end) = (t0().timestamp() - 86_400, t0().timestamp() + 86_400);
    said.push(format!(
        "{:?}",
        db.cross_sell_counts(&from, &to, start, end).unwrap()
    ));
    said.join("\n")
}

#[test]
fn clients_of_a_morning_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let said = clients_of_a_morning(&mut open_store(&dir));
    for found in [
        "Zhang Wei",
        "张伟",
        "王小明",
        "钱七",
        "孙八",
        "Li Na",
        "single_product",
    ] {
        assert!(said.contains(found), "{found}: {said}");
    }
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_clients_of_a_morning_read_the_same_on_the_server() {
    same_on_both("clients", clients_of_a_morning);
}
