//! Offered = allowed: on the demo branch's morning, for every person on the
//! roster, every tab, every row of its list and every key that acts, the hint
//! line offers the key exactly when the operation behind it would not be
//! refused for authority or state (run for real, then rolled back); a key
//! that is not offered, pressed anyway, opens no form and writes nothing.

mod support;

use chrono::{DateTime, TimeZone, Utc};
use lobbydesk::app::review::SweepItem;
use lobbydesk::app::{Action, App, Tab};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::demo;
use lobbydesk::domain::authority::{Act, Target};
use lobbydesk::domain::card::Outcome;
use lobbydesk::domain::event::Record;
use lobbydesk::domain::ticket::Step;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::disclose::{self, Purpose, Via};
use lobbydesk::ops::tickets::{self, TicketTarget};
use lobbydesk::ops::{cards, prospects};
use lobbydesk::ops::{Op, OpError};
use lobbydesk::store::{Db, Store, StoreError};
use support::*;
use tempfile::TempDir;

/// The keys that act, in every tab.
const ACTIONS: &[Action] = &[
    Action::NewWalkin,
    Action::Call,
    Action::Start,
    Action::Finish,
    Action::HoldResume,
    Action::NoShow,
    Action::Reinstate,
    Action::Divert,
    Action::Referral,
    Action::Transfer,
    Action::Accept,
    Action::Outcome,
    Action::ReferOn,
    Action::LogContact,
    Action::Reschedule,
    Action::Won,
    Action::Lost,
    Action::HandBack,
    Action::Reassign,
    Action::Consent,
    Action::AddProspect,
    Action::Reveal,
    Action::PauseCounter,
    Action::Book,
    Action::CheckIn,
];

fn morning() -> (TempDir, Clock) {
    let at: DateTime<Utc> = beijing()
        .with_ymd_and_hms(2026, 11, 23, 10, 40, 0)
        .unwrap()
        .with_timezone(&Utc);
    let dir = TempDir::new().unwrap();
    let mut store = open_store(&dir);
    let clock = Clock::fixed(at, beijing());
    demo::seed_roster(&mut store, at).unwrap();
    demo::morning(&mut store, &clock, &Catalog::shipped()).unwrap();
    (dir, clock)
}

/// Why a probe's transaction was rolled back: the operation's own answer.
struct Rollback(Result<(), OpError>);

impl From<StoreError> for Rollback {
    fn from(e: StoreError) -> Self {
        Rollback(Err(e.into()))
    }
}

