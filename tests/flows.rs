//! Flows: drive `App` with actions as the keys would, check the state and the
//! database, and snapshot the full screen (80×24 and 120×40, Chinese and
//! English) with a fixed clock: 2026-11-23 10:30 in Beijing.

mod support;

use insta::assert_snapshot;
use lobbydesk::app::form::Purpose;
use lobbydesk::app::lobby::Target;
use lobbydesk::app::{Action, Input};
use lobbydesk::args;
use lobbydesk::domain::ticket::{Status, Step};
use lobbydesk::i18n::Lang;
use lobbydesk::store::staff::Staff;

use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshot the screen at both sizes.
fn snap_sizes(fx: &Fixture, name: &str) {
    for (w, h) in SIZES {
        snap(fx, name, w, h);
    }
}

fn snap(fx: &Fixture, name: &str, w: u16, h: u16) {
    assert_snapshot!(format!("{name}_{}_{w}x{h}", fx.lang()), fx.screen(w, h));
}

fn tellers() -> Vec<Staff> {
    vec![teller("T01", "张敏", 1), teller("T02", "李强", 2)]
}

/// As the lobby manager: `c`, pick the counter by its number, and either the
/// ticket offered (the selected waiting one) or the next in line.
fn lobby_call(fx: &mut Fixture, counter: char, next_in_line: bool) {
    fx.act(Action::Call);
    let form = fx.app.form.as_ref().expect("c opens the call form");
    assert_eq!(form.purpose, Purpose::Call);
    fx.focus_field(0);
    fx.input(Input::Char(counter));
    if next_in_line {
        fx.focus_field(1);
        fx.input(Input::Char('1'));
    }
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none());
}

fn assert_ok_flash(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(!error, "unexpected error: {text}");
    assert_eq!(text, expected);
}

fn assert_refused(fx: &Fixture, expected: &str) {
    let (text, error) = fx.flash();
    assert!(error, "expected a refusal, got: {text}");
    assert_eq!(text, expected);
}

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

// ---------------------------------------------------------------- the empty lobby

#[test]
fn empty_lobby() {
    for lang in LANGS {
        let fx = Fixture::lobby(lang);
        assert!(fx.app.lobby.rows.is_empty());
        assert_eq!(fx.app.lobby.counters.len(), 3);
        assert!(fx.app.lobby.counters.iter().all(|c| c.teller.is_none()));
        assert_eq!(fx.app.now, t0());
        let screen = fx.screen(80, 24);
        assert!(
            screen.contains("10:30"),
            "the local time is shown:\n{screen}"
        );
        snap_sizes(&fx, "empty_lobby");
    }
}

// ---------------------------------------------------------------- walk-ins

#[test]
fn register_a_walkin() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        fx.fill_walkin('V', '3', "王小明", "138 1234 5678");
        let form = fx.app.form.as_ref().unwrap();
        assert_eq!(form.purpose, Purpose::Walkin);
        assert_eq!(form.focus, 3, "the mobile field has the focus");
        snap_sizes(&fx, "walkin_form");

        fx.input(Input::Submit);
        assert!(fx.app.form.is_none());
        assert_ok_flash(&fx, by_lang(&fx, "已登记 V001", "Registered V001"));
        let t = fx.ticket("V001");
        assert_eq!(t.service, "V");
        assert_eq!(t.priority, "elderly");
        assert!(t.is_priority);
        assert_eq!(t.status, Status::Waiting);
        assert_eq!(t.arrived_at, t0());
        assert_eq!(t.client_name.as_deref(), Some("王小明"));
        assert_eq!(t.client_mobile.as_deref(), Some("13812345678"));
        assert_eq!(fx.queue(), ["V001"]);
        assert_eq!(fx.selected().as_deref(), Some("V001"));
        assert_eq!(fx.event_kinds(), ["client.add", "ticket.add"]);
        snap_sizes(&fx, "walkin_registered");

        // An anonymous walk-in with the defaults (personal banking, normal).
        fx.act(Action::NewWalkin);
        fx.input(Input::Submit);
        assert_ok_flash(&fx, by_lang(&fx, "已登记 A001", "Registered A001"));
        let t = fx.ticket("A001");
        assert_eq!((t.priority.as_str(), t.is_priority), ("normal", false));
        assert_eq!(t.client_id, None);
        assert_eq!(fx.ticket_count(), 2);
    }
}

