//! The queue's operations against a real SQLite file: who may register and
//! step tickets, what each writes, and that a refusal writes nothing.

mod support;

use chrono::{DateTime, Utc};
use lobbydesk::config::Catalog;
use lobbydesk::domain::authority::Denial;
use lobbydesk::domain::event::Record;
use lobbydesk::domain::ticket::{Refusal, Status, Step, Ticket};
use lobbydesk::i18n::Lang;
use lobbydesk::ops::tickets::{self, check_walkin, TicketTarget};
use lobbydesk::ops::{Op, OpError};
use lobbydesk::store::Store;
use support::*;
use tempfile::TempDir;

/// A branch with two tellers, a wealth manager and the lobby manager (LOBBY).
struct Branch {
    dir: TempDir,
    store: Store,
    catalog: Catalog,
}

impl Branch {
    fn new() -> Branch {
        let dir = TempDir::new().unwrap();
        let mut store = open_store(&dir);
        for s in [
            teller("T01", "张敏", 1),
            teller("T02", "李强", 2),
            manager("W01", "王芳", "wealth"),
        ] {
            put_staff(&mut store, &s);
        }
        Branch {
            dir,
            store,
            catalog: Catalog::shipped(),
        }
    }

    /// Run operations as `code` at `now`, in one transaction.
    fn as_<T>(
        &mut self,
        code: &str,
        now: DateTime<Utc>,
        f: impl FnOnce(&lobbydesk::store::Db, &Op) -> Result<T, OpError>,
    ) -> Result<T, OpError> {
        let who = person_of(&self.store, code);
        let op = Op {
            who: &who,
            now,
            day: day(),
            catalog: &self.catalog,
        };
        self.store.write(|db| f(db, &op))
    }

    fn walkin(&mut self, code: &str, service: &str, priority: &str) -> Result<Ticket, OpError> {
        let w = check_walkin(&self.catalog, Lang::En, service, priority, "", "").unwrap();
        self.as_(code, t0(), |db, op| tickets::register_walkin(db, op, &w))
    }

    fn step(
        &mut self,
        code: &str,
        target: TicketTarget,
        step: Step,
    ) -> Result<(Ticket, Ticket), OpError> {
        self.as_(code, t0() + mins(5), |db, op| {
            tickets::step(db, op, target, &step)
        })
    }

    fn count(&self, table: &str) -> i64 {
        raw(&self.dir)
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Rows of tickets, clients and events: what a refusal must leave alone.
    fn counts(&self) -> [i64; 3] {
        [
            self.count("tickets"),
            self.count("clients"),
            self.count("events"),
        ]
    }

    fn ticket(&self, id: i64) -> Ticket {
        self.store.db().ticket(id).unwrap().unwrap()
    }
}

fn call(counter: u32, teller: &str) -> Step {
    Step::Call {
        counter,
        teller: Some(teller.into()),
    }
}

#[test]
fn a_wealth_manager_cannot_register_a_walkin_and_nothing_is_written() {
    let mut b = Branch::new();
    let before = b.counts();
    let w = check_walkin(&b.catalog, Lang::En, "A", "normal", "赵雷", "13800000001").unwrap();
    let r = b.as_("W01", t0(), |db, op| tickets::register_walkin(db, op, &w));
    assert!(
        matches!(r, Err(OpError::Denied(Denial::NotServing))),
        "{r:?}"
    );
    assert_eq!(b.counts(), before, "no ticket, no client, no event");
}

#[test]
fn a_walkin_writes_its_client_and_ticket_with_codes_only() {
    let mut b = Branch::new();
    let w = check_walkin(&b.catalog, Lang::En, "V", "vip", "赵雷", "138 0000 0001").unwrap();
    let t = b
        .as_("T01", t0(), |db, op| tickets::register_walkin(db, op, &w))
        .unwrap();
    assert_eq!((t.number.as_str(), t.is_priority), ("V001", true));
    let client = t.client_id.expect("the client was recorded");
    let ev = b.store.db().events_of("client", client).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0].kind.as_str(), ev[0].actor.as_str()),
        ("client.add", "T01")
    );
    let ev = b.store.db().events_of("ticket", t.id).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].kind, "ticket.add");
    assert_eq!(
        ev[0].details,
        serde_json::json!({"number": "V001", "service": "V", "priority": "vip"})
    );
    let all: String = raw(&b.dir)
        .query_row("SELECT group_concat(details) FROM events", [], |r| r.get(0))
        .unwrap();
    assert!(
        !all.contains("赵雷") && !all.contains("13800000001"),
        "{all}"
    );
}

