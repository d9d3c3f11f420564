//! Concurrency: eight real lobbydesk applications, each in its own
//! pseudo-terminal as tellers T01–T08 at counters 1–8, each typing 500
//! actions (register a walk-in, call the next client, start, finish; 125
//! times) into one database file as fast as the terminal takes them, while
//! kiosks feed walk-ins with `lobbydesk walkin add` at the same time.
//!
//! Afterwards: every action is saved exactly once (each teller has 125 of each
//! event, every number a kiosk printed is there), no screen ever said the
//! database was busy and no kiosk wrote to stderr, ticket numbers are unique
//! and gap-free per service and day, every ticket is in exactly one state,
//! and the event log has exactly one event per action.

mod support;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lobbydesk::args;
use lobbydesk::store::staff::Staff;
use support::pg::Place;
use support::pty::{sandbox_cmd, Pty, Spawn, BIN};
use support::{on_server, Check};
use tempfile::TempDir;

const TELLERS: u32 = 8;
/// Each cycle is four actions: walk-in, call, start, finish.
const CYCLES: usize = 125;
const KIOSKS: usize = 2;
const KIOSK_WALKINS: usize = 40;
const DEADLINE: Duration = Duration::from_secs(150);

/// A teller's application in a pseudo-terminal, and what its screen showed
/// that it should not have.
struct Teller {
    code: String,
    pty: Pty,
    complaints: Arc<Mutex<BTreeSet<String>>>,
}

/// Plain sentences that mean something failed, as the screen shows them.
const TROUBLE: &[&str] = &[
    "database is busy",
    "Database error",
    "damaged",
    "Cannot write",
    "could not be read or written",
    "disk is full",
    "Nobody is waiting",
    "changed",
    "panicked",
];

impl Teller {
    fn start(home: &Path, db: OsString, config: &Path, code: &str) -> Teller {
        let complaints = Arc::new(Mutex::new(BTreeSet::new()));
        let shared = Arc::clone(&complaints);
        let pty = Spawn::new(80, 24, home)
            .arg("--db")
            .arg(db)
            .arg("--config")
            .arg(config)
            .args(["--lang", "en", "--as", code])
            .label(code)
            .watch(move |screen| {
                let screen = screen.contents();
                for line in screen.lines() {
                    if TROUBLE.iter().any(|t| line.contains(t)) {
                        shared.lock().unwrap().insert(line.trim().to_string());
                    }
                }
            })
            .start();
        Teller {
            code: code.to_string(),
            pty,
            complaints,
        }
    }

    fn wait_for(&mut self, text: &str) {
        self.pty.wait_for_within(text, Duration::from_secs(30));
    }
}

impl Deref for Teller {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.pty
    }
}

impl DerefMut for Teller {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.pty
    }
}

fn teller(n: u32) -> Staff {
    Staff {
        code: format!("T{n:02}"),
        name: format!("Teller {n}"),
        roles: vec!["teller".into()],
        counter: Some(n),
        active: true,
    }
}

fn count(check: &mut Check, sql: &str) -> i64 {
    check.one(sql, args![])
}

/// The rows `sql` returns, each as text.
fn rows(check: &mut Check, sql: &str) -> Vec<String> {
    if let Check::Lite(conn) = check {
        return support::rows(conn, sql);
    }
    check.all(&format!("SELECT q::text FROM ({sql}) q"), args![])
}

fn none(check: &mut Check, sql: &str) {
    let rows = rows(check, sql);
    assert!(rows.is_empty(), "{sql}\n{rows:#?}");
}

/// The keys of one teller's cycles: a walk-in (a service by its letter and
/// now and then a priority by its number), then call, start, finish.
fn keys_for(n: u32) -> String {
    let services = ["A", "A", "B", "V", "C", "L", "A"];
    let priorities = ["", "", "", "2", "3", "1"];
    let mut keys = String::new();
    for i in 0..CYCLES {
        let k = i + n as usize;
        keys.push('n');
        keys.push_str(services[k % services.len()]);
        keys.push_str(priorities[(k / 3) % priorities.len()]);
        keys.push_str("\rcsf");
    }
    keys
}