#[test]
fn a_bad_mobile_is_shown_beside_the_field_and_nothing_is_saved() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        fx.fill_walkin('A', '1', "王小明", "1381234");
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        let mobile = &form.fields[3];
        assert_eq!(
            mobile.error.as_deref(),
            Some(by_lang(
                &fx,
                "手机号应为 11 位数字，以 13–19 开头",
                "a mobile is 11 digits starting 13–19"
            ))
        );
        assert!(form.fields[..3].iter().all(|f| f.error.is_none()));
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "请先改正标出的项目，未保存。",
                "Please correct the marked fields; nothing was saved.",
            ),
        );
        assert_eq!(fx.ticket_count(), 0, "no ticket saved");
        assert_eq!(fx.event_count(), 0, "no event written");
        let clients = fx.sql_i64("SELECT count(*) FROM clients", args![]);
        assert_eq!(clients, 0, "no client saved");
        snap_sizes(&fx, "walkin_bad_mobile");

        // Typing in the field clears its mark; a good number then saves.
        for _ in 0..7 {
            fx.input(Input::Backspace);
        }
        assert!(fx.app.form.as_ref().unwrap().fields[3].error.is_none());
        fx.type_text("13812345678");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none());
        assert_eq!(
            fx.ticket("A001").client_mobile.as_deref(),
            Some("13812345678")
        );
    }
}

#[test]
fn a_500_character_name_is_refused() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        fx.act(Action::NewWalkin);
        fx.focus_field(2);
        fx.input(Input::Paste("王".repeat(500)));
        fx.input(Input::Submit);
        let form = fx.app.form.as_ref().expect("the form stays open");
        assert_eq!(
            form.fields[2].error.as_deref(),
            Some(by_lang(
                &fx,
                "太长：最多 30 个字",
                "too long: at most 30 characters"
            ))
        );
        assert!(fx.flash().1);
        assert_eq!(fx.ticket_count(), 0);
        assert_eq!(fx.event_count(), 0);
        snap(&fx, "walkin_long_name", 80, 24);
    }
}

#[test]
fn esc_cancels_the_walkin_form() {
    for lang in LANGS {
        let mut fx = Fixture::lobby(lang);
        fx.fill_walkin('B', '2', "陈静", "13900001111");
        // Typed text is not thrown away on one key: Esc asks, Esc again discards.
        fx.input(Input::Cancel);
        assert!(fx.app.form.is_some());
        fx.input(Input::Cancel);
        assert!(fx.app.form.is_none());
        assert_eq!(fx.ticket_count(), 0);
        assert_eq!(fx.event_count(), 0);
        // The next form starts afresh.
        fx.act(Action::NewWalkin);
        let form = fx.app.form.as_ref().unwrap();
        assert_eq!(form.focus, 0);
        assert!(form.fields.iter().skip(2).all(|f| f.get().is_empty()));
        assert_eq!(form.fields[0].get(), "A");
        assert_eq!(form.fields[1].get(), "normal");
    }
}

// ---------------------------------------------------------------- the queue

/// A morning queue as the lobby manager sees it at 10:52, with tellers at
/// counters 1 and 2 and nobody at counter 3:
/// V001 serving at counter 1 since 10:33, A002 called to counter 2 at 10:48,
/// and five waiting, waits 22, 21, 8, 6 and 2 minutes.
fn morning_queue(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "LOBBY", &tellers());
    fx.walkin('A', '1', "王小明", "13812345678"); // 10:30
    fx.advance(1);
    fx.walkin('B', '1', "陈静", ""); // 10:31
    fx.advance(1);
    fx.walkin('V', '2', "赵丽华", ""); // 10:32
    fx.advance(1);
    lobby_call(&mut fx, '1', true); // 10:33 V001 → counter 1
    assert_eq!(fx.ticket("V001").counter, Some(1));
    fx.select("V001");
    fx.act(Action::Start);
    fx.advance(6);
    fx.walkin('A', '3', "孙建国", ""); // 10:39 A002 elderly
    fx.advance(5);
    fx.walkin('A', '1', "", ""); // 10:44 A003 anonymous
    fx.advance(2);
    fx.walkin('L', '5', "", "13900001111"); // 10:46 L001 pregnant, mobile only
    fx.advance(2);
    lobby_call(&mut fx, '2', true); // 10:48 A002 → counter 2
    fx.advance(2);
    fx.walkin('C', '1', "欧阳娜娜", ""); // 10:50 C001
    fx.advance(2); // 10:52
    fx
}

