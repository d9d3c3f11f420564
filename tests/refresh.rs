//! Reading again only what changed: after every key, every write (by this
//! process or another) and every tick, what the application shows is what it
//! would show had it read everything again. Two people work a demo branch (a
//! few weeks of history and the morning queue) on one file, pressing keys
//! chosen by a fixed pseudo-random sequence, while the clock moves on.

mod support;

use chrono::Duration;
use lobbydesk::app::{Action, App, Input, Tab};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::demo::{self, HistoryOptions};
use lobbydesk::domain::card::CardStatus;
use lobbydesk::domain::event::EventKind;
use lobbydesk::domain::followup::{Bucket, Stage};
use lobbydesk::i18n::Lang;
use lobbydesk::store::prospects::NewProspect;
use lobbydesk::store::Store;
use serde_json::json;
use tempfile::TempDir;

use support::*;

/// Everything the screens are drawn from, as text.
fn shown(app: &App) -> String {
    let mut out = format!(
        "now {:?} roster {:?}\nlobby {:?} {} {:?} {:?}\n",
        app.now,
        app.roster,
        app.lobby.rows,
        app.lobby.cursor.at(),
        app.lobby.counters,
        app.lobby.figures
    );
    for p in &app.lines {
        let mut fresh: Vec<i64> = p.fresh.iter().copied().collect();
        fresh.sort();
        out += &format!(
            "pane {} {:?} {} {:?} {:?}\n",
            p.line,
            p.cards,
            p.cursor.at(),
            p.chain,
            fresh
        );
    }
    let f = &app.followups;
    out += &format!(
        "follow-ups {:?} {} {:?} {} {:?}\n",
        f.filter,
        f.escalated_only,
        // The rows on and around the cursor (the list is read a window at a
        // time), and how many the list holds in each section.
        f.shown(f.cursor.at().saturating_sub(40)..f.cursor.at() + 40),
        f.cursor.at(),
        f.history
    );
    out += &format!(
        "follow-up sections {:?}\n",
        [
            Bucket::Overdue,
            Bucket::DueToday,
            Bucket::Upcoming,
            Bucket::Ended
        ]
        .map(|b| f.count(b))
    );
    let c = &app.clients;
    out += &format!("clients {:?} {} {:?}\n", c.found, c.cursor.at(), c.history);
    out += &format!("review {:?}\n", app.review.report);
    out
}

/// What `app` shows is what it shows after reading everything again, at the
/// instant its state was computed for (a tick within the minute computes
/// nothing).
fn check(app: &mut App, clock: &Clock, step: &str) {
    let f = &app.followups;
    for b in [
        Bucket::Overdue,
        Bucket::DueToday,
        Bucket::Upcoming,
        Bucket::Ended,
    ] {
        // The rows read are a window of the list: each section holds at
        // least those of it read.
        let n = f.rows.iter().filter(|(x, _)| *x == b).count();
        assert!(f.count(b) >= n, "{b:?} after {step}");
    }
    assert!(
        f.rows.windows(2).all(|w| w[0].0 <= w[1].0),
        "sorted by section"
    );
    assert!(
        f.first + f.rows.len() <= f.len(),
        "the window is in the list"
    );
    let before = shown(app);
    let ahead = clock.now() - app.now;
    clock.advance(-ahead);
    app.reload().expect("reload");
    clock.advance(ahead);
    let after = shown(app);
    if before != after {
        let diff: Vec<String> = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("shown:    {a}\nreloaded: {b}"))
            .collect();
        panic!("after {step}:\n{}", diff.join("\n"));
    }
}

/// A fixed sequence of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Keys people press, on any screen; forms are filled or left as offered.
const KEYS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Down,
    Action::Top,
    Action::Bottom,
    Action::NextTab,
    Action::PrevTab,
    Action::NewWalkin,
    Action::Call,
    Action::Start,
    Action::Finish,
    Action::HoldResume,
    Action::NoShow,
    Action::Divert,
    Action::Referral,
    Action::Accept,
    Action::Outcome,
    Action::ReferOn,
    Action::LogContact,
    Action::Consent,
    Action::Reschedule,
    Action::Won,
    Action::Lost,
    Action::HandBack,
    Action::Reassign,
    Action::Filter,
    Action::AddProspect,
    Action::PrevDay,
    Action::NextDay,
    Action::Sweep,
    Action::Skip,
];

/// Fill the open form a little (a choice, some text) and save or cancel it.
fn fill(app: &mut App, rng: &mut Rng, round: usize) {
    for _ in 0..4 {
        if app.form.is_none() {
            return;
        }
        match rng.below(6) {
            0 => app.update(Action::Form(Input::Next)),
            1 => app.update(Action::Form(Input::Char(
                ['1', '2', '3', 'a', 'y', 'n'][rng.below(6)],
            ))),
            2 => app.update(Action::Form(Input::Paste(
                ["王芳", "电话回访", "138", "5000", "2026-12-01"][rng.below(5)].into(),
            ))),
            3 => app.update(Action::Form(Input::Paste(format!("139{round:08}")))),
            _ => app.update(Action::Form(Input::Submit)),
        };
    }
    if app.form.is_some() {
        discard(app);
    }
}