/// Run the operation a key asks for on its target, then undo it: whether
/// the operation refused it for authority or the record's state.
fn denied_by_ops(store: &mut Store, app: &App, action: &Action) -> Option<bool> {
    let op = Op {
        who: &app.person,
        now: app.clock.now(),
        day: app.clock.today(),
        catalog: &app.catalog,
    };
    let (act, target) = if *action == Action::Reveal {
        let (client, record, id, owners) = app.selected_record()?;
        let via = Via { record, id, owners };
        let client = client?;
        return Some(probe(store, |db| {
            disclose::reveal(db, &op, client, &via, Purpose::Reveal)
        }));
    } else {
        app.act_of(action)?
    };
    let me = &app.person;
    let result = match (act, target) {
        (Act::RegisterWalkin, _) => probe(store, |db| {
            let w = tickets::check_walkin(&app.catalog, Lang::En, "A", "normal", "", "")
                .unwrap_or_else(|_| panic!("a plain walk-in"));
            tickets::register_walkin(db, &op, &w).map(drop)
        }),
        (Act::Call, _) => probe(store, |db| {
            let step = Step::Call {
                counter: me.counter.unwrap_or(1),
                teller: Some(me.code.clone()),
            };
            tickets::step(db, &op, TicketTarget::Next, &step).map(drop)
        }),
        (Act::FlagCard, Target::Ticket(t)) => probe(store, |db| {
            let card = cards::NewCard {
                ticket: t.id,
                need: "fund".into(),
                line: "wealth".into(),
                consent: true,
                note: String::new(),
                name: None,
                mobile: None,
            };
            cards::flag_card(db, &op, &card).map(drop)
        }),
        (Act::Transfer, Target::Ticket(t)) => probe(store, |db| {
            let to = if t.service == "C" { "A" } else { "C" };
            tickets::transfer(db, &op, t.id, to).map(drop)
        }),
        (Act::Reinstate, Target::Ticket(t)) => {
            probe(store, |db| tickets::reinstate(db, &op, t.id).map(drop))
        }
        (act, Target::Ticket(t)) => {
            let step = match act {
                Act::Start => Step::Start,
                Act::Finish => Step::Finish,
                Act::Hold => Step::Hold,
                Act::Resume => Step::Resume {
                    counter: t.counter.unwrap_or(1),
                    teller: None,
                },
                Act::NoShow => Step::NoShow,
                Act::Divert => Step::Divert {
                    target: "self_service".into(),
                },
                _ => return None,
            };
            probe(store, |db| {
                tickets::step(db, &op, TicketTarget::Ticket(t.id), &step).map(drop)
            })
        }
        (act, Target::Card(c) | Target::Offer { card: c, .. }) => {
            let (id, other) = (
                c.id,
                if c.line == "wealth" {
                    "credit"
                } else {
                    "wealth"
                },
            );
            let need = if other == "wealth" {
                "fund"
            } else {
                "mortgage"
            };
            probe(store, |db| match act {
                Act::AcceptCard => cards::accept_card(db, &op, id).map(drop),
                Act::RecordOutcome => {
                    cards::record_outcome(db, &op, id, &Outcome::NotNow, None, false).map(drop)
                }
                Act::ReferOn => cards::refer_on(db, &op, id, other, need, "").map(drop),
                Act::SweepCardLater => cards::sweep_card(db, &op, id, false).map(drop),
                Act::SweepCardHandBack => cards::sweep_card(db, &op, id, true).map(drop),
                _ => unreachable!("{act:?} on a card"),
            })
        }
        (act, Target::Prospect(_)) => {
            let id = match (app.tab, app.review.sweep_item(), app.selected_record()) {
                (Tab::Review, Some(SweepItem::Prospect(p)), _) => p.id,
                (_, _, Some((_, Record::Prospect, id, _))) => id,
                _ => unreachable!("a prospect act without a prospect"),
            };
            let p = store.db().prospect(id).unwrap()?;
            let (id, day) = (p.id, op.day);
            // Someone else on the roster, for a reassignment.
            let to = if p.owner == "W01" { "C01" } else { "W01" };
            probe(store, |db| match act {
                Act::LogContact => {
                    let c = prospects::NewContact {
                        channel: "phone".into(),
                        summary: "called".into(),
                        result: String::new(),
                        next_step: String::new(),
                        next_due: day,
                    };
                    prospects::log_contact(db, &op, id, &c)
                }
                Act::Reschedule => prospects::reschedule(db, &op, id, day),
                Act::Win => prospects::win(db, &op, id, "fund", 100).map(drop),
                Act::Lose => prospects::lose(db, &op, id, "no_need", ""),
                Act::HandBack => prospects::hand_back(db, &op, id),
                Act::Reassign => prospects::reassign(db, &op, id, to),
                Act::RecordConsent => prospects::record_consent(db, &op, id, false),
                _ => unreachable!("{act:?} on a prospect"),
            })
        }
        (Act::PauseCounter, Target::Counter(c)) => probe(store, |db| {
            lobbydesk::ops::counters::pause_counter(db, &op, c.number, "lunch").map(drop)
        }),
        (Act::ReopenCounter, Target::Counter(c)) => probe(store, |db| {
            lobbydesk::ops::counters::reopen_counter(db, &op, c.number).map(drop)
        }),
        (Act::AddProspect, _) => probe(store, |db| {
            let new = prospects::ByHand {
                client: None,
                name: Some("测试客户".into()),
                mobile: Some("13900001111".into()),
                line: "wealth".into(),
                consent: true,
                note: String::new(),
                next_due: op.day,
            };
            prospects::add_prospect(db, &op, &new).map(drop)
        }),
        (Act::BookAppointment, _) => probe(store, |db| {
            let (client, _) =
                db.find_or_add_client(Some("预约客户"), Some("13900002222"), op.now)?;
            let b = lobbydesk::ops::appointments::Booking {
                client,
                prospect: None,
                day: op.day.succ_opt().unwrap(),
                time: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                with: "wealth".into(),
                note: String::new(),
            };
            lobbydesk::ops::appointments::book(db, &op, &app.clock, &b).map(drop)
        }),
        (Act::CheckInAppointment, _) => {
            let id = lobbydesk::app::appointments::booked(&app.lobby.arrivals)
                .next()?
                .id;
            probe(store, |db| {
                lobbydesk::ops::appointments::check_in(db, &op, id).map(drop)
            })
        }
        _ => return None,
    };
    Some(result)
}