#[test]
fn queue_with_priority_and_waits_past_the_thresholds() {
    for lang in LANGS {
        let fx = morning_queue(lang);
        let app = &fx.app;
        assert_eq!(app.now, t0() + mins(22));
        // At counters first, then the waiting in call order: L001 is priority;
        // then A001, a normal ticket waiting 22 minutes after two priority calls.
        assert_eq!(
            fx.queue(),
            ["V001", "A002", "L001", "A001", "B001", "A003", "C001"]
        );
        let positions: Vec<Option<usize>> = app.lobby.rows.iter().map(|r| r.position).collect();
        assert_eq!(
            positions,
            [None, None, Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
        let v1 = fx.ticket("V001");
        assert_eq!((v1.status, v1.counter), (Status::Serving, Some(1)));
        assert_eq!(v1.teller.as_deref(), Some("T01"));
        let a2 = fx.ticket("A002");
        assert_eq!((a2.status, a2.counter), (Status::Called, Some(2)));
        assert_eq!(a2.teller.as_deref(), Some("T02"), "the teller at counter 2");

        let c = &app.lobby.counters;
        assert_eq!(c[0].teller.as_deref(), Some("张敏"));
        assert_eq!(
            c[0].ticket.as_ref().map(|t| t.number.as_str()),
            Some("V001")
        );
        assert_eq!(c[1].teller.as_deref(), Some("李强"));
        assert_eq!(
            c[1].ticket.as_ref().map(|t| t.number.as_str()),
            Some("A002")
        );
        assert_eq!((c[2].teller.as_ref(), c[2].ticket.as_ref()), (None, None));

        // Waits 1, 9 (called) and 22, 21, 8, 6, 2 (waiting): 69 / 7 ≈ 10; longest 22.
        let f = &app.lobby.figures;
        assert_eq!(
            (f.waiting, f.served, f.avg_wait_minutes, f.max_wait_minutes),
            (5, 0, 10, 22)
        );

        // The marks: !! past 15 minutes, ! past 6, none at 6 or below.
        let screen = fx.screen(120, 40);
        let row = |n: &str| {
            screen
                .lines()
                .find(|l| l.contains(n) && !l.contains("✓"))
                .unwrap_or_else(|| panic!("{n} shown"))
                .to_string()
        };
        let m = by_lang(&fx, "分", "m");
        assert!(row("A001").contains(&format!("!!22{m}")), "{}", row("A001"));
        assert!(row("B001").contains(&format!("!!21{m}")), "{}", row("B001"));
        assert!(row("A003").contains(&format!("! 8{m}")), "{}", row("A003"));
        assert!(
            !row("L001").contains('!'),
            "exactly 6 is not past 6: {}",
            row("L001")
        );
        assert!(!row("C001").contains('!'), "{}", row("C001"));
        assert!(row("C001").contains(&format!("2{m}")), "{}", row("C001"));
        snap_sizes(&fx, "queue");
    }
}

#[test]
fn a_wait_past_an_hour() {
    for lang in LANGS {
        let mut fx = morning_queue(lang);
        fx.advance(45); // 11:37: A001 has waited 1h07m
        assert_eq!(fx.app.lobby.figures.max_wait_minutes, 67);
        snap(&fx, "queue_after_an_hour", 80, 24);
    }
}

#[test]
fn the_clock_ticking_moves_the_waits_without_a_key() {
    let mut fx = Fixture::lobby(Lang::En);
    fx.walkin('A', '1', "", "");
    fx.clock.advance(mins(5) + chrono::Duration::seconds(59));
    assert!(fx.app.update(Action::Tick), "a minute ticked over: redraw");
    assert!(!fx.app.update(Action::Tick), "nothing changed: no redraw");
    assert!(fx.screen(80, 24).contains("5m"));
    let row = |fx: &Fixture| {
        fx.screen(80, 24)
            .lines()
            .find(|l| l.contains("A001") && !l.contains("Next"))
            .unwrap()
            .to_string()
    };
    fx.advance_secs(1);
    assert!(!row(&fx).contains('!'), "6:00 is not past 6: {}", row(&fx));
    fx.advance_secs(60);
    assert!(row(&fx).contains("! 7m"), "{}", row(&fx));
}

// ---------------------------------------------------------------- the teller

#[test]
fn the_teller_flow() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &tellers());
        assert_eq!(fx.app.me.counter, Some(1));
        fx.walkin('A', '1', "王小明", "13812345678"); // 10:30
        fx.advance(1);
        fx.walkin('V', '2', "赵丽华", ""); // 10:31
        fx.advance(1);
        fx.walkin('B', '1', "陈静", ""); // 10:32
        fx.advance(1);
        let mut events = fx.event_count();

        // c: the next ticket, priority first, to my counter.
        fx.act(Action::Call);
        let v1 = fx.ticket("V001");
        assert_eq!(v1.status, Status::Called);
        assert_eq!(
            (v1.counter, v1.teller.as_deref(), v1.calls),
            (Some(1), Some("T01"), 1)
        );
        assert_eq!(v1.called_at, Some(t0() + mins(3)));
        assert_ok_flash(&fx, by_lang(&fx, "V001 请到 1 号窗口", "V001 to counter 1"));
        assert_eq!(fx.selected().as_deref(), Some("V001"));
        events += 1;
        assert_eq!(fx.event_count(), events);
        snap_sizes(&fx, "teller_called");

        // c again: a recall.
        fx.act(Action::Call);
        assert_eq!(fx.ticket("V001").calls, 2);
        assert_eq!(
            fx.ticket("V001").called_at,
            v1.called_at,
            "the first call time stays"
        );
        assert_ok_flash(
            &fx,
            by_lang(&fx, "V001 第 2 次叫号", "V001 called again (2 calls)"),
        );
        events += 1;
        assert_eq!(fx.event_count(), events);
        // With another row selected, c still recalls the ticket called to my counter.
        fx.select("A001");
        fx.act(Action::Call);
        assert_eq!(fx.ticket("V001").calls, 3);
        assert_eq!(fx.ticket("A001").status, Status::Waiting);
        events += 1;

        // Impossible: finish a ticket that is waiting.
        fx.select("A001");
        let before = fx.ticket("A001");
        fx.act(Action::Finish);
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "不能办结：A001 当前为“等候”。",
                "Cannot finish: A001 is waiting.",
            ),
        );
        assert_eq!(fx.ticket("A001"), before, "no change");
        assert_eq!(fx.event_count(), events, "no event");
        snap(&fx, "teller_refused", 80, 24);

        // s: start serving.
        fx.advance(1);
        fx.select("V001");
        fx.act(Action::Start);
        let v1 = fx.ticket("V001");
        assert_eq!(v1.status, Status::Serving);
        assert_eq!(v1.started_at, Some(t0() + mins(4)));
        assert_ok_flash(&fx, by_lang(&fx, "V001 开始办理", "V001 being served"));
        events += 1;
        // Start again is impossible.
        fx.act(Action::Start);
        assert!(fx.flash().1);
        assert_eq!(fx.ticket("V001"), v1);
        // c while serving: my counter is busy.
        fx.act(Action::Call);
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "1 号窗口正在办理 V001，请先办结。",
                "Counter 1 is busy with V001; finish it first.",
            ),
        );
        assert_eq!(fx.ticket("A001").status, Status::Waiting);
        assert_eq!(fx.event_count(), events);
        fx.advance(3);
        snap_sizes(&fx, "teller_serving");

        // h twice: on hold, then resumed at my counter.
        fx.act(Action::HoldResume);
        assert_eq!(fx.ticket("V001").status, Status::OnHold);
        assert_ok_flash(&fx, by_lang(&fx, "V001 已挂起", "V001 on hold"));
        assert!(
            fx.app.lobby.counters[0].ticket.is_none(),
            "a held ticket frees the counter"
        );
        snap(&fx, "teller_on_hold", 80, 24);
        fx.act(Action::HoldResume);
        let v1 = fx.ticket("V001");
        assert_eq!((v1.status, v1.counter), (Status::Serving, Some(1)));
        assert_eq!(v1.teller.as_deref(), Some("T01"));
        assert_ok_flash(&fx, by_lang(&fx, "V001 恢复办理", "V001 resumed"));
        events += 2;
        assert_eq!(fx.event_count(), events);

        // f: finish.
        fx.advance(2);
        fx.act(Action::Finish);
        let v1 = fx.ticket("V001");
        assert_eq!(v1.status, Status::Done);
        assert_eq!(v1.finished_at, Some(t0() + mins(9)));
        assert!(!fx.queue().contains(&"V001".to_string()));
        assert_eq!(fx.app.lobby.figures.served, 1);
        events += 1;

        // x: a called ticket that does not come.
        fx.act(Action::Call);
        assert_eq!(fx.ticket("A001").status, Status::Called);
        fx.select("A001");
        fx.act(Action::NoShow);
        let a1 = fx.ticket("A001");
        assert_eq!(a1.status, Status::NoShow);
        assert_eq!(a1.finished_at, Some(t0() + mins(9)));
        assert_ok_flash(&fx, by_lang(&fx, "A001 过号", "A001 marked no-show"));
        events += 2;
        // No-show on a waiting ticket is impossible.
        fx.select("B001");
        fx.act(Action::NoShow);
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "不能标记过号：B001 当前为“等候”。",
                "Cannot mark no-show: B001 is waiting.",
            ),
        );
        assert_eq!(fx.ticket("B001").status, Status::Waiting);
        assert_eq!(fx.event_count(), events);

        // d: diverting (分流) is the lobby manager's: the teller is told so.
        fx.act(Action::Divert);
        assert!(fx.app.form.is_none());
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "只有大堂经理可以分流。",
                "Only the lobby manager can divert.",
            ),
        );
        let teller_app = fx.switch_to("LOBBY");
        fx.select("B001");
        fx.act(Action::Divert);
        let form = fx.app.form.as_ref().expect("d opens the divert form");
        assert_eq!(
            form.purpose,
            Purpose::Divert {
                ticket: fx.ticket("B001").id
            }
        );
        fx.input(Input::Char('2'));
        snap(&fx, "teller_divert_form", 80, 24);
        fx.input(Input::Submit);
        let b1 = fx.ticket("B001");
        assert_eq!(b1.status, Status::Diverted);
        assert_eq!(b1.divert_target.as_deref(), Some("ebank"));
        assert_ok_flash(
            &fx,
            by_lang(
                &fx,
                "B001 分流至 电子银行协助",
                "B001 diverted to E-banking help",
            ),
        );
        events += 1;
        assert_eq!(fx.event_count(), events);
        fx.app = teller_app;
        fx.act(Action::Tick);
        // A001's no-show stays listed while A001 may still come back.
        assert_eq!(fx.queue(), ["A001"]);
        fx.advance(16);

        // Nothing left: c and s are refused with a message.
        assert!(fx.app.lobby.rows.is_empty());
        fx.act(Action::Call);
        assert_refused(&fx, by_lang(&fx, "没有等候的客户。", "Nobody is waiting."));
        fx.act(Action::Start);
        assert_refused(
            &fx,
            by_lang(&fx, "请先选择一个号码。", "Select a ticket first."),
        );
        fx.act(Action::Divert);
        assert!(fx.app.form.is_none());
        assert_eq!(fx.event_count(), events);
        snap(&fx, "teller_done", 80, 24);

        assert_eq!(
            fx.event_kinds(),
            [
                "client.add",
                "ticket.add",
                "client.add",
                "ticket.add",
                "client.add",
                "ticket.add",
                "ticket.call",
                "ticket.call",
                "ticket.call",
                "ticket.start",
                "ticket.hold",
                "ticket.resume",
                "ticket.finish",
                "ticket.call",
                "ticket.no_show",
                "ticket.divert",
            ]
        );
    }
}

