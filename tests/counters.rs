//! Counters that serve what they serve: a teller's `c` takes only what their
//! counter takes, a line's manager calls their line's tickets to their
//! desk, the lobby manager calls a chosen ticket to a chosen counter, a
//! paused counter calls nobody until reopened, every counter the settings
//! name shows on the lobby, the report's walk, idle and paused time, and
//! settings of the older shape (`branch.counters = 3`) still work.

mod support;

use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, App, Input};
use lobbydesk::clock::Clock;
use lobbydesk::config::{Catalog, SHIPPED};
use lobbydesk::domain::ticket::Status;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::report::{self, Format, Period, Report};
use lobbydesk::store::staff::Staff;
use support::*;
use tempfile::TempDir;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// The shipped settings with one piece of text replaced.
fn edited(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "{from}");
    SHIPPED.replacen(from, to, 1)
}

/// Settings as stored before counters were records: `branch.counters = 3`,
/// no counters list, no pause reasons, lines without desks.
fn old_settings() -> String {
    let cut = SHIPPED
        .find("\n# Counters (窗口)")
        .expect("the counters section");
    SHIPPED[..cut]
        .replacen(
            "name_en = \"East City Branch\"",
            "name_en = \"East City Branch\"\ncounters = 3",
            1,
        )
        .replace("services = [\"C\"]\ndesk = 11\n", "")
        .replace("services = [\"L\"]\ndesk = 12\n", "")
}

/// An application as `me` on a fresh database under `catalog`.
fn fixture_with(lang: Lang, me: &str, staff: &[Staff], catalog: Catalog) -> Fixture {
    let dir = TempDir::new().expect("a temporary folder");
    let mut store = open_store(&dir);
    for s in staff {
        put_staff(&mut store, s);
    }
    let me = store
        .db()
        .staff(me)
        .unwrap()
        .expect("`me` is on the roster");
    let clock = Clock::fixed(t0(), beijing());
    let app = App::new(store, clock.clone(), catalog, lang, me).expect("start the app");
    Fixture { dir, clock, app }
}

/// Another person's application on the same file, under `catalog`.
fn app_as(fx: &Fixture, code: &str, catalog: Catalog) -> App {
    let store = open_store(&fx.dir);
    let me = store.db().staff(code).unwrap().expect("on the roster");
    App::new(store, fx.clock.clone(), catalog, fx.app.lang, me).expect("start the app")
}

fn staff() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        teller("T02", "李强", 2),
        teller("T03", "王芳", 3),
        manager("LOBBY", "陈静", "lobby"),
        manager("W01", "周婷", "wealth"),
    ]
}

/// The events of a kind, oldest first, with their details.
fn events(fx: &Fixture, kind: &str) -> Vec<serde_json::Value> {
    let conn = raw(&fx.dir);
    let mut stmt = conn
        .prepare("SELECT details FROM events WHERE kind = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([kind], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|d| serde_json::from_str(&d.unwrap()).unwrap())
        .collect()
}

/// The hint line: the screen's last row.
fn hint_line(fx: &Fixture) -> String {
    fx.screen(120, 40).lines().last().unwrap().to_string()
}

// ---------------------------------------------------------------- routing

#[test]
fn a_teller_at_a_counter_taking_a_and_b_never_gets_a_vip_ticket() {
    let only_ab = edited(
        "services = [\"A\", \"B\", \"V\"]\nstaff = [\"T01\"]",
        "services = [\"A\", \"B\"]\nstaff = [\"T01\"]",
    );
    let catalog = Catalog::from_settings(&only_ab).unwrap();
    let mut fx = fixture_with(Lang::En, "T01", &staff(), catalog.clone());
    fx.walkin('V', '2', "", ""); // V001, VIP: first in call order
    fx.walkin('B', '1', "", ""); // B001
    fx.advance(1);
    fx.act(Action::Call);
    assert_eq!(fx.ticket("B001").status, Status::Called);
    assert_eq!(fx.ticket("B001").counter, Some(1));
    assert_eq!(fx.ticket("V001").status, Status::Waiting);
    fx.act(Action::Start);
    fx.act(Action::Finish);
    assert_eq!(fx.ticket("B001").status, Status::Done);
    // Only the VIP is left: counter 1 does not take it.
    fx.act(Action::Call);
    let (text, error) = fx.flash();
    assert!(error, "{text}");
    assert_eq!(text, "Nobody is waiting for what Counter 1 takes (A, B).");
    assert_eq!(fx.ticket("V001").status, Status::Waiting);
    // Counter 2 takes it.
    let mut t02 = app_as(&fx, "T02", catalog);
    t02.update(Action::Call);
    assert_eq!(fx.ticket("V001").counter, Some(2));
    assert_eq!(fx.ticket("V001").teller.as_deref(), Some("T02"));
}

#[test]
fn the_wealth_manager_calls_the_next_wealth_ticket_to_their_desk() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "LOBBY", &staff());
        fx.walkin('V', '2', "", ""); // V001, priority
        fx.walkin('C', '1', "", ""); // C001
        fx.walkin('C', '1', "", ""); // C002
        fx.advance(2);
        fx.switch_to("W01");
        fx.act(Action::GoTab(0));
        assert!(fx.app.offers(&Action::Call), "c is offered at the desk");
        fx.act(Action::Call);
        let c1 = fx.ticket("C001");
        assert_eq!((c1.status, c1.counter), (Status::Called, Some(11)));
        assert_eq!(c1.teller.as_deref(), Some("W01"));
        assert_eq!(fx.ticket("V001").status, Status::Waiting);
        fx.select("C001");
        fx.act(Action::Start);
        fx.act(Action::Finish);
        assert_eq!(fx.ticket("C001").status, Status::Done);
        // The desk shows with its manager and what it takes.
        let desk = &fx.app.lobby.desks[0];
        assert_eq!((desk.number, desk.services.clone()), (11, vec!["C".into()]));
        let screen = fx.screen(120, 40);
        let name = match lang {
            Lang::Zh => "财富席",
            Lang::En => "Wealth desk",
        };
        assert!(screen.contains(name), "{screen}");
    }
}

