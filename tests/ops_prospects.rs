//! The follow-up operations (`ops::prospects`) on one real SQLite file, as
//! each person of a small branch: who may do what to a prospect in which
//! state, that a refusal writes nothing, and that the trail holds no free text.

mod support;

use chrono::Duration;
use lobbydesk::config::Catalog;
use lobbydesk::domain::authority::{Denial, Person};
use lobbydesk::domain::event::Record;
use lobbydesk::domain::followup::{FollowRefusal, Stage};
use lobbydesk::ops::prospects::{self, ByHand, NewContact};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::store::staff::Staff;
use lobbydesk::store::{Db, Store};
use tempfile::TempDir;

use support::*;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("W02", "刘洋", "wealth"),
        manager("H01", "周建", "head"),
    ]
}

struct Branch {
    dir: TempDir,
    store: Store,
    catalog: Catalog,
}

impl Branch {
    fn new() -> Branch {
        let dir = TempDir::new().unwrap();
        let mut store = open_store(&dir);
        for s in branch() {
            put_staff(&mut store, &s);
        }
        Branch {
            dir,
            store,
            catalog: Catalog::shipped(),
        }
    }

    fn person(&self, code: &str) -> Person {
        let staff = self.store.db().staff(code).unwrap().unwrap();
        ops::person(&staff, &self.catalog)
    }

    /// Run one operation as `code`, at 10:30 on the test day.
    fn run<T>(
        &mut self,
        code: &str,
        f: impl FnOnce(&Db, &Op) -> Result<T, OpError>,
    ) -> Result<T, OpError> {
        let who = self.person(code);
        let op = Op {
            who: &who,
            now: t0(),
            day: day(),
            catalog: &self.catalog,
        };
        self.store.write(|db| f(db, &op))
    }

    /// Every table's rows and the number of events.
    fn state(&self) -> (String, i64) {
        let conn = raw(&self.dir);
        let events = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        (table_rows(&conn), events)
    }

    fn details(&self, kind: &str) -> Vec<String> {
        rows(
            &raw(&self.dir),
            &format!("SELECT details FROM events WHERE kind = '{kind}' ORDER BY id"),
        )
    }

    /// A consenting client put on `owner`'s list by hand.
    fn prospect(&mut self, owner: &str, mobile: &str) -> i64 {
        let new = by_hand(None, Some(mobile), "");
        self.run(owner, |db, op| prospects::add_prospect(db, op, &new))
            .expect("added")
    }
}

fn by_hand(client: Option<i64>, mobile: Option<&str>, note: &str) -> ByHand {
    ByHand {
        client,
        name: mobile.map(|_| "赵雷".to_string()),
        mobile: mobile.map(str::to_string),
        line: "wealth".into(),
        consent: true,
        note: note.into(),
        next_due: day() + Duration::days(2),
    }
}

fn contact() -> NewContact {
    NewContact {
        channel: "phone".into(),
        summary: "电话沟通".into(),
        result: String::new(),
        next_step: String::new(),
        next_due: day() + Duration::days(7),
    }
}

/// Each step a prospect's owner can take, by name.
type Step = fn(&Db, &Op, i64) -> Result<(), OpError>;