#[test]
fn a_held_ticket_cannot_resume_at_a_busy_counter() {
    let mut fx = Fixture::new(Lang::En, "T01", &tellers());
    fx.walkin('A', '1', "", "");
    fx.walkin('A', '1', "", "");
    fx.act(Action::Call);
    fx.act(Action::Start);
    fx.act(Action::HoldResume);
    assert_eq!(fx.ticket("A001").status, Status::OnHold);
    // The counter takes the next client meanwhile.
    fx.act(Action::Call);
    assert_eq!(fx.ticket("A002").status, Status::Called);
    fx.select("A001");
    let events = fx.event_count();
    fx.act(Action::HoldResume);
    assert_refused(&fx, "Counter 1 is busy with A002; finish it first.");
    assert_eq!(fx.ticket("A001").status, Status::OnHold);
    assert_eq!(fx.event_count(), events);
}

// ---------------------------------------------------------------- the lobby manager

#[test]
fn the_lobby_manager_calls_to_a_chosen_counter() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "LOBBY", &tellers());
        assert_eq!(fx.app.me.counter, None);
        fx.walkin('A', '1', "王小明", "");
        fx.advance(1);
        fx.walkin('A', '1', "陈静", "");
        fx.advance(1);
        fx.walkin('V', '2', "赵丽华", "");
        fx.advance(1);
        let events = fx.event_count();

        // c opens the call form: no counter chosen, the selected ticket.
        fx.act(Action::Call);
        let form = fx.app.form.as_ref().expect("the call form");
        assert_eq!(form.purpose, Purpose::Call);
        assert_eq!(
            form.fields[0].get(),
            "",
            "the counter is the lobby manager's choice"
        );
        let v1 = fx.ticket("V001");
        assert_eq!(
            form.fields[1].get(),
            v1.id.to_string(),
            "the selected ticket"
        );
        fx.input(Input::Char('2'));
        snap_sizes(&fx, "lobby_call_form");
        fx.input(Input::Submit);
        assert!(fx.app.form.is_none());
        let v1 = fx.ticket("V001");
        assert_eq!((v1.status, v1.counter), (Status::Called, Some(2)));
        assert_eq!(v1.teller.as_deref(), Some("T02"), "the teller at counter 2");
        assert_ok_flash(&fx, by_lang(&fx, "V001 请到 2 号窗口", "V001 to counter 2"));
        assert_eq!(fx.event_count(), events + 1);

        // Counter 2 is busy: calling the next in line there is refused.
        fx.select("A001");
        fx.act(Action::Call);
        assert_eq!(
            fx.app.form.as_ref().unwrap().fields[0].get(),
            "",
            "no counter is offered"
        );
        fx.input(Input::Cancel);
        lobby_call(&mut fx, '2', true);
        assert_refused(
            &fx,
            by_lang(
                &fx,
                "2 号窗口正在办理 V001，请先办结。",
                "Counter 2 is busy with V001; finish it first.",
            ),
        );
        assert_eq!(fx.ticket("A001").status, Status::Waiting);
        assert_eq!(fx.ticket("A002").status, Status::Waiting);
        assert_eq!(fx.event_count(), events + 1);
        snap(&fx, "lobby_call_busy", 80, 24);

        // A chosen ticket (not the next in line) to counter 3, where nobody sits.
        fx.select("A002");
        lobby_call(&mut fx, '3', false);
        let a2 = fx.ticket("A002");
        assert_eq!(
            (a2.status, a2.counter, a2.teller.as_deref()),
            (Status::Called, Some(3), None)
        );
        assert_eq!(fx.ticket("A001").status, Status::Waiting);

        // c on a called ticket: a recall at its own counter, no form.
        fx.select("V001");
        fx.act(Action::Call);
        assert!(fx.app.form.is_none());
        assert_eq!(fx.ticket("V001").calls, 2);
        assert_eq!(fx.event_count(), events + 3);
        snap_sizes(&fx, "lobby_called");
    }
}

