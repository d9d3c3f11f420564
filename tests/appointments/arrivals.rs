//! Booked, checked in, routed, called and missed.

use super::*;

/// Open the booking form on the Follow-ups tab and fill it.
fn fill_booking(fx: &mut Fixture, day: &str, time: &str, with: &str) {
    fx.act(Action::GoTab(3));
    assert_eq!(fx.app.tab, Tab::Followups);
    fx.act(Action::Top);
    fx.act(Action::Book);
    assert!(
        fx.app.form.is_some(),
        "A opens the booking form: {:?}",
        fx.app.flash
    );
    fx.focus_field(0);
    fx.type_text(day);
    fx.focus_field(1);
    fx.type_text(time);
    fx.pick(Msg::FieldApptWith, with);
    fx.focus_field(3);
    fx.type_text("想了解养老理财");
}

#[test]
fn booked_checked_in_routed_told_once_and_called_by_the_manager() {
    let mut fx = branch(Lang::Zh, "W01");
    // The manager books from the prospect, for 11:00 today (it is 10:30).
    fill_booking(&mut fx, "2026-11-23", "11:00", "W01");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    assert_eq!(fx.flash().0, "已预约 2026-11-23 11:00，约见 王理财。");
    let id = fx.sql_i64("SELECT id FROM appointments", args![]);
    let details: String = raw(&fx.dir)
        .query_row(
            "SELECT details FROM events WHERE kind = 'appointment.book'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !details.contains("养老"),
        "no free text in the trail: {details}"
    );
    assert!(
        !details.contains(CLIENT.0),
        "no name in the trail: {details}"
    );

    // The lobby manager sees the expected arrival and checks the client in.
    fx.switch_to("LOBBY");
    assert_eq!(fx.app.lobby.arrivals.len(), 1);
    assert!(fx.app.offers(&Action::CheckIn), "the hint line offers i");
    fx.act(Action::CheckIn);
    assert!(fx.app.form.is_some(), "i opens the check-in form");
    fx.pick(Msg::FieldAppointment, &id.to_string());
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "checked in: {:?}", fx.app.flash);
    assert_eq!(fx.flash().0, "C001 已签到，已通知 王理财。");
    assert_eq!(status_of(&fx, id), Status::Arrived);
    let t = fx.ticket("C001");
    assert_eq!(t.routed_to.as_deref(), Some("W01"));
    assert_eq!(t.client_id, Some(client_id(&fx)));
    assert_eq!(t.status, TicketStatus::Waiting);
    assert!(!fx.app.offers(&Action::CheckIn), "nothing left to check in");

    // W01 is told at once, once.
    let told = |fx: &Fixture| {
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE to_staff = 'W01' AND kind = 'appointment.arrived'",
            args![],
        )
    };
    assert_eq!(told(&fx), 1);
    let w01 = person_of(&fx.app.store, "W01");
    let unseen = ops::notices::unseen(&fx.app.store.db(), &w01).unwrap();
    assert_eq!(unseen.len(), 1);
    assert_eq!(unseen[0].detail, "C001");
    // Checked in again: refused in words, nobody told twice.
    let lobby = person_of(&fx.app.store, "LOBBY");
    let catalog = Catalog::shipped();
    let op = Op {
        who: &lobby,
        now: fx.clock.now(),
        day: day(),
        catalog: &catalog,
    };
    let again = fx
        .app
        .store
        .write(|db| appointments::check_in(db, &op, id))
        .unwrap_err();
    let names = fx.app.names();
    assert_eq!(again.message(&names), "该预约已到店，不能再办理。");
    assert_eq!(told(&fx), 1);

    // A teller's next call passes it by: it is W01's.
    fx.switch_to("T01");
    fx.act(Action::Call);
    assert_eq!(fx.flash(), ("没有等候的客户。".to_string(), true));
    assert_eq!(fx.ticket("C001").status, TicketStatus::Waiting);

    // W01's c, on their own pane, calls the client to their desk.
    fx.switch_to("W01");
    assert_eq!(fx.app.tab, Tab::Line(0));
    assert!(fx.app.offers(&Action::Call), "the pane offers c");
    fx.act(Action::Call);
    assert_eq!(fx.flash(), ("已叫 C001 到您的座位。".to_string(), false));
    let t = fx.ticket("C001");
    assert_eq!(t.status, TicketStatus::Called);
    assert_eq!((t.counter, t.teller.as_deref()), (Some(11), Some("W01")));
}