#[test]
fn eight_tellers_and_kiosks_on_one_file_lose_nothing_and_never_see_busy() {
    let started = Instant::now();
    let home = TempDir::new().unwrap();
    let config = home.path().join("branch.toml");
    // The tellers' own config changes nothing; the counters are the branch's.
    std::fs::write(&config, "").unwrap();
    {
        let mut store = support::open_store(&home);
        for n in 1..=TELLERS {
            store.write(|d| d.put_staff(&teller(n))).unwrap();
        }
        // Counters 1 to 8, each taking every service the tellers register.
        let mut eight = lobbydesk::config::SHIPPED.replace(
            "services = [\"A\", \"B\", \"V\"]",
            "services = [\"A\", \"B\", \"V\", \"C\", \"L\"]",
        );
        for n in 4..=TELLERS {
            eight.push_str(&format!(
                "\n[[counters]]\nnumber = {n}\nzh = \"{n}号窗口\"\nen = \"Counter {n}\"\n\
                 services = [\"A\", \"B\", \"V\", \"C\", \"L\"]\n"
            ));
        }
        store
            .write(|d| d.put_settings(2, &eight, chrono::Utc::now(), "H01"))
            .unwrap();
        if on_server() {
            // The kiosk, as support::add_kiosk puts it on a file's roster.
            store.write(|d| d.put_staff(&support::kiosk())).unwrap();
        }
    }
    let codes: Vec<String> = (1..=TELLERS).map(|n| format!("T{n:02}")).collect();
    let mut people: Vec<&str> = codes.iter().map(String::as_str).collect();
    people.push("K01");
    let place = Place::new(&home, &people);
    if let Place::File(db) = &place {
        support::add_kiosk(db);
        support::pins_for_all(db);
    }

    let mut tellers: Vec<Teller> = codes
        .iter()
        .map(|code| Teller::start(home.path(), place.db_for(code), &config, code))
        .collect();
    for (i, t) in tellers.iter_mut().enumerate() {
        // The status line says who is signed in.
        t.wait_for(&format!("Teller {}", i + 1));
    }

    // The kiosks: walk-ins from outside, while the tellers work.
    let stop = Arc::new(AtomicBool::new(false));
    let kiosks: Vec<_> = (0..KIOSKS)
        .map(|k| {
            let (home, db, stop) = (
                home.path().to_path_buf(),
                place.db_for("K01"),
                Arc::clone(&stop),
            );
            std::thread::spawn(move || kiosk(k, &home, &db, &stop))
        })
        .collect();

    for (i, t) in tellers.iter_mut().enumerate() {
        let keys = keys_for(i as u32 + 1);
        // In slices, as a burst of typing; the terminal queues the rest.
        for chunk in keys.as_bytes().chunks(512) {
            t.send(std::str::from_utf8(chunk).unwrap());
        }
    }

    // Wait for every teller's 500 actions to be saved.
    let mut conn = support::check(&home);
    let expected = (TELLERS as i64) * (CYCLES as i64) * 4;
    let done = |conn: &mut Check| {
        count(
            conn,
            "SELECT count(*) FROM events WHERE actor LIKE 'T0%' AND kind LIKE 'ticket.%'",
        )
    };
    loop {
        let n = done(&mut conn);
        if n >= expected {
            break;
        }
        let gone: Vec<String> = tellers
            .iter_mut()
            .filter_map(|t| (!matches!(t.child.try_wait(), Ok(None))).then(|| t.code.clone()))
            .collect();
        assert!(gone.is_empty(), "tellers exited early: {gone:?}");
        assert!(
            started.elapsed() < DEADLINE,
            "only {n} of {expected} actions saved in {DEADLINE:?}\n{:#?}\n{}",
            rows(
                &mut conn,
                "SELECT actor, kind, count(*) FROM events WHERE actor LIKE 'T0%'
                 GROUP BY actor, kind ORDER BY actor, kind"
            ),
            tellers
                .iter()
                .map(|t| {
                    let screen = t.screen();
                    format!("{}:\n{screen}", t.code)
                })
                .collect::<Vec<_>>()
                .join("\n")
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    stop.store(true, Ordering::SeqCst);
    let mut kiosk_numbers = BTreeSet::new();
    for k in kiosks {
        kiosk_numbers.extend(k.join().expect("a kiosk"));
    }

    // Everyone quits; the screens never complained.
    for t in &mut tellers {
        t.send("q");
    }
    for t in &mut tellers {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(s) = t.child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < deadline, "{} quits", t.code);
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{}: {status:?}", t.code);
        let complaints = t.complaints.lock().unwrap().clone();
        assert!(
            complaints.is_empty(),
            "{} was told: {complaints:#?}",
            t.code
        );
    }

    // Every action once, by its teller.
    for n in 1..=TELLERS {
        for kind in ["add", "call", "start", "finish"] {
            let got = count(
                &mut conn,
                &format!(
                    "SELECT count(*) FROM events WHERE actor = 'T{n:02}' AND kind = 'ticket.{kind}'"
                ),
            );
            assert_eq!(got, CYCLES as i64, "T{n:02} ticket.{kind}");
        }
        let served = count(
            &mut conn,
            &format!("SELECT count(*) FROM tickets WHERE teller = 'T{n:02}' AND status = 'done' AND counter = {n}"),
        );
        assert_eq!(served, CYCLES as i64, "T{n:02} served at counter {n}");
    }
    // Every kiosk walk-in is there.
    let numbers: BTreeSet<String> = conn
        .all::<String>("SELECT number FROM tickets ORDER BY id", args![])
        .into_iter()
        .collect();
    let lost: Vec<&String> = kiosk_numbers.difference(&numbers).collect();
    assert!(lost.is_empty(), "kiosk walk-ins lost: {lost:?}");
    let total = TELLERS as i64 * CYCLES as i64 + kiosk_numbers.len() as i64;
    assert_eq!(count(&mut conn, "SELECT count(*) FROM tickets"), total);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM tickets WHERE status = 'done'"
        ),
        TELLERS as i64 * CYCLES as i64
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM tickets WHERE status = 'waiting' AND called_at IS NULL"
        ),
        kiosk_numbers.len() as i64,
        "the rest still wait"
    );
    // Unique, gap-free numbers; one state each; one event per action.
    none(
        &mut conn,
        "SELECT day, number, count(*) FROM tickets GROUP BY day, number HAVING count(*) > 1",
    );
    none(
        &mut conn,
        "SELECT day, service, min(seq), max(seq), count(*) FROM tickets
         GROUP BY day, service HAVING min(seq) != 1 OR max(seq) != count(*)",
    );
    none(
        &mut conn,
        "SELECT id, number, status FROM tickets WHERE NOT (
          (status = 'waiting' AND called_at IS NULL AND started_at IS NULL AND finished_at IS NULL)
          OR (status = 'done' AND called_at IS NOT NULL AND started_at IS NOT NULL
              AND finished_at IS NOT NULL AND counter IS NOT NULL))",
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM events WHERE kind != 'staff.sign_in'"
        ),
        expected + kiosk_numbers.len() as i64 + count(&mut conn, "SELECT count(*) FROM clients"),
        "one event per action (and one per new client)"
    );
    // And one sign-in per process: each teller's terminal, each kiosk run.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM events WHERE kind = 'staff.sign_in'"
        ),
        TELLERS as i64 + kiosk_numbers.len() as i64,
        "one sign-in per process"
    );
    // The database is whole: the file's pages; the server's trail, whose
    // hash chain a lost or doubled write would break.
    if let Check::Pg(client) = &mut conn {
        let mut tx = client.transaction().unwrap();
        let chain = lobbydesk::store::server::copy::server_chain(&mut tx, "B1").unwrap();
        assert_eq!(chain.first_bad, None);
    } else {
        let ok: String = conn.one("PRAGMA integrity_check", args![]);
        assert_eq!(ok, "ok");
    }
    eprintln!(
        "concurrency: {TELLERS} tellers × {} actions and {} kiosk walk-ins in {:.1} s",
        CYCLES * 4,
        kiosk_numbers.len(),
        started.elapsed().as_secs_f64()
    );
}