// ---------------------------------------------------------------- fairness

#[test]
fn fairness_a_normal_ticket_is_not_starved() {
    for lang in LANGS {
        let mut fx = Fixture::new(lang, "T01", &tellers());
        fx.walkin('A', '1', "王小明", ""); // 10:30, normal
        fx.advance(5);
        for p in ['2', '3', '4', '5', '2'] {
            fx.walkin('V', p, "", ""); // 10:35 .. 10:39
            fx.advance(1);
        }
        // 10:40: A001 has waited 10 minutes; it is fourth in line.
        assert_eq!(fx.app.now, t0() + mins(10));
        let waiting: Vec<String> = fx
            .app
            .lobby
            .rows
            .iter()
            .filter(|r| r.position.is_some())
            .map(|r| r.ticket.number.clone())
            .collect();
        assert_eq!(waiting, ["V001", "V002", "V003", "A001", "V004", "V005"]);
        snap(&fx, "fairness_queue", 80, 24);

        let mut called = Vec::new();
        for _ in 0..6 {
            fx.act(Action::Call);
            let n = fx.selected().unwrap();
            assert_eq!(fx.ticket(&n).status, Status::Called, "{:?}", fx.app.flash);
            called.push(n);
            fx.advance(1);
            fx.act(Action::Start);
            fx.advance(2);
            fx.act(Action::Finish);
            assert_eq!(fx.ticket(called.last().unwrap()).status, Status::Done);
        }
        assert_eq!(called, ["V001", "V002", "V003", "A001", "V004", "V005"]);
        assert_eq!(called[3], "A001", "the normal ticket is called 4th");
    }
}