/// Run `f` in a transaction that is always rolled back; true when refused
/// for authority or state.
fn probe(store: &mut Store, f: impl FnOnce(&Db) -> Result<(), OpError>) -> bool {
    let Err(Rollback(result)) = store.write(|db| -> Result<(), Rollback> { Err(Rollback(f(db))) })
    else {
        unreachable!("a probe never commits")
    };
    match result {
        Err(OpError::Denied(_)) => true,
        // A step the ticket's state forbids is said as that step.
        Err(OpError::Ticket(lobbydesk::domain::ticket::Refusal::Impossible { .. }, _)) => true,
        Err(OpError::Card(lobbydesk::domain::card::CardRefusal::Impossible { .. })) => true,
        Err(OpError::Follow(lobbydesk::domain::followup::FollowRefusal::Ended(_))) => true,
        Err(OpError::Store(e)) => panic!("the store failed: {e}"),
        _ => false,
    }
}

#[test]
fn every_key_is_offered_exactly_when_ops_would_do_it() {
    let (dir, clock) = morning();
    let mut probe_store = open_store(&dir);
    let events_before = probe_store.db().last_event_id().unwrap();
    let mut checked = 0;
    let mut offered = 0;
    let mut acts = std::collections::BTreeMap::new();
    for staff in demo::roster() {
        let store = open_store(&dir);
        let mut app = App::new(
            store,
            clock.clone(),
            Catalog::shipped(),
            Lang::En,
            staff.clone(),
        )
        .expect("start the app");
        for (k, tab) in app.tabs().into_iter().enumerate() {
            app.update(Action::GoTab(k));
            assert_eq!(app.tab, tab);
            if tab == Tab::Review {
                // The closing sweep: its items, one at a time.
                app.update(Action::Sweep);
            }
            app.update(Action::Top);
            // Every row once: until the selection comes back round or stops.
            let mut seen = Vec::new();
            loop {
                let here = app.selected_record().map(|r| (r.1, r.2));
                let item = app.review.sweep_item().map(|i| format!("{i:?}"));
                if seen.contains(&(here, item.clone())) {
                    break;
                }
                seen.push((here, item));
                for action in ACTIONS {
                    let Some(denied) = denied_by_ops(&mut probe_store, &app, action) else {
                        continue;
                    };
                    let offers = app.offers(action);
                    assert_eq!(
                        offers,
                        !denied,
                        "{} on {:?}, row {:?}: {action:?} offered={offers} but ops {}",
                        staff.code,
                        tab,
                        here,
                        if denied { "refuse it" } else { "would do it" },
                    );
                    if !offers {
                        // Pressed anyway: no form opens, nothing is written.
                        let events = probe_store.db().last_event_id().unwrap();
                        app.update(action.clone());
                        assert!(
                            app.form.is_none(),
                            "{} on {tab:?}: {action:?} opened a form",
                            staff.code
                        );
                        assert!(app.flash.as_ref().is_some_and(|f| f.error));
                        assert_eq!(probe_store.db().last_event_id().unwrap(), events);
                    }
                    checked += 1;
                    offered += offers as usize;
                    *acts
                        .entry(format!("{:?}", app.act_of(action).map(|a| a.0)))
                        .or_insert(0) += 1;
                }
                app.update(Action::Down);
            }
        }
    }
    eprintln!("{checked} checks, {offered} offered: {acts:?}");
    assert_eq!(
        probe_store.db().last_event_id().unwrap(),
        events_before,
        "every probe was rolled back"
    );
    assert!(checked > 200, "checked {checked}");
    assert!(offered > 20 && offered < checked, "{offered} of {checked}");
}

/// The colour of the first cell of `text` on the screen, if shown.
fn colour_of(app: &App, text: &str) -> Option<ratatui::style::Color> {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("a terminal");
    terminal
        .draw(|f| lobbydesk::ui::draw(f, app, &lobbydesk::keymap::Keymap::default()))
        .expect("draw");
    let buf = terminal.backend().buffer();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(i) = row.find(text) {
            let x = row[..i].chars().count() as u16;
            return buf[(x, y)].fg.into();
        }
    }
    None
}

#[test]
fn help_greys_the_keys_the_table_does_not_allow_here() {
    let (dir, clock) = morning();
    let dim = Some(ratatui::style::Color::DarkGray);
    let teller = demo::roster()
        .into_iter()
        .find(|s| s.code == "T01")
        .unwrap();
    let mut app = App::new(
        open_store(&dir),
        clock.clone(),
        Catalog::shipped(),
        Lang::En,
        teller,
    )
    .unwrap();
    app.update(Action::ToggleHelp);
    assert_eq!(colour_of(&app, "divert"), dim, "a teller never diverts");
    assert_ne!(colour_of(&app, "new walk-in"), dim, "a teller registers");
    let lobby = demo::roster()
        .into_iter()
        .find(|s| s.code == "L01")
        .unwrap();
    let mut app = App::new(open_store(&dir), clock, Catalog::shipped(), Lang::En, lobby).unwrap();
    app.update(Action::ToggleHelp);
    assert_ne!(colour_of(&app, "divert"), dim, "the lobby manager diverts");
}
