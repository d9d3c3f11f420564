//! Appointments (预约): a manager books, the lobby checks the client in, the
//! ticket goes to that manager who is told at once and calls it; a client
//! who does not come goes back on the manager's follow-ups; the day's
//! figures count them; the service level beside the waits.

mod support;

use chrono::{Duration, NaiveTime};
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::config::Catalog;
use lobbydesk::domain::appointment::Status;
use lobbydesk::domain::ticket::Status as TicketStatus;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::appointments::{self, Booking};
use lobbydesk::ops::{self, Op, OpError};
use lobbydesk::report::{self, Format, Period, Report};
use rusqlite::params;
use support::*;

const CLIENT: (&str, &str) = ("李小明", "13812345678");

/// W01 (wealth), C01 (credit), T01 (teller at counter 1), the lobby; one
/// client on W01's follow-ups, due in five days. The app runs as `me`.
fn branch(lang: Lang, me: &str) -> Fixture {
    let staff = [
        manager("W01", "王理财", "wealth"),
        manager("C01", "陈信贷", "credit"),
        teller("T01", "张敏", 1),
    ];
    let mut fx = Fixture::new(lang, me, &staff);
    fx.app
        .store
        .write(|db| consenting_prospect(db, CLIENT, "W01", day() + Duration::days(5), t0()))
        .unwrap();
    fx.app.reload().unwrap();
    fx
}

fn client_id(fx: &Fixture) -> i64 {
    fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![CLIENT.1])
}

fn prospect_id(fx: &Fixture) -> i64 {
    fx.sql_i64("SELECT id FROM prospects WHERE owner = 'W01'", args![])
}

/// Book as `who` through the operation (the form's own path is tested apart).
fn book(fx: &mut Fixture, who: &str, time: (u32, u32), with: &str) -> Result<i64, OpError> {
    let person = person_of(&fx.app.store, who);
    let catalog = Catalog::shipped();
    let op = Op {
        who: &person,
        now: fx.clock.now(),
        day: fx.clock.today(),
        catalog: &catalog,
    };
    let b = Booking {
        client: client_id(fx),
        prospect: Some(prospect_id(fx)),
        day: fx.clock.today(),
        time: NaiveTime::from_hms_opt(time.0, time.1, 0).unwrap(),
        with: with.into(),
        note: "想了解养老理财".into(),
    };
    let clock = fx.clock.clone();
    let id = fx
        .app
        .store
        .write(|db| appointments::book(db, &op, &clock, &b))?
        .id;
    fx.app.reload().unwrap();
    Ok(id)
}

fn status_of(fx: &Fixture, id: i64) -> Status {
    fx.app.store.db().appointment(id).unwrap().unwrap().status
}

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