fn steps() -> [(&'static str, Step); 5] {
    [
        ("log", |db, op, id| {
            prospects::log_contact(db, op, id, &contact())
        }),
        ("reschedule", |db, op, id| {
            prospects::reschedule(db, op, id, day() + Duration::days(3))
        }),
        ("won", |db, op, id| {
            prospects::win(db, op, id, "wmp", 100_000).map(|_| ())
        }),
        ("lost", |db, op, id| {
            prospects::lose(db, op, id, "no_need", "")
        }),
        ("hand back", prospects::hand_back),
    ]
}

#[test]
fn an_ended_prospect_refuses_every_step_and_writes_nothing() {
    let mut b = Branch::new();
    let id = b.prospect("W01", "13800000001");
    b.run("W01", |db, op| prospects::lose(db, op, id, "distrust", ""))
        .unwrap();
    let before = b.state();
    for who in ["W01", "H01"] {
        for (name, step) in steps() {
            let e = b.run(who, |db, op| step(db, op, id)).unwrap_err();
            assert!(
                matches!(e, OpError::Denied(Denial::Ended(Stage::Lost))),
                "{who} {name}: {e:?}"
            );
            assert_eq!(b.state(), before, "{who} {name} wrote nothing");
        }
    }
}

#[test]
fn another_managers_prospect_is_refused() {
    let mut b = Branch::new();
    let id = b.prospect("W01", "13800000001");
    let before = b.state();
    for who in ["W02", "T01"] {
        for (name, step) in steps() {
            let e = b.run(who, |db, op| step(db, op, id)).unwrap_err();
            assert!(
                matches!(&e, OpError::Denied(Denial::NotOwner(o)) if o == "W01"),
                "{who} {name}: {e:?}"
            );
        }
        let e = b
            .run(who, |db, op| prospects::record_consent(db, op, id, false))
            .unwrap_err();
        assert!(matches!(e, OpError::Denied(Denial::NotOwner(_))), "{e:?}");
    }
    assert_eq!(b.state(), before);
    // The owner, and the branch head, may.
    b.run("W01", |db, op| {
        prospects::reschedule(db, op, id, day() + Duration::days(4))
    })
    .unwrap();
    b.run("H01", |db, op| {
        prospects::log_contact(db, op, id, &contact())
    })
    .unwrap();
    let p = b.store.db().prospect(id).unwrap().unwrap();
    assert_eq!(p.contacts, 1);
}

#[test]
fn only_the_branch_head_reassigns() {
    let mut b = Branch::new();
    let id = b.prospect("W01", "13800000001");
    let before = b.state();
    for who in ["W01", "W02", "T01"] {
        let e = b
            .run(who, |db, op| prospects::reassign(db, op, id, "W02"))
            .unwrap_err();
        assert!(
            matches!(e, OpError::Denied(Denial::NotHead)),
            "{who}: {e:?}"
        );
    }
    assert_eq!(b.state(), before);
    // To the owner already: nothing to change.
    let e = b
        .run("H01", |db, op| prospects::reassign(db, op, id, "W01"))
        .unwrap_err();
    assert!(
        matches!(e, OpError::Follow(FollowRefusal::SameOwner)),
        "{e:?}"
    );
    assert_eq!(b.state(), before);

    b.run("H01", |db, op| prospects::reassign(db, op, id, "W02"))
        .unwrap();
    assert_eq!(b.store.db().prospect(id).unwrap().unwrap().owner, "W02");
    let reassigned = rows(
        &raw(&b.dir),
        "SELECT actor, details FROM events WHERE kind = 'prospect.reassign'",
    );
    assert_eq!(reassigned.len(), 1);
    assert!(reassigned[0].contains("\"H01\""), "{reassigned:?}");
    assert!(
        reassigned[0].contains(r#"\"to\":\"W02\""#),
        "{reassigned:?}"
    );
}

#[test]
fn a_prospect_goes_only_to_staff_at_work() {
    let mut b = Branch::new();
    let mut display = teller("D01", "叫号屏", 0);
    display.roles = vec!["display".into()];
    display.counter = None;
    let mut gone = manager("W03", "赵刚", "wealth");
    gone.active = false;
    put_staff(&mut b.store, &display);
    put_staff(&mut b.store, &gone);
    let id = b.prospect("W01", "13800000001");
    let before = b.state();
    for to in ["D01", "W03", "X99"] {
        let e = b
            .run("H01", |db, op| prospects::reassign(db, op, id, to))
            .unwrap_err();
        assert!(
            matches!(e, OpError::Follow(FollowRefusal::NotStaff)),
            "{to}: {e:?}"
        );
        assert_eq!(b.state(), before, "{to}: nothing written");
    }
}

#[test]
fn a_withdrawn_consent_refuses_a_contact() {
    let mut b = Branch::new();
    let id = b.prospect("W01", "13800000001");
    b.run("W01", |db, op| prospects::record_consent(db, op, id, false))
        .unwrap();
    let before = b.state();
    let e = b
        .run("W01", |db, op| {
            prospects::log_contact(db, op, id, &contact())
        })
        .unwrap_err();
    assert!(matches!(e, OpError::Denied(Denial::NoConsent)), "{e:?}");
    assert_eq!(b.state(), before);
    // Asked again, yes: the contact is logged.
    b.run("W01", |db, op| prospects::record_consent(db, op, id, true))
        .unwrap();
    b.run("W01", |db, op| {
        prospects::log_contact(db, op, id, &contact())
    })
    .unwrap();
    assert_eq!(b.details("client.consent").len(), 3);
}

#[test]
fn a_vanished_prospect_or_a_past_date_changes_nothing() {
    let mut b = Branch::new();
    let id = b.prospect("W01", "13800000001");
    let before = b.state();
    let e = b
        .run("H01", |db, op| prospects::hand_back(db, op, 999))
        .unwrap_err();
    assert!(matches!(e, OpError::Changed(Record::Prospect)), "{e:?}");
    let e = b
        .run("W01", |db, op| {
            prospects::reschedule(db, op, id, day() - Duration::days(1))
        })
        .unwrap_err();
    assert!(
        matches!(e, OpError::Follow(FollowRefusal::DueInPast)),
        "{e:?}"
    );
    assert_eq!(b.state(), before);
}

#[test]
fn a_prospect_added_by_hand_keeps_its_note_out_of_the_trail() {
    let mut b = Branch::new();
    let note = "客户想了解养老理财，周末方便";
    let new = by_hand(None, Some("13800000001"), note);
    let id = b
        .run("T01", |db, op| prospects::add_prospect(db, op, &new))
        .unwrap();
    let p = b.store.db().prospect(id).unwrap().unwrap();
    assert_eq!((p.owner.as_str(), p.note.as_str()), ("T01", note));
    assert!(p.consent, "the answer given is recorded");
    let trail = rows(&raw(&b.dir), "SELECT kind, details FROM events ORDER BY id").join("\n");
    for secret in [note, "养老", "赵雷", "13800000001"] {
        assert!(!trail.contains(secret), "{secret:?} in the trail:\n{trail}");
    }
    assert!(trail.contains("prospect.add"), "{trail}");

    // Ending it keeps the note, and adds the one given then on a line of its own.
    b.run("T01", |db, op| {
        prospects::lose(db, op, id, "no_need", "已在他行购买")
    })
    .unwrap();
    let p = b.store.db().prospect(id).unwrap().unwrap();
    assert_eq!(p.note, format!("{note}\n已在他行购买"));
}

#[test]
fn adding_the_chosen_client_keeps_what_is_stored() {
    let mut b = Branch::new();
    let first = b.prospect("W01", "13800000001");
    let client = b.store.db().prospect(first).unwrap().unwrap().client_id;
    assert_eq!(clients(&b), 1);
    // On the same line again: refused, nothing written.
    let before = b.state();
    let again = by_hand(Some(client), None, "");
    let e = b
        .run("T01", |db, op| prospects::add_prospect(db, op, &again))
        .unwrap_err();
    assert!(matches!(e, OpError::AlreadyProspect), "{e:?}");
    assert_eq!(b.state(), before);
    // On another line, the masked name and mobile left as shown: the same client.
    let credit = ByHand {
        line: "credit".into(),
        ..again
    };
    let id = b
        .run("T01", |db, op| prospects::add_prospect(db, op, &credit))
        .unwrap();
    let p = b.store.db().prospect(id).unwrap().unwrap();
    assert_eq!(p.client_id, client);
    assert_eq!(
        (p.client_name.as_deref(), p.client_mobile.as_deref()),
        (Some("赵雷"), Some("13800000001"))
    );
    assert_eq!(clients(&b), 1);
}

fn clients(b: &Branch) -> i64 {
    raw(&b.dir)
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap()
}
