//! The server restarting while eight desks work: each is told the
//! connection was lost, gets a new one by itself, and no walk-in it was told
//! was saved is lost or saved twice. The server is this test's own (started
//! by scripts/pg-server.sh in a temporary folder), since it is restarted.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use lobbydesk::config::Catalog;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::{self, tickets, Op, OpError};
use lobbydesk::store::staff::Staff;
use lobbydesk::store::{Store, StoreError};

const DESKS: usize = 8;
const EACH: usize = 80;

fn script(cmd: &str, dir: &Path) -> String {
    let out = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pg-server.sh"))
        .args([cmd, dir.to_str().unwrap()])
        .output()
        .expect("scripts/pg-server.sh");
    assert!(
        out.status.success(),
        "pg-server.sh {cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct Server(tempfile::TempDir);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pg-server.sh"))
            .args(["stop", self.0.path().join("server").to_str().unwrap()])
            .output();
    }
}

/// How one desk's walk-ins went.
#[derive(Default, Debug)]
struct Tally {
    saved: usize,
    saved_unseen: usize,
    lost_connection: usize,
}

fn desk(url: &str, opened: &AtomicUsize, saves: &AtomicUsize) -> Tally {
    let mut store = Store::open_server(url, Some("B1")).expect("a desk's session");
    let catalog = Catalog::shipped();
    let staff = store.db().staff("L01").unwrap().unwrap();
    // Ready to work: the restart waits for every desk to be here.
    opened.fetch_add(1, Ordering::Relaxed);
    let who = ops::person(&staff, &catalog);
    let walkin = tickets::check_walkin(&catalog, Lang::En, "A", "normal", "", "").unwrap();
    let mut tally = Tally::default();
    let started = Instant::now();
    while tally.saved + tally.saved_unseen < EACH {
        assert!(started.elapsed() < Duration::from_secs(120), "{tally:?}");
        let now = Utc::now();
        let op = Op {
            who: &who,
            now,
            day: now.date_naive(),
            catalog: &catalog,
        };
        match store.write(|db| tickets::register_walkin(db, &op, &walkin)) {
            Ok(_) => {
                tally.saved += 1;
                saves.fetch_add(1, Ordering::Relaxed);
            }
            Err(OpError::Store(StoreError::SavedUnseen)) => tally.saved_unseen += 1,
            // Not saved: the person does it again once the server is back.
            Err(OpError::Store(StoreError::ConnectionLost)) => {
                tally.lost_connection += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    tally
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_restart_loses_nothing_and_doubles_nothing() {
    let server = Server(tempfile::tempdir().unwrap());
    let dir = server.0.path().join("server");
    let admin = script("start", &dir);
    let url = admin.replace("/postgres", "/lobby");
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute("CREATE DATABASE lobby").unwrap();
    lobbydesk::store::server::init(&url).unwrap();
    let mut setup = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    setup
        .batch_execute("INSERT INTO branches VALUES ('B1', 'B1')")
        .unwrap();
    let mut store = Store::open_server(&url, Some("B1")).unwrap();
    let lobby = Staff {
        code: "L01".into(),
        name: "陈静".into(),
        roles: vec!["lobby".into()],
        counter: None,
        active: true,
    };
    store.write(|db| db.put_staff(&lobby)).unwrap();

    let (opened, saves) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let desks: Vec<_> = (0..DESKS)
        .map(|_| {
            let (url, opened, saves) = (url.clone(), Arc::clone(&opened), Arc::clone(&saves));
            std::thread::spawn(move || desk(&url, &opened, &saves))
        })
        .collect();
    // Restart once every desk is open and busy.
    let started = Instant::now();
    while opened.load(Ordering::Relaxed) < DESKS || saves.load(Ordering::Relaxed) < DESKS * 3 {
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    script("restart", &dir);
    let tallies: Vec<Tally> = desks.into_iter().map(|d| d.join().unwrap()).collect();

    let told_saved: usize = tallies.iter().map(|t| t.saved + t.saved_unseen).sum();
    let lost: usize = tallies.iter().map(|t| t.lost_connection).sum();
    assert!(lost > 0, "the restart was noticed: {tallies:?}");
    eprintln!("{tallies:?}");
    let mut check = Store::open_server(&url, Some("B1")).unwrap();
    let on_server = check.db().last_event_id().unwrap();
    // This test's own connection was cut off too.
    let mut setup = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let tickets: i64 = setup
        .query_one("SELECT count(*) FROM tickets", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        tickets as usize, told_saved,
        "every walk-in told saved is there, once: {tallies:?}"
    );
    assert_eq!(tickets as usize, DESKS * EACH);
    assert!(on_server >= tickets);
    // The trail's chain holds across the restart.
    let mut tx = setup.transaction().unwrap();
    let chain = lobbydesk::store::server::copy::server_chain(&mut tx, "B1").unwrap();
    assert_eq!(chain.first_bad, None);
    drop(tx);
    let _ = check.write(|db| db.put_staff(&lobby));
}