#[test]
fn fairness_holds_when_calls_fall_in_the_same_second() {
    let mut fx = Fixture::lobby(Lang::En);
    fx.walkin('A', '1', "", ""); // 10:30
    fx.walkin('A', '1', "", ""); // 10:30
    fx.advance(2);
    for _ in 0..5 {
        fx.walkin('V', '2', "", ""); // 10:32
    }
    fx.advance(8); // 10:40: both normal tickets are owed a call.
    let mut called = Vec::new();
    // Three counters calling, serving and finishing within one second.
    for k in 0..7u32 {
        let counter = k % 3 + 1;
        fx.app.run(
            Target::Next,
            Step::Call {
                counter,
                teller: None,
            },
        );
        let n = fx.selected().unwrap();
        called.push(n.clone());
        fx.app.run(Target::Ticket(fx.ticket(&n).id), Step::Start);
        fx.app.run(Target::Ticket(fx.ticket(&n).id), Step::Finish);
    }
    assert_eq!(
        called,
        ["V001", "V002", "V003", "A001", "V004", "V005", "A002"]
    );
}

// ---------------------------------------------------------------- help and small terminals

#[test]
fn help_overlay() {
    for lang in LANGS {
        let mut fx = morning_queue(lang);
        fx.act(Action::ToggleHelp);
        assert!(fx.app.help);
        snap_sizes(&fx, "help");
        // Any key closes help and does nothing else.
        let before = fx.event_count();
        fx.act(Action::Call);
        assert!(!fx.app.help);
        assert!(fx.app.form.is_none());
        assert_eq!(fx.event_count(), before);
    }
}

#[test]
fn a_terminal_smaller_than_80x24_shows_the_too_small_sentence() {
    for lang in LANGS {
        let fx = morning_queue(lang);
        for (w, h) in [(79, 24), (80, 23), (40, 10)] {
            let screen = fx.screen(w, h);
            let expected = by_lang(
                &fx,
                &format!("至少需要 80×24，当前 {w}×{h}"),
                &format!("needs at least 80×24, now {w}×{h}"),
            )
            .to_string();
            // The sentence may wrap: compare without the spaces.
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            assert!(
                squeeze(&screen).contains(&squeeze(&expected)),
                "{w}×{h}:\n{screen}"
            );
            assert!(
                !screen.contains("A001"),
                "no client data on a broken layout"
            );
            snap(&fx, "too_small", w, h);
        }
        assert!(!fx
            .screen(80, 24)
            .contains(by_lang(&fx, "终端太小", "too small")));
    }
}