#[test]
fn bad_fields_are_refused_one_by_one_before_anything_is_written() {
    let b = Branch::new();
    let errors = check_walkin(&b.catalog, Lang::En, "Z", "gold", "", "12345").unwrap_err();
    let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
    use lobbydesk::i18n::Msg;
    assert_eq!(
        fields,
        [Msg::FieldService, Msg::FieldPriority, Msg::FieldMobile]
    );
    assert!(errors[0].1.contains('Z'), "{:?}", errors[0]);
    assert_eq!(b.counts(), [0, 0, 0]);
}

#[test]
fn a_teller_cannot_finish_a_ticket_at_another_counter() {
    let mut b = Branch::new();
    let t = b.walkin("LOBBY", "A", "normal").unwrap();
    let target = TicketTarget::Ticket(t.id);
    b.step("T02", TicketTarget::Next, call(2, "T02")).unwrap();
    b.step("T02", target, Step::Start).unwrap();
    let before = b.counts();

    let r = b.step("T01", target, Step::Finish);
    assert!(
        matches!(r, Err(OpError::Denied(Denial::OtherCounter(2)))),
        "{r:?}"
    );
    // Nor mark it a no-show, which its state forbids anyway: not theirs comes first.
    let r = b.step("T01", target, Step::NoShow);
    assert!(
        matches!(r, Err(OpError::Denied(Denial::OtherCounter(2)))),
        "{r:?}"
    );
    assert_eq!(b.counts(), before, "a refused step writes no event");
    assert_eq!(b.ticket(t.id).status, Status::Serving);

    // The teller at counter 2 and the lobby manager may.
    b.step("T02", target, Step::Hold).unwrap();
    let (old, new) = b
        .step(
            "LOBBY",
            target,
            Step::Resume {
                counter: 2,
                teller: None,
            },
        )
        .unwrap();
    assert_eq!((old.status, new.status), (Status::OnHold, Status::Serving));
    let (_, done) = b.step("T02", target, Step::Finish).unwrap();
    assert_eq!(done.status, Status::Done);
    let kinds: Vec<String> = b
        .store
        .db()
        .events_of("ticket", t.id)
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.kind, e.actor))
        .collect();
    assert_eq!(
        kinds,
        [
            "ticket.add LOBBY",
            "ticket.call T02",
            "ticket.start T02",
            "ticket.hold T02",
            "ticket.resume LOBBY",
            "ticket.finish T02"
        ]
    );
}