#[test]
fn the_day_s_figures_count_booked_arrived_and_missed() {
    let mut fx = branch(Lang::Zh, "LOBBY");
    let arrived = book(&mut fx, "W01", (10, 35), "W01").unwrap();
    let missed = book(&mut fx, "W01", (10, 40), "wealth").unwrap();
    let cancelled = book(&mut fx, "W01", (15, 0), "W01").unwrap();
    book(&mut fx, "W01", (16, 0), "W01").unwrap();
    fx.act(Action::CheckIn);
    fx.pick(Msg::FieldAppointment, &arrived.to_string());
    fx.input(Input::Submit);
    let w01 = person_of(&fx.app.store, "W01");
    let catalog = Catalog::shipped();
    let op = Op {
        who: &w01,
        now: fx.clock.now(),
        day: day(),
        catalog: &catalog,
    };
    fx.app
        .store
        .write(|db| appointments::cancel(db, &op, cancelled))
        .unwrap();
    fx.advance(30);
    assert_eq!(status_of(&fx, missed), Status::Missed);

    let r = Report::compute(
        &fx.app.store.db(),
        &catalog,
        Period::day(day()),
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let a = &r.appointments;
    assert_eq!((a.booked, a.arrived, a.missed, a.cancelled), (3, 1, 1, 1));
    let json: serde_json::Value =
        serde_json::from_str(&report::render(&r, &catalog, Lang::Zh, Format::Json)).unwrap();
    assert_eq!(json["appointments"]["booked"], 3);
    assert_eq!(json["appointments"]["arrived"], 1);
    assert_eq!(json["appointments"]["missed"], 1);
    let csv = report::render(&r, &catalog, Lang::Zh, Format::Csv);
    for line in [
        "appointments,,,booked,3",
        "appointments,,,arrived,1",
        "appointments,,,missed,1",
    ] {
        assert!(csv.contains(line), "{line} in\n{csv}");
    }
    let md = report::render(&r, &catalog, Lang::Zh, Format::Md);
    assert!(md.contains("## 预约"), "{md}");
    assert!(
        md.contains("| 预约 | 到店 | 爽约 | 取消 |\n| ---: | ---: | ---: | ---: |\n|    3 |    1 |    1 |    1 |"),
        "{md}"
    );
    // On the review too.
    fx.go(Tab::Review);
    let screen = fx.screen(120, 70);
    assert!(
        screen.contains(" 预约 3  到店 1  爽约 1  取消 1"),
        "{screen}"
    );
}

/// A hand-made day: A waits 2, 5, 6 and 10 minutes (three of four within 6
/// minutes), V waits 1 and 20 (one of two); A's first two at 9 o'clock.
fn level_day(fx: &Fixture) {
    let c = raw(&fx.dir);
    let at = |h: u32, m: u32| {
        day()
            .and_hms_opt(h, m, 0)
            .unwrap()
            .and_local_timezone(beijing())
            .unwrap()
            .timestamp()
    };
    let rows = [
        ("A", 1, at(9, 0), 2),
        ("A", 2, at(9, 10), 5),
        ("A", 3, at(10, 0), 6),
        ("A", 4, at(10, 5), 10),
        ("V", 1, at(10, 0), 1),
        ("V", 2, at(10, 2), 20),
    ];
    for (service, seq, arrived, wait) in rows {
        c.execute(
            "INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
             called_at, status, calls) VALUES ('2026-11-23', ?1, ?2, ?3, 'normal', 0, ?4, ?5,
             'done', 1)",
            params![
                service,
                seq,
                format!("{service}{seq:03}"),
                arrived,
                arrived + wait * 60
            ],
        )
        .unwrap();
    }
}

#[test]
fn the_service_level_in_the_three_formats() {
    let fx = branch(Lang::Zh, "LOBBY");
    level_day(&fx);
    let catalog = Catalog::shipped();
    let r = Report::compute(
        &fx.app.store.db(),
        &catalog,
        Period::day(day()),
        beijing(),
        fx.clock.now(),
    )
    .unwrap();
    let l = &r.service_level;
    assert_eq!(l.within_minutes, 6);
    assert_eq!(
        (l.all.count, l.all.within, l.all.share_percent),
        (6, 4, 66.7)
    );
    let a = l.by_service.iter().find(|s| s.service == "A").unwrap();
    assert_eq!(
        (a.figures.count, a.figures.within, a.figures.share_percent),
        (4, 3, 75.0)
    );
    let v = l.by_service.iter().find(|s| s.service == "V").unwrap();
    assert_eq!(v.figures.share_percent, 50.0);
    assert_eq!(l.by_hour.len(), 24);
    assert_eq!(
        (l.by_hour[9].figures.count, l.by_hour[9].figures.within),
        (2, 2)
    );
    assert_eq!(l.by_hour[10].figures.share_percent, 50.0);

    let json: serde_json::Value =
        serde_json::from_str(&report::render(&r, &catalog, Lang::En, Format::Json)).unwrap();
    assert_eq!(
        json["service_level"]["share_percent"],
        serde_json::json!(66.7)
    );
    assert_eq!(json["service_level"]["within_minutes"], 6);
    let by_a = &json["service_level"]["by_service"][0];
    assert_eq!(
        (by_a["service"].as_str(), by_a["within"].as_i64()),
        (Some("A"), Some(3))
    );
    assert_eq!(json["service_level"]["by_hour"][10]["count"], 4);

    let csv = report::render(&r, &catalog, Lang::Zh, Format::Csv);
    for line in [
        "service_level,,,share_percent,66.7",
        "service_level.by_service,A,个人业务,share_percent,75.0",
        "service_level.by_service,V,贵宾服务,within,1",
        "service_level.by_hour,9,,share_percent,100.0",
    ] {
        assert!(csv.contains(line), "{line} in\n{csv}");
    }

    let md = report::render(&r, &catalog, Lang::Zh, Format::Md);
    assert!(
        md.contains("## 叫号服务水平\n\n6分钟内叫号 66.7%\n"),
        "{md}"
    );
    assert!(
        md.contains("| A 个人业务 |    4 |           3 | 75.0% |"),
        "{md}"
    );
    assert!(
        md.contains("| 10:00–11:00 |    4 |           2 |  50.0% |"),
        "{md}"
    );
    let en = report::render(&r, &catalog, Lang::En, Format::Md);
    assert!(en.contains("called within 6m 66.7%"), "{en}");
}

