//! Several real lobbydesk processes on one database file, each in its own
//! pseudo-terminal, as at a branch where the teller and the managers each run
//! their own: what one saves, another shows; two managers accepting the same
//! card at the same moment leave exactly one receiver.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use lobbydesk::domain::card::{Card, CardStatus};
use lobbydesk::domain::privacy::mask_name;
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use serde_json::json;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");
const WAIT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------- a small PTY harness
// (the parts of tests/e2e.rs's `Tui` these tests need, for a shared database)

/// Environment for every process of a test: its own home, so the machine's
/// config and data folder are never read.
fn sandbox_env(home: &Path) -> Vec<(String, PathBuf)> {
    vec![
        ("HOME".into(), home.to_path_buf()),
        ("XDG_CONFIG_HOME".into(), home.join("config")),
        ("XDG_DATA_HOME".into(), home.join("data")),
    ]
}

/// lobbydesk running in a pseudo-terminal on a given database. Dropping it
/// kills the process.
struct Tui {
    name: String,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Tui {
    /// `lobbydesk --db <db> --lang en --as <code>` in a 120×40 terminal.
    fn start(home: &Path, db: &Path, code: &str) -> Tui {
        let (cols, rows) = (120, 40);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(db);
        for a in ["--lang", "en", "--as", code] {
            cmd.arg(a);
        }
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        for (k, v) in sandbox_env(home) {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn lobbydesk");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let shared = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                shared.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Tui {
            name: code.to_string(),
            child,
            _master: pair.master,
            writer,
            parser,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn send(&mut self, keys: &str) {
        send(&mut self.writer, keys);
    }

    /// Poll the screen until `ok` holds; on timeout, panic showing it.
    fn wait_until(&mut self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{}: lobbydesk exited ({status:?}) while waiting for {what}\n{}",
                    self.name,
                    frame(&screen)
                );
            }
            if Instant::now() >= deadline {
                panic!(
                    "{}: timed out after {timeout:?} waiting for {what}\n{}",
                    self.name,
                    frame(&screen)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), WAIT, |s| s.contains(text));
    }

    /// `q`, and the process ends well.
    fn quit(mut self) {
        self.send("q");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                assert!(status.success(), "{}: exit status {status:?}", self.name);
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{}: did not quit\n{}",
                self.name,
                frame(&self.screen())
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Type bytes as the keyboard would send them.
fn send(writer: &mut Box<dyn Write + Send>, keys: &str) {
    writer.write_all(keys.as_bytes()).expect("type");
    writer.flush().expect("flush");
}

fn frame(screen: &str) -> String {
    let lines: Vec<String> = screen.lines().map(|l| format!("|{l}")).collect();
    format!("--- screen ---\n{}\n--------------", lines.join("\n"))
}

// ---------------------------------------------------------------- the branch

fn staff(code: &str, name: &str, role: &str, counter: Option<u32>) -> Staff {
    Staff {
        code: code.into(),
        name: name.into(),
        roles: vec![role.into()],
        counter,
        active: true,
    }
}

/// A database with the roster: teller T01 at counter 1, wealth managers W01, W02.
fn branch() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("a temporary folder");
    let db = dir.path().join("branch.db");
    let mut store = Store::open(&db).expect("create the database");
    for s in [
        staff("T01", "张敏", "teller", Some(1)),
        staff("W01", "王芳", "wealth", None),
        staff("W02", "刘洋", "wealth", None),
    ] {
        store.write(|db| db.put_staff(&s)).expect("roster");
    }
    (dir, db)
}

/// A new wealth card for a new client, written by this (third) process.
fn write_card(db: &Path, mobile: &str) -> i64 {
    let mut store = Store::open(db).expect("open the database");
    let now = Utc::now();
    store
        .write(|db| -> Result<i64, lobbydesk::store::StoreError> {
            let (client, _) = db.find_or_add_client(Some("陈静"), Some(mobile), now)?;
            db.set_consent(client, true, "T01", now)?;
            let card = db.insert_card(&Card {
                id: 0,
                ticket_id: None,
                client_id: client,
                referrer: "T01".into(),
                referred_by: "T01".into(),
                line: "wealth".into(),
                need: "fund".into(),
                note: "race".into(),
                consent: true,
                created_at: now,
                receiver: None,
                assistant: None,
                accepted_at: None,
                status: CardStatus::New,
                objection: None,
                product: None,
                amount_cents: None,
                outcome_note: None,
                outcome_at: None,
                parent_id: None,
                root_id: None,
            })?;
            db.add_event(
                now,
                "T01",
                "card.add",
                "card",
                Some(card.id),
                json!({"line": "wealth"}),
            )?;
            Ok(card.id)
        })
        .expect("write a card")
}

// ---------------------------------------------------------------- the tests

#[test]
fn a_card_saved_by_the_teller_shows_in_the_managers_pane_within_two_seconds() {
    let (dir, db) = branch();
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "walkin", "add", "--service", "A"])
        .args(["--name", "王小明", "--mobile", "13812345678"])
        .envs(sandbox_env(dir.path()))
        .output()
        .expect("run the kiosk");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "A001\n");

    // The wealth manager, on the wealth pane (key 2), with nothing yet.
    let mut w01 = Tui::start(dir.path(), &db, "W01");
    w01.wait_for("王芳 Wealth manager");
    w01.send("2");
    w01.wait_for("Wealth · Referral cards");
    w01.wait_for("No referral cards");

    // The teller, in a second process: call, serve, r, need 2, consent y, note, Enter.
    let mut t01 = Tui::start(dir.path(), &db, "T01");
    t01.wait_for("A001");
    t01.send("c");
    t01.wait_for("A001 to counter 1");
    t01.send("s");
    t01.wait_for("A001 being served");
    t01.send("r");
    t01.wait_for("Referral card");
    t01.send("2y");
    t01.send("wants a wealth product\r");
    t01.wait_for("Card #1 sent to Wealth");
    let saved = Instant::now();

    // The manager's screen shows the client (masked) within two seconds.
    let name = mask_name("王小明");
    w01.wait_until(
        &format!("{name} in the wealth pane"),
        Duration::from_secs(2),
        |s| s.lines().any(|l| l.contains(&name) && l.contains("new")),
    );
    let took = saved.elapsed();
    assert!(took <= Duration::from_secs(2), "took {took:?}");
    w01.wait_for("Wealth(1)");
    let screen = w01.screen();
    let row = screen
        .lines()
        .find(|l| l.contains(&name) && l.contains("new"))
        .unwrap()
        .to_string();
    assert!(row.contains('+'), "highlighted as new: {row}");
    assert!(row.contains("张敏"), "the referrer: {row}");
    assert!(row.contains("A001"), "still in the lobby: {row}");

    // What the screens show is what was saved.
    let store = Store::open(&db).unwrap();
    let card = store.db().card(1).unwrap().expect("card #1");
    assert_eq!(
        (
            card.referrer.as_str(),
            card.line.as_str(),
            card.need.as_str()
        ),
        ("T01", "wealth", "wmp")
    );
    assert!(card.consent);
    assert_eq!(card.note, "wants a wealth product");
    drop(store);

    t01.quit();
    w01.quit();
}