#[test]
fn a_step_the_state_forbids_names_the_step_and_writes_nothing() {
    let mut b = Branch::new();
    let t = b.walkin("LOBBY", "A", "normal").unwrap();
    let before = b.counts();
    let r = b.step("T01", TicketTarget::Ticket(t.id), Step::Finish);
    match r {
        Err(OpError::Ticket(Refusal::Impossible { step, status }, n)) => {
            assert_eq!(
                (step, status, n.as_str()),
                ("finish", Status::Waiting, "A001")
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(b.counts(), before);
}

#[test]
fn only_the_queue_runner_diverts() {
    let mut b = Branch::new();
    let t = b.walkin("LOBBY", "A", "normal").unwrap();
    let divert = Step::Divert {
        target: "self".into(),
    };
    let before = b.counts();
    for who in ["T01", "W01"] {
        let r = b.step(who, TicketTarget::Ticket(t.id), divert.clone());
        assert!(matches!(r, Err(OpError::Denied(_))), "{who}: {r:?}");
    }
    assert_eq!(b.counts(), before);
    let (_, new) = b.step("LOBBY", TicketTarget::Ticket(t.id), divert).unwrap();
    assert_eq!(
        (new.status, new.divert_target.as_deref()),
        (Status::Diverted, Some("self"))
    );
}

#[test]
fn call_next_takes_the_call_order_recalls_at_its_own_counter_and_keeps_counters_free() {
    let mut b = Branch::new();
    let normal = b.walkin("LOBBY", "A", "normal").unwrap();
    let vip = b.walkin("LOBBY", "V", "vip").unwrap();

    // Priority first.
    let (_, called) = b.step("T01", TicketTarget::Next, call(1, "T01")).unwrap();
    assert_eq!(called.id, vip.id);
    assert_eq!((called.counter, called.calls), (Some(1), 1));

    // Counter 1 is busy: nobody else is called there.
    let before = b.counts();
    let r = b.step("T01", TicketTarget::Next, call(1, "T01"));
    match r {
        Err(OpError::Ticket(Refusal::CounterBusy { counter, number }, _)) => {
            assert_eq!((counter, number.as_str()), (1, "V001"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(b.counts(), before);

    // A recall at its own counter; not at another one.
    let (_, again) = b
        .step("T01", TicketTarget::Ticket(vip.id), call(1, "T01"))
        .unwrap();
    assert_eq!(again.calls, 2);
    let r = b.step("LOBBY", TicketTarget::Ticket(vip.id), call(2, "T02"));
    assert!(
        matches!(
            r,
            Err(OpError::Ticket(Refusal::CalledElsewhere { counter: 1 }, _))
        ),
        "{r:?}"
    );
    // T02 may not recall a ticket at counter 1.
    let r = b.step("T02", TicketTarget::Ticket(vip.id), call(2, "T02"));
    assert!(
        matches!(r, Err(OpError::Denied(Denial::OtherCounter(1)))),
        "{r:?}"
    );

    // The next one goes to counter 2; then nobody is waiting.
    let (_, second) = b.step("T02", TicketTarget::Next, call(2, "T02")).unwrap();
    assert_eq!(second.id, normal.id);
    let before = b.counts();
    let r = b.step("LOBBY", TicketTarget::Next, call(3, "LOBBY"));
    assert!(matches!(r, Err(OpError::NobodyWaiting)), "{r:?}");
    assert_eq!(b.counts(), before);
}

#[test]
fn a_ticket_that_is_gone_is_changed_elsewhere() {
    let mut b = Branch::new();
    let r = b.step("LOBBY", TicketTarget::Ticket(999), Step::Start);
    assert!(matches!(r, Err(OpError::Changed(Record::Ticket))), "{r:?}");
    assert_eq!(b.counts(), [0, 0, 0]);
}

#[test]
fn a_wealth_manager_steps_only_the_tickets_at_their_desk() {
    let mut b = Branch::new();
    let t = b.walkin("LOBBY", "A", "normal").unwrap();
    let before = b.counts();
    // Not to a counter: their desk is 11 (the wealth line's).
    let r = b.step("W01", TicketTarget::Ticket(t.id), call(1, "W01"));
    assert!(
        matches!(r, Err(OpError::Denied(Denial::OtherCounter(1)))),
        "{r:?}"
    );
    for step in [Step::Start, Step::NoShow] {
        let r = b.step("W01", TicketTarget::Ticket(t.id), step);
        assert!(matches!(r, Err(OpError::Ticket(..))), "{r:?}");
    }
    // Call-next at the desk takes only wealth tickets.
    let r = b.step("W01", TicketTarget::Next, call(11, "W01"));
    assert!(
        matches!(r, Err(OpError::NobodyForCounter { counter: 11, .. })),
        "{r:?}"
    );
    assert_eq!(b.counts(), before);
    let c = b.walkin("LOBBY", "C", "normal").unwrap();
    let (_, called) = b.step("W01", TicketTarget::Next, call(11, "W01")).unwrap();
    assert_eq!((called.id, called.counter), (c.id, Some(11)));
}

#[test]
fn a_transfer_keeps_the_number_and_arrival_and_leaves_numbering_alone() {
    let mut b = Branch::new();
    let a1 = b.walkin("LOBBY", "A", "normal").unwrap();
    let c1 = b.walkin("LOBBY", "C", "normal").unwrap();
    let a2 = b.walkin("LOBBY", "A", "normal").unwrap();
    // A1 is called and served at counter 1, then found to need the wealth desk.
    let call = Step::Call {
        counter: 1,
        teller: Some("T01".into()),
    };
    b.step("T01", TicketTarget::Ticket(a1.id), call).unwrap();
    b.step("T01", TicketTarget::Ticket(a1.id), Step::Start)
        .unwrap();
    let moved = b
        .as_("T01", t0() + mins(9), |db, op| {
            tickets::transfer(db, op, a1.id, "C")
        })
        .unwrap();
    assert_eq!(
        (moved.number.as_str(), moved.service.as_str()),
        ("A001", "C")
    );
    assert_eq!(
        (moved.status, moved.arrived_at),
        (Status::Waiting, a1.arrived_at)
    );
    assert_eq!(
        (moved.counter, moved.called_at),
        (None, None),
        "counter 1 is free"
    );
    let stored = b.store.db().ticket(a1.id).unwrap().unwrap();
    assert_eq!(stored, moved, "as the store reads it");
    // It waits in C's queue at its arrival-time place: ahead of C001.
    let open = b.store.db().open_tickets(day()).unwrap();
    let waiting_c: Vec<&str> = open
        .iter()
        .filter(|t| t.status == Status::Waiting && t.service == "C")
        .map(|t| t.number.as_str())
        .collect();
    assert_eq!(waiting_c, ["A001", "C001"]);
    // Numbering goes on as before in both services.
    assert_eq!(b.walkin("LOBBY", "C", "normal").unwrap().number, "C002");
    assert_eq!(b.walkin("LOBBY", "A", "normal").unwrap().number, "A003");
    assert_eq!((c1.number.as_str(), a2.number.as_str()), ("C001", "A002"));
    // The history shows it.
    let events = b.store.db().events_of("ticket", a1.id).unwrap();
    let last = events
        .iter()
        .find(|e| e.kind == "ticket.transfer")
        .expect("the event");
    let details = &last.details;
    assert_eq!(details["from"], "A");
    assert_eq!(details["to"], "C");
    assert_eq!(details["number"], "A001");
}

#[test]
fn a_transfer_is_refused_to_whoever_may_not_and_for_a_bad_service() {
    let mut b = Branch::new();
    let a1 = b.walkin("LOBBY", "A", "normal").unwrap();
    let events = b.count("events");
    // A teller may not move a ticket still in the queue; a wealth manager nothing.
    let e = b.as_("T01", t0(), |db, op| tickets::transfer(db, op, a1.id, "C"));
    assert!(matches!(e, Err(OpError::Denied(Denial::NotQueue))), "{e:?}");
    let e = b.as_("W01", t0(), |db, op| tickets::transfer(db, op, a1.id, "C"));
    assert!(
        matches!(e, Err(OpError::Denied(Denial::NotServing))),
        "{e:?}"
    );
    for bad in ["A", "Z"] {
        let e = b.as_("LOBBY", t0(), |db, op| {
            tickets::transfer(db, op, a1.id, bad)
        });
        assert!(matches!(e, Err(OpError::Invalid(..))), "{bad}: {e:?}");
    }
    assert_eq!(b.count("events"), events, "nothing written");
    // Called to counter 2: T02 may, T01 may not.
    let call = Step::Call {
        counter: 2,
        teller: Some("T02".into()),
    };
    b.step("T02", TicketTarget::Ticket(a1.id), call).unwrap();
    let e = b.as_("T01", t0(), |db, op| tickets::transfer(db, op, a1.id, "C"));
    assert!(
        matches!(e, Err(OpError::Denied(Denial::OtherCounter(2)))),
        "{e:?}"
    );
    let t = b.as_("T02", t0(), |db, op| tickets::transfer(db, op, a1.id, "C"));
    assert_eq!(t.unwrap().status, Status::Waiting);
    // A finished visit is not transferred.
    let done = b.walkin("LOBBY", "B", "normal").unwrap();
    b.step(
        "LOBBY",
        TicketTarget::Ticket(done.id),
        Step::Divert {
            target: "self".into(),
        },
    )
    .unwrap();
    let e = b.as_("LOBBY", t0(), |db, op| {
        tickets::transfer(db, op, done.id, "C")
    });
    assert!(matches!(
        e,
        Err(OpError::Ticket(
            Refusal::Impossible {
                step: "transfer",
                ..
            },
            _
        ))
    ));
}
