//! Several real lobbydesk processes on one database file, each in its own
//! pseudo-terminal, as at a branch where the teller and the managers each run
//! their own: what one saves, another shows; two managers accepting the same
//! card at the same moment leave exactly one receiver.

mod support;

use lobbydesk::domain::event::EventKind;
use std::ffi::OsString;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::Utc;
use lobbydesk::domain::card::{Card, CardStatus};
use lobbydesk::domain::privacy::mask_name;
use lobbydesk::store::staff::Staff;
use serde_json::json;
use support::pg::Place;
use support::pty::{frame, sandbox_env, Pty, Spawn, BIN, WAIT};
use tempfile::TempDir;

/// lobbydesk running in a pseudo-terminal on a given database, named by the
/// staff member signed in. Dropping it kills the process.
struct Tui {
    name: String,
    pty: Pty,
}

impl Tui {
    /// `lobbydesk --db <db> --lang en --as <code>` in a 120×40 terminal.
    fn start(home: &Path, db: OsString, code: &str) -> Tui {
        let pty = Spawn::new(120, 40, home)
            .arg("--db")
            .arg(db)
            .args(["--lang", "en", "--as", code])
            .unset("LC_ALL")
            .unset("LC_MESSAGES")
            .label(code)
            .start();
        Tui {
            name: code.to_string(),
            pty,
        }
    }

    /// `q`, and the process ends well.
    fn quit(mut self) {
        self.send("q");
        let status = self.wait_exit(Duration::from_secs(5));
        assert!(status.success(), "{}: exit status {status:?}", self.name);
    }
}

impl Deref for Tui {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.pty
    }
}

impl DerefMut for Tui {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.pty
    }
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
fn branch() -> (TempDir, Place) {
    let dir = TempDir::new().expect("a temporary folder");
    let mut store = support::open_store(&dir);
    for s in [
        staff("T01", "张敏", "teller", Some(1)),
        staff("W01", "王芳", "wealth", None),
        staff("W02", "刘洋", "wealth", None),
    ] {
        store.write(|db| db.put_staff(&s)).expect("roster");
    }
    let place = Place::new(&dir, &["T01", "W01", "W02"]);
    (dir, place)
}

/// A new wealth card for a new client, written by this (third) process.
fn write_card(dir: &TempDir, mobile: &str) -> i64 {
    let mut store = support::open_store(dir);
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
                closed_by: None,
                assigned_to: None,
            })?;
            db.add_event(
                now,
                "T01",
                EventKind::CardAdd,
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
    let (dir, place) = branch();
    let out = Command::new(BIN)
        .arg("--db")
        .arg(place.db_for("T01"))
        .args([
            "--lang",
            "en",
            "--as",
            "T01",
            "walkin",
            "add",
            "--service",
            "A",
        ])
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
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("A001 · "));

    // The wealth manager, on the wealth pane (key 2), with nothing yet.
    let mut w01 = Tui::start(dir.path(), place.db_for("W01"), "W01");
    w01.wait_for("王芳 Wealth manager");
    w01.send("2");
    w01.wait_for("Wealth · Referral cards");
    w01.wait_for("No referral cards");

    // The teller, in a second process: call, serve, r, need 2, consent y, note, Enter.
    let mut t01 = Tui::start(dir.path(), place.db_for("T01"), "T01");
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
    let store = support::open_store(&dir);
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
    let (dir, place) = branch();
    let mut w01 = Tui::start(dir.path(), place.db_for("W01"), "W01");
    let mut w02 = Tui::start(dir.path(), place.db_for("W02"), "W02");
    for t in [&mut w01, &mut w02] {
        t.send("2");
        t.wait_for("Wealth · Referral cards");
    }
    let mut winners = Vec::new();
    for round in 0..5 {
        let id = write_card(&dir, &format!("1390000000{round}"));
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
            for t in [&mut w01, &mut w02] {
                let gate = Arc::clone(&gate);
                s.spawn(move || {
                    gate.wait();
                    t.send("a");
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

        let store = support::open_store(&dir);
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