#[test]
fn two_managers_accepting_the_same_card_at_once_leave_one_receiver() {
    let (dir, db) = branch();
    let mut w01 = Tui::start(dir.path(), &db, "W01");
    let mut w02 = Tui::start(dir.path(), &db, "W02");
    for t in [&mut w01, &mut w02] {
        t.send("2");
        t.wait_for("Wealth · Referral cards");
    }
    let mut winners = Vec::new();
    for round in 0..5 {
        let id = write_card(&db, &format!("1390000000{round}"));
        let title = format!("Card #{id} ");
        // Both select the newest card (g: top) and show it.
        for t in [&mut w01, &mut w02] {
            t.wait_for("Wealth(1)");
            t.send("g");
            t.wait_for(&title);
        }
        // Both press a together.
        let gate = Arc::new(Barrier::new(2));
        std::thread::scope(|s| {
            for w in [&mut w01.writer, &mut w02.writer] {
                let gate = Arc::clone(&gate);
                s.spawn(move || {
                    gate.wait();
                    send(w, "a");
                });
            }
        });
        let accepted = format!("Accepted card #{id}");
        for t in [&mut w01, &mut w02] {
            let accepted = accepted.clone();
            t.wait_until("the answer to a", WAIT, move |s| {
                s.contains(&accepted) || s.contains("Already accepted by")
            });
        }

        let store = Store::open(&db).unwrap();
        let card = store.db().card(id).unwrap().unwrap();
        let accepts: i64 = store
            .db()
            .events_of("card", id)
            .unwrap()
            .iter()
            .filter(|e| e.kind == "card.accept")
            .count() as i64;
        drop(store);
        assert_eq!(card.status, CardStatus::Accepted);
        assert_eq!(accepts, 1, "round {round}: exactly one accept saved");
        let winner = card.receiver.expect("a receiver");
        let (won, lost, name) = match winner.as_str() {
            "W01" => (&w01, &w02, "王芳"),
            "W02" => (&w02, &w01, "刘洋"),
            other => panic!("receiver {other}"),
        };
        let (won, lost) = (won.screen(), lost.screen());
        assert!(
            won.contains(&accepted),
            "the winner is told\n{}",
            frame(&won)
        );
        assert!(
            lost.contains(&format!("Already accepted by {name}.")),
            "the other is told who\n{}",
            frame(&lost)
        );
        winners.push(winner);
    }
    eprintln!("receivers over the rounds: {winners:?}");
    w01.quit();
    w02.quit();
}