#[test]
fn the_lobby_manager_calls_a_chosen_ticket_to_a_chosen_counter() {
    let mut fx = Fixture::new(Lang::En, "LOBBY", &staff());
    fx.walkin('V', '2', "", "");
    fx.walkin('A', '1', "", "");
    fx.walkin('C', '1', "", "");
    fx.select("C001");
    fx.act(Action::Call);
    let form = fx.app.form.as_ref().expect("c opens the call form");
    assert_eq!(form.purpose, Purpose::Call);
    assert_eq!(form.field(Msg::FieldCounter).get(), "", "no counter chosen");
    // Saved without a counter: refused beside the field, nothing called.
    fx.input(Input::Submit);
    let form = fx.app.form.as_ref().expect("the form stays");
    assert_eq!(
        form.field(Msg::FieldCounter).error.as_deref(),
        Some("Choose a counter.")
    );
    assert_eq!(fx.ticket("C001").status, Status::Waiting);
    // Counter 2 takes only A, B and V: the lobby manager may send C001 there.
    fx.pick(Msg::FieldCounter, "2");
    fx.pick(Msg::FieldTicket, &fx.ticket("C001").id.to_string());
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let c1 = fx.ticket("C001");
    assert_eq!((c1.status, c1.counter), (Status::Called, Some(2)));
    assert_eq!(c1.teller.as_deref(), Some("T02"), "the teller at counter 2");
    assert_eq!(fx.ticket("V001").status, Status::Waiting);
}

// ---------------------------------------------------------------- pauses

#[test]
fn a_paused_counter_calls_nobody_and_its_pause_is_two_events() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &staff());
        fx.walkin('A', '1', "", "");
        assert!(fx.app.offers(&Action::Call));
        assert!(hint_line(&fx).contains(&format!("c {}", Msg::KeyCall.get(lang))));
        // p: the reason is asked, none chosen for the teller.
        fx.act(Action::PauseCounter);
        let form = fx.app.form.as_ref().expect("p opens the pause form");
        assert_eq!(form.field(Msg::FieldPauseReason).get(), "");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_some(), "no reason: not saved");
        assert!(events(&fx, "counter.pause").is_empty());
        fx.pick(Msg::FieldPauseReason, "lunch");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
        let paused = &fx.app.lobby.counters[0];
        assert_eq!(
            paused.pause.as_ref().map(|p| p.reason.as_str()),
            Some("lunch")
        );
        // The hint line no longer offers c; pressed anyway, it is refused.
        assert!(!fx.app.offers(&Action::Call));
        assert!(!hint_line(&fx).contains(&format!("c {}", Msg::KeyCall.get(lang))));
        fx.act(Action::Call);
        let (text, error) = fx.flash();
        assert!(error);
        assert_eq!(text, Msg::DenyCounterPaused.fill(lang, &[("c", &1)]));
        assert_eq!(fx.ticket("A001").status, Status::Waiting);
        // The lobby manager cannot call to it either.
        let mut lobby = fx.app_as("LOBBY");
        let result = lobby.act(|db, op| {
            lobbydesk::ops::tickets::step(
                db,
                op,
                lobbydesk::ops::tickets::TicketTarget::Next,
                &lobbydesk::domain::ticket::Step::Call {
                    counter: 1,
                    teller: None,
                },
            )
        });
        assert!(result.is_err());
        // 25 minutes later the teller reopens it: the length is in the event.
        fx.advance(25);
        fx.act(Action::PauseCounter);
        assert!(
            fx.app.form.is_none(),
            "a paused counter is reopened at once"
        );
        assert!(fx.app.lobby.counters[0].pause.is_none());
        let pause = events(&fx, "counter.pause");
        let reopen = events(&fx, "counter.reopen");
        assert_eq!((pause.len(), reopen.len()), (1, 1));
        assert_eq!(pause[0]["reason"], "lunch");
        assert_eq!(pause[0]["counter"], 1);
        assert_eq!(reopen[0]["reason"], "lunch");
        assert_eq!(reopen[0]["seconds"], 25 * 60);
        fx.act(Action::Call);
        assert_eq!(fx.ticket("A001").status, Status::Called);
    }
}

