//! The teller's flow, held tickets, chosen counters and fairness.

use super::*;

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
