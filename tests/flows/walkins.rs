//! The empty lobby, registering walk-ins, and the waits.

use super::*;

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