#[test]
fn another_teller_cannot_pause_my_counter_nor_a_busy_one_be_paused() {
    let mut fx = Fixture::new(Lang::En, "T01", &staff());
    fx.walkin('A', '1', "", "");
    fx.act(Action::Call);
    // Serving: p is not offered, and the operation refuses it.
    assert!(!fx.app.offers(&Action::PauseCounter));
    let busy = fx
        .app
        .act(|db, op| lobbydesk::ops::counters::pause_counter(db, op, 1, "cash"));
    assert!(busy.is_err());
    let mut t02 = fx.app_as("T02");
    let other = t02.act(|db, op| lobbydesk::ops::counters::pause_counter(db, op, 3, "training"));
    let e = other.expect_err("not their counter");
    assert_eq!(
        e.message(&t02.names()),
        "That ticket is at counter 3, not yours."
    );
    let unknown = t02.act(|db, op| lobbydesk::ops::counters::pause_counter(db, op, 2, "nap"));
    assert_eq!(
        unknown.unwrap_err().message(&t02.names()),
        "No pause reason nap; choose one of: lunch, training, cash, other"
    );
    assert!(events(&fx, "counter.pause").is_empty());
}

// ---------------------------------------------------------------- the lobby

#[test]
fn a_fourth_counter_in_the_settings_shows_on_the_lobby() {
    let four = format!(
        "{SHIPPED}\n[[counters]]\nnumber = 4\nzh = \"4号窗口\"\nen = \"Counter 4\"\nservices = [\"A\"]\nstaff = []\n"
    );
    let catalog = Catalog::from_settings(&four).unwrap();
    for lang in LANGS {
        let fx = fixture_with(lang, "LOBBY", &staff(), catalog.clone());
        let numbers: Vec<u32> = fx.app.lobby.counters.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = fx.screen(w, h);
            let name = Msg::CounterN.fill(lang, &[("n", &4)]);
            assert!(screen.contains(&name), "{w}x{h}\n{screen}");
            assert!(!screen.contains("layout problems"), "{screen}");
        }
    }
}

/// Three tellers and the wealth desk mid-morning: counter 1 serving, counter
/// 2 called, counter 3 paused for the cash count, the desk idle.
fn lobby_with_counters(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "LOBBY", &staff());
    fx.walkin('A', '1', "王小明", "13812345678");
    fx.walkin('B', '1', "陈静", "");
    fx.walkin('V', '2', "赵丽华", "");
    fx.walkin('C', '1', "", "");
    fx.advance(3);
    let mut t01 = fx.app_as("T01");
    t01.update(Action::Call);
    t01.update(Action::Start);
    let mut t03 = fx.app_as("T03");
    t03.update(Action::PauseCounter);
    t03.update(Action::Form(Input::Char('3')));
    t03.update(Action::Form(Input::Submit));
    assert!(t03.form.is_none(), "{:?}", t03.flash);
    fx.advance(4);
    let mut t02 = fx.app_as("T02");
    t02.update(Action::Call);
    fx.advance(5);
    fx
}

#[test]
fn the_lobby_shows_every_counter_its_services_and_its_pause() {
    for lang in LANGS {
        let fx = lobby_with_counters(lang);
        let lobby = &fx.app.lobby;
        assert_eq!(lobby.counters.len(), 3);
        assert_eq!(lobby.desks.len(), 2);
        assert_eq!(lobby.counters[2].pause.as_ref().unwrap().reason, "cash");
        assert_eq!(lobby.counters[2].teller.as_deref(), Some("王芳"));
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = fx.screen(w, h);
            insta::assert_snapshot!(format!("lobby_counters_{}_{w}x{h}", fx.lang()), screen);
        }
    }
}

// ---------------------------------------------------------------- the report