/// A ticket kiosk: `walkin add` again and again until told to stop (at
/// least a few), each printing its number and nothing on stderr.
fn kiosk(k: usize, home: &Path, db: &OsString, stop: &AtomicBool) -> Vec<String> {
    let mut numbers = Vec::new();
    for i in 0..KIOSK_WALKINS {
        if i >= 3 && stop.load(Ordering::SeqCst) {
            break;
        }
        let mut cmd = Command::new(BIN);
        cmd.arg("--db").arg(db);
        cmd.args([
            "--lang",
            "en",
            "--as",
            "K01",
            "walkin",
            "add",
            "--service",
            ["A", "V"][(i + k) % 2],
        ]);
        if i % 3 == 0 {
            let mobile = format!("1370000{k}{i:03}");
            cmd.args(["--name", "王芳", "--mobile", &mobile]);
        }
        sandbox_cmd(&mut cmd, home);
        let out = cmd.output().expect("run walkin add");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.is_empty(),
            "kiosk {k}: {:?}\n{stderr}",
            out.status
        );
        let line = String::from_utf8_lossy(&out.stdout).to_string();
        numbers.push(
            line.split(" · ")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    numbers
}

/// Several kiosks or terminals starting on a brand-new database file at the
/// same moment all open it: none is refused (busy, or "not a lobbydesk
/// database").
#[test]
fn a_new_database_opened_by_several_processes_at_once_is_never_refused() {
    let home = TempDir::new().unwrap();
    let mut failures = Vec::new();
    for round in 0..40 {
        let db = home.path().join(format!("new{round}.db"));
        let children: Vec<_> = (0..4)
            .map(|_| {
                let mut cmd = Command::new(BIN);
                cmd.arg("--db").arg(&db);
                // Opening is what is raced: `staff list` opens (creates and
                // migrates) the file without anyone signed in.
                cmd.args(["--lang", "en", "staff", "list"]);
                sandbox_cmd(&mut cmd, home.path());
                cmd.stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            if !out.status.success() {
                failures.push(format!(
                    "round {round}: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