/// A demo branch: a few weeks of history and this morning's queue, cards
/// and follow-ups.
fn branch() -> (TempDir, Clock) {
    let dir = TempDir::new().unwrap();
    let clock = Clock::fixed(t0(), beijing());
    let catalog = Catalog::shipped();
    {
        let mut store = open_store(&dir);
        let options = HistoryOptions {
            days: 30,
            seed: 7,
            visits_per_day: 60,
            clients: None,
        };
        demo::history_with(
            &mut store,
            &catalog,
            beijing(),
            day() - Duration::days(1),
            &options,
        )
        .expect("history");
        demo::morning(&mut store, &clock, &catalog).expect("the morning");
        // A prospect about to leave the list: ended 30 days ago, to the minute.
        store
            .write(|db| -> Result<(), lobbydesk::store::StoreError> {
                let (client, _) = db.find_or_add_client(Some("赵明"), Some("13300000001"), t0())?;
                let p = db.add_prospect(
                    &NewProspect {
                        client_id: client,
                        owner: "W01".into(),
                        source_card: None,
                        line: Some("wealth".into()),
                        next_due: day(),
                    },
                    t0() - Duration::days(31),
                )?;
                let ended = t0() - Duration::days(30) + Duration::minutes(3);
                db.end_prospect(p, Stage::Lost, None, None, None, "", ended)?;
                db.add_event(ended, "W01", EventKind::ProspectLost, Some(p), json!({}))
            })
            .unwrap();
    }
    (dir, clock)
}

/// `code`'s application on the branch.
fn open(dir: &TempDir, clock: &Clock, code: &str) -> App {
    let store = Store::open(&db_path(dir)).unwrap();
    let me = store.db().staff(code).unwrap().unwrap();
    App::new(store, clock.clone(), Catalog::shipped(), Lang::Zh, me).unwrap()
}

#[test]
fn what_is_shown_is_what_a_full_reload_shows() {
    let (dir, clock) = branch();
    let open = |code: &str| open(&dir, &clock, code);
    // The branch head (who sees every prospect) and a wealth manager.
    let mut people = [open("H01"), open("W01")];
    let mut rng = Rng(0x5EED);
    for round in 0..1500 {
        let who = rng.below(2);
        let app = &mut people[who];
        let key = KEYS[rng.below(KEYS.len())].clone();
        let step = format!(
            "round {round}: {} pressed {key:?} on {:?}",
            app.me.code, app.tab
        );
        app.update(key);
        fill(app, &mut rng, round);
        // Now and then the clock moves, a minute or more; both apps tick.
        if rng.below(8) == 0 {
            clock.advance(Duration::seconds(20 + rng.below(100) as i64));
        }
        for app in &mut people {
            app.update(Action::Tick);
        }
        for app in &mut people {
            check(app, &clock, &step);
        }
        // Start again from the lobby now and then, so every tab sees work.
        if rng.below(40) == 0 {
            let app = &mut people[who];
            app.update(Action::GoTab(rng.below(app.tabs().len())));
            if app.tab == Tab::Followups && rng.below(2) == 0 {
                app.update(Action::Filter);
                app.update(Action::Form(Input::Paste("王".into())));
                app.update(Action::Form(Input::Submit));
            }
        }
    }
}

/// A prospect added by hand records the client's consent: the client's other
/// prospects on the list show it at once.
#[test]
fn a_prospect_added_by_hand_shows_its_clients_consent_on_their_other_rows() {
    let mut fx = Fixture::new(Lang::En, "H01", &[manager("H01", "周建", "head")]);
    // Saved by another process.
    let other = open_store(&fx.dir)
        .write(|db| -> Result<i64, lobbydesk::store::StoreError> {
            let (client, _) = db.find_or_add_client(Some("赵雷"), Some("13800000001"), t0())?;
            let p = db.add_prospect(
                &NewProspect {
                    client_id: client,
                    owner: "H01".into(),
                    source_card: None,
                    line: Some("credit".into()),
                    next_due: day(),
                },
                t0(),
            )?;
            db.add_event(t0(), "H01", EventKind::ProspectAdd, Some(p), json!({}))?;
            Ok(p)
        })
        .unwrap();
    fx.go(Tab::Followups);
    fx.act(Action::Tick);
    let consent = |fx: &Fixture| {
        let rows = &fx.app.followups.rows;
        rows.iter()
            .find(|(_, p)| p.id == other)
            .map(|(_, p)| p.consent)
    };
    assert_eq!(consent(&fx), Some(false));

    fx.act(Action::AddProspect);
    fx.type_text("赵雷");
    fx.focus_field(1);
    fx.type_text("13800000001");
    fx.pick(lobbydesk::i18n::Msg::FieldLine, "wealth");
    fx.pick(lobbydesk::i18n::Msg::FieldConsent, "yes");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "added: {:?}", fx.app.flash);
    assert_eq!(fx.app.followups.rows.len(), 2);
    assert_eq!(consent(&fx), Some(true));
    // The consent is in the audit trail, as every change is.
    let client = fx.app.followups.rows[0].1.client_id;
    let kinds: Vec<String> = fx
        .app
        .store
        .db()
        .events_of("client", client)
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.kind, e.details["consent"]))
        .collect();
    assert!(
        kinds.contains(&"client.consent true".to_string()),
        "{kinds:?}"
    );
    let clock = fx.clock.clone();
    check(&mut fx.app, &clock, "adding a prospect by hand");
}