#[test]
fn the_report_has_walk_idle_and_paused_time_per_counter_and_teller() {
    let mut fx = Fixture::new(Lang::En, "T01", &staff());
    for _ in 0..3 {
        fx.walkin('A', '1', "", ""); // 10:30
    }
    fx.act(Action::Call); // 10:30 A001
    fx.advance(2);
    fx.act(Action::Start); // walk 2m
    fx.advance(8);
    fx.act(Action::Finish); // 10:40
    fx.advance(5);
    fx.act(Action::Call); // 10:45 A002: idle 5m
    fx.advance(1);
    fx.act(Action::Start); // walk 1m
    fx.advance(4);
    fx.act(Action::Finish); // 10:50
    fx.act(Action::PauseCounter);
    fx.pick(Msg::FieldPauseReason, "lunch");
    fx.input(Input::Submit); // 10:50 lunch
    fx.advance(30);
    fx.act(Action::PauseCounter); // 11:20 reopened
    fx.advance(5);
    fx.act(Action::Call); // 11:25 A003: idle 35m less 30m paused
    fx.advance(3);
    fx.act(Action::Start); // walk 3m
    fx.advance(7);
    fx.act(Action::Finish); // 11:35
    assert_eq!(fx.ticket("A003").status, Status::Done);

    let catalog = Catalog::shipped();
    let r = Report::compute(
        &fx.app.store.db(),
        &catalog,
        Period::day(day()),
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let c = &r.counters.by_counter;
    assert_eq!(c.len(), 1);
    let t = &c[0].times;
    assert_eq!((c[0].counter, t.calls, t.walks), (1, 3, 3));
    assert_eq!(
        (t.walk_avg_minutes, t.idle_minutes, t.paused_minutes),
        (2.0, 10.0, 30.0)
    );
    assert_eq!(t.paused_by_reason["lunch"], 30.0);
    assert_eq!(t.paused_by_reason["cash"], 0.0);
    let teller = &r.counters.by_teller;
    assert_eq!(teller.len(), 1);
    assert_eq!((teller[0].code.as_str(), &teller[0].times), ("T01", t));

    // The same numbers in every format.
    let md = report::render(&r, &catalog, Lang::En, Format::Md);
    assert!(md.contains("## Counter times"), "{md}");
    let section = &md[md.find("## Counter times").unwrap()..];
    let row = section
        .lines()
        .find(|l| l.starts_with("| Counter 1 "))
        .unwrap_or_else(|| panic!("{md}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(
        cells[1..10],
        [
            "Counter 1",
            "3",
            "3",
            "2.0",
            "10.0",
            "30.0",
            "30.0",
            "0.0",
            "0.0"
        ]
    );
    let csv = report::render(&r, &catalog, Lang::En, Format::Csv);
    for line in [
        "counters.by_counter,1,Counter 1,walk_avg_minutes,2.0",
        "counters.by_counter,1,Counter 1,idle_minutes,10.0",
        "counters.by_counter,1,Counter 1,paused.lunch,30.0",
        "counters.by_teller,T01,张敏,idle_minutes,10.0",
    ] {
        assert!(csv.contains(line), "{line}\n{csv}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&report::render(&r, &catalog, Lang::En, Format::Json)).unwrap();
    let k = &json["counters"]["by_counter"][0];
    assert_eq!(k["walk_avg_minutes"], 2.0);
    assert_eq!(k["idle_minutes"], 10.0);
    assert_eq!(k["paused_by_reason"]["lunch"], 30.0);
    assert_eq!(json["counters"]["by_teller"][0]["code"], "T01");
}

// ---------------------------------------------------------------- older settings

#[test]
fn settings_with_branch_counters_3_still_load_and_every_counter_takes_everything() {
    let text = old_settings();
    let mut fx = Fixture::new(Lang::En, "T01", &staff());
    fx.app
        .store
        .write(|db| db.put_settings(2, &text, t0(), "H01"))
        .unwrap();
    let catalog = lobbydesk::ops::settings::catalog(&fx.app.store.db()).expect("old settings read");
    let numbers: Vec<u32> = catalog.counters.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1, 2, 3], "three counters, no desks");
    assert!(catalog.counters.iter().all(|c| c.services.len() == 5));
    let app = app_as(&fx, "T01", catalog.clone());
    let mut fx = Fixture { app, ..fx };
    assert_eq!(fx.app.lobby.counters.len(), 3);
    // Counter 1 takes even a wealth ticket now; the manager has no desk.
    fx.walkin('C', '1', "", "");
    fx.act(Action::Call);
    assert_eq!(fx.ticket("C001").counter, Some(1));
    let w01 = app_as(&fx, "W01", catalog);
    assert!(w01.person.counter.is_none());
    assert!(!w01.allows(
        lobbydesk::domain::authority::Act::Call,
        lobbydesk::domain::authority::Target::Branch
    ));
}