#[test]
fn another_manager_cannot_call_a_client_routed_elsewhere() {
    let mut fx = branch(Lang::En, "LOBBY");
    let id = book(&mut fx, "W01", (11, 0), "W01").unwrap();
    fx.act(Action::CheckIn);
    fx.pick(Msg::FieldAppointment, &id.to_string());
    fx.input(Input::Submit);
    assert_eq!(fx.flash().0, "Checked in as C001; 王理财 has been told.");
    fx.switch_to("C01");
    // C01's c calls the next their desk takes: never W01's client.
    fx.act(Action::Call);
    let t = fx.ticket("C001");
    assert_eq!(t.status, TicketStatus::Waiting, "{:?}", fx.flash());
    let c01 = person_of(&fx.app.store, "C01");
    let denied = lobbydesk::domain::authority::allowed(
        &c01,
        lobbydesk::domain::authority::Act::Call,
        lobbydesk::domain::authority::Target::Ticket(&t),
    )
    .unwrap_err();
    assert_eq!(
        denied.message(&fx.app.names()),
        "This client came to see 王理财: only 王理财 or the lobby manager calls them."
    );
}

#[test]
fn a_time_already_past_is_refused_with_a_sentence() {
    let mut fx = branch(Lang::Zh, "W01");
    fill_booking(&mut fx, "2026-11-23", "10:00", "W01");
    fx.input(Input::Submit);
    let form = fx.app.form.as_ref().expect("the form stays open");
    let time = form
        .fields
        .iter()
        .find(|f| f.label == Msg::FieldApptTime)
        .unwrap();
    assert_eq!(
        time.error.as_deref(),
        Some("预约时间已过，请选择之后的时间。")
    );
    assert_eq!(fx.sql_i64("SELECT count(*) FROM appointments", args![]), 0);
    // Through the operation too, in English.
    let e = book(&mut fx, "W01", (9, 0), "wealth").unwrap_err();
    let names = lobbydesk::ops::Names {
        lang: Lang::En,
        roster: &fx.app.roster,
        catalog: &fx.app.catalog,
    };
    assert_eq!(
        e.message(&names),
        "That time has passed: choose a later one."
    );
    // A choice of whom it is with is never made for the person.
    fx.discard();
    fx.act(Action::Book);
    let form = fx.app.form.as_ref().unwrap();
    assert_eq!(form.field(Msg::FieldApptWith).get(), "");
    // Nobody but a line's manager (or the head) books.
    let e = book(&mut fx, "T01", (11, 0), "W01").unwrap_err();
    assert!(matches!(e, OpError::Denied(_)), "{e:?}");
}

#[test]
fn missed_after_the_grace_minutes_goes_back_on_the_follow_ups_due_today() {
    let mut fx = branch(Lang::Zh, "LOBBY");
    let id = book(&mut fx, "W01", (10, 40), "W01").unwrap();
    // 10:55: fifteen minutes late is still in time.
    fx.advance(25);
    assert_eq!(status_of(&fx, id), Status::Booked);
    // 10:56: missed, by whoever's desk noticed first.
    fx.advance(1);
    assert_eq!(status_of(&fx, id), Status::Missed);
    assert_eq!(
        fx.flash().0,
        "1 个预约超时未到，已标记爽约并回到预约经理的跟进。"
    );
    let p = fx
        .app
        .store
        .db()
        .prospect(prospect_id(&fx))
        .unwrap()
        .unwrap();
    assert_eq!(p.next_due, Some(day()), "due today");
    assert_eq!(p.owner, "W01");
    let kinds = fx.event_kinds();
    assert!(kinds.ends_with(&[
        "appointment.missed".to_string(),
        "prospect.reschedule".to_string()
    ]));
    // Noticed once: a later tick marks nothing again.
    let events = fx.event_count();
    fx.advance(1);
    assert_eq!(fx.event_count(), events);
    // On W01's follow-ups, due today.
    fx.switch_to("W01");
    fx.act(Action::GoTab(3));
    let screen = fx.screen(120, 40);
    assert!(screen.contains("李*明"), "{screen}");
}

#[test]
fn a_missed_client_without_a_prospect_gets_one_on_the_booker_s_list() {
    let mut fx = branch(Lang::Zh, "LOBBY");
    // A second client, not on anyone's list, booked with the credit line.
    let other = fx
        .app
        .store
        .write(|db| db.find_or_add_client(Some("赵六"), Some("13900001234"), t0()))
        .unwrap()
        .0;
    let c01 = person_of(&fx.app.store, "C01");
    let catalog = Catalog::shipped();
    let op = Op {
        who: &c01,
        now: t0(),
        day: day(),
        catalog: &catalog,
    };
    let b = Booking {
        client: other,
        prospect: None,
        day: day(),
        time: NaiveTime::from_hms_opt(10, 45, 0).unwrap(),
        with: "credit".into(),
        note: String::new(),
    };
    let clock = fx.clock.clone();
    fx.app
        .store
        .write(|db| appointments::book(db, &op, &clock, &b))
        .unwrap();
    fx.advance(31);
    let (owner, line, due): (String, String, String) = raw(&fx.dir)
        .query_row(
            "SELECT owner, line, next_due FROM prospects WHERE client_id = ?1",
            [other],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((owner.as_str(), line.as_str()), ("C01", "credit"));
    assert_eq!(due, "2026-11-23");
}