#[test]
fn the_review_shows_the_service_level_beside_the_waits() {
    let mut fx = branch(Lang::Zh, "LOBBY");
    level_day(&fx);
    fx.app.reload().unwrap();
    fx.go(Tab::Review);
    let screen = fx.screen(120, 40);
    assert!(screen.contains("6分钟内叫号 66.7%  (4/6)"), "{screen}");
    assert!(screen.contains("A 75.0% (3/4) · V 50.0% (1/2)"), "{screen}");
}

#[test]
fn the_lobby_lists_the_expected_arrivals() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = branch(lang, "LOBBY");
        book(&mut fx, "W01", (11, 0), "W01").unwrap();
        book(&mut fx, "W01", (11, 30), "wealth").unwrap();
        let arrived = book(&mut fx, "W01", (10, 45), "W01").unwrap();
        book(&mut fx, "W01", (14, 0), "W01").unwrap();
        fx.walkin('A', '1', "", "");
        fx.act(Action::CheckIn);
        fx.pick(Msg::FieldAppointment, &arrived.to_string());
        fx.input(Input::Submit);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("expected_arrivals_{}_{w}x{h}", fx.lang()),
                fx.screen(w, h)
            );
        }
    }
}

#[test]
fn the_grace_minutes_are_a_branch_setting() {
    let text = include_str!("../data/catalog.toml").replace(
        "appointment_grace_minutes = 15",
        "appointment_grace_minutes = 0",
    );
    let e = Catalog::from_settings(&text).unwrap_err();
    assert_eq!(
        e.message(Lang::En),
        "thresholds.appointment_grace_minutes must be between 1 and 240."
    );
    let without =
        include_str!("../data/catalog.toml").replace("appointment_grace_minutes = 15\n", "");
    let c = Catalog::from_settings(&without).unwrap();
    assert_eq!(c.thresholds.appointment_grace_minutes, 15, "the default");
}

#[test]
fn a_dedicated_manager_is_told_when_their_client_is_checked_in_for_someone_else() {
    let mut fx = branch(Lang::En, "LOBBY");
    // C01 is the client's dedicated manager; the appointment is with W01.
    let w01 = person_of(&fx.app.store, "W01");
    let catalog = Catalog::shipped();
    let op = Op {
        who: &w01,
        now: fx.clock.now(),
        day: fx.clock.today(),
        catalog: &catalog,
    };
    let client = client_id(&fx);
    fx.app
        .store
        .write(|db| ops::pairs::set_client_manager(db, &op, client, Some("C01")))
        .unwrap();
    let id = book(&mut fx, "W01", (11, 0), "W01").unwrap();
    fx.act(Action::CheckIn);
    fx.pick(Msg::FieldAppointment, &id.to_string());
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let told = |to: &str, kind: &str| {
        fx.sql_i64(
            "SELECT count(*) FROM notices WHERE to_staff = ?1 AND kind = ?2",
            args![to, kind],
        )
    };
    assert_eq!(told("W01", "appointment.arrived"), 1);
    assert_eq!(told("C01", "client.arrived"), 1);
    // C01's desk says it, with the ticket's number and the client's tier.
    let c01 = fx.app_as("C01");
    let said = c01.flash.clone().map(|f| f.text).unwrap_or_default();
    assert!(said.contains("C001"), "{said}");
}