/// A card referred on and accepted on the other line: the first line's pane
/// shows the chain as it now stands.
#[test]
fn a_chain_moved_on_another_line_shows_in_the_first_lines_pane() {
    let (dir, clock) = branch();
    let mut app = open(&dir, &clock, "H01");
    app.update(Action::GoTab(1));
    assert_eq!(app.tab, Tab::Line(0));
    let new = app.lines[0]
        .cards
        .iter()
        .position(|v| v.card.status == CardStatus::New)
        .expect("a new card on the first line");
    app.update(Action::Top);
    for _ in 0..new {
        app.update(Action::Down);
    }
    let parent = app.lines[0].selected_card().unwrap().id;
    app.update(Action::ReferOn);
    // A need by its key (which moves on to the note), and a note.
    app.update(Action::Form(Input::Char('1')));
    app.update(Action::Form(Input::Paste("需要贷款".into())));
    app.update(Action::Form(Input::Submit));
    assert!(app.form.is_none(), "referred on: {:?}", app.flash);
    check(&mut app, &clock, "referring on");
    assert_eq!(app.lines[0].selected_card().unwrap().id, parent);
    let child = *app.lines[0].chain.iter().map(|c| &c.id).max().unwrap();
    assert_ne!(child, parent);

    // On the other line, the child card is accepted.
    app.update(Action::GoTab(2));
    app.update(Action::Top);
    while app.lines[1].selected_card().unwrap().id != child {
        app.update(Action::Down);
    }
    app.update(Action::Accept);
    let accepted = |app: &App| {
        let c = app.lines[0].chain.iter().find(|c| c.id == child).unwrap();
        c.status == CardStatus::Accepted
    };
    assert!(
        accepted(&app),
        "the first line's pane shows the child accepted"
    );
    check(&mut app, &clock, "accepting the child");
}

/// The Clients tab searches again on coming back only when something was
/// saved meanwhile, and then shows it.
#[test]
fn the_clients_tab_searches_again_when_something_was_saved_meanwhile() {
    let mut fx = Fixture::new(Lang::En, "H01", &[manager("H01", "周建", "head")]);
    let clients_tab = fx
        .app
        .tabs()
        .iter()
        .position(|t| *t == Tab::Clients)
        .unwrap();
    let add = |fx: &Fixture, name: &str, mobile: &str| {
        open_store(&fx.dir)
            .write(|db| -> Result<(), lobbydesk::store::StoreError> {
                let (id, _) = db.find_or_add_client(Some(name), Some(mobile), t0())?;
                db.add_event(t0(), "H01", EventKind::ClientAdd, Some(id), json!({}))
            })
            .unwrap();
    };
    add(&fx, "王一", "13800000001");
    fx.act(Action::GoTab(clients_tab));
    fx.act(Action::Filter);
    fx.type_text("王");
    fx.input(Input::Submit);
    assert_eq!(fx.app.clients.found.len(), 1);

    fx.act(Action::GoTab(0));
    add(&fx, "王二", "13800000002");
    fx.act(Action::Tick);
    fx.act(Action::GoTab(clients_tab));
    assert_eq!(fx.app.clients.found.len(), 2, "saved elsewhere meanwhile");

    // Changed without an event: read again all the same.
    fx.act(Action::GoTab(0));
    raw(&fx.dir)
        .execute(
            "UPDATE clients SET name = '王三' WHERE mobile = '13800000002'",
            [],
        )
        .unwrap();
    fx.act(Action::Tick);
    fx.act(Action::GoTab(clients_tab));
    let names: Vec<_> = fx
        .app
        .clients
        .found
        .iter()
        .map(|f| f.client.name.clone())
        .collect();
    assert!(names.contains(&Some("王三".to_string())), "{names:?}");
}
