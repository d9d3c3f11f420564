//! The day's figures, the service level, the lobby's expected arrivals and grace minutes.

use super::*;

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
    let text = include_str!("../../data/catalog.toml").replace(
        "appointment_grace_minutes = 15",
        "appointment_grace_minutes = 0",
    );
    let e = Catalog::from_settings(&text).unwrap_err();
    assert_eq!(
        e.message(Lang::En),
        "thresholds.appointment_grace_minutes must be between 1 and 240."
    );
    let without =
        include_str!("../../data/catalog.toml").replace("appointment_grace_minutes = 15\n", "");
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
