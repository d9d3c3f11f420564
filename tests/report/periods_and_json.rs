//! Day boundaries, ranges, empty and quiet days, periods, and the JSON contract.

use super::*;

#[test]
fn the_day_boundary_is_local_midnight() {
    let b = branch();
    let r = compute(&b, Period::day(day(-1)), at(d(), 11, 30));
    assert_eq!(r.visits.arrived, 1);
    assert_eq!(r.hours[23].arrivals, 1, "23:50 local, 15:50 UTC");
    assert_eq!(r.waits.all.count, 1);
    assert_eq!(
        r.referrals.created, 1,
        "K6 at 23:59; K7 at 00:10 is the next day's"
    );
    assert_eq!(r.referrals.accepted, 0);
    assert_eq!(r.followups.contacted, 1);
    assert_eq!(r.followups.handed_back, 1);
    let codes: Vec<&str> = r.staff.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(
        codes,
        ["T01", "T02", "W01"],
        "K6, the late ticket, a contact"
    );
}

// ---------------------------------------------------------------- a range

#[test]
fn a_range_of_two_days() {
    let b = branch();
    let r = compute(&b, Period::new(d(), day(1)).unwrap(), at(day(1), 16, 0));
    assert_eq!(
        (r.date_from.as_str(), r.date_to.as_str()),
        ("2026-11-23", "2026-11-24")
    );
    assert_eq!(r.visits.arrived, 13);
    assert_eq!(r.visits.served, 9);
    assert_eq!(r.visits.waiting, 1);

    // A004 was left waiting on D: abandoned, no wait. Waits:
    // 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 20 → sum 80, rank ⌈9.9⌉ = 10th.
    let w = &r.waits.all;
    assert_eq!(w.count, 11);
    assert_eq!(w.avg_minutes, 7.3, "80 / 11 = 7.27");
    assert_eq!(w.p90_minutes, 15.0);
    assert_eq!(w.max_minutes, 20.0);
    assert_eq!(w.over_warning, 5, "7, 8, 9, 15, 20; 6 is not over 6");
    assert_eq!(w.over_alert, 1, "20; 15 is not over 15");
    // A: 1, 2, 3, 4, 5, 6, 8, 9, 15 → sum 53, rank ⌈8.1⌉ = 9th.
    let a = &r.waits.by_service[0].figures;
    assert_eq!(
        (a.count, a.avg_minutes, a.p90_minutes, a.max_minutes),
        (9, 5.9, 15.0, 15.0)
    );
    assert_eq!((a.over_warning, a.over_alert), (3, 0));

    // Service: 35 minutes over 4 tickets on D, 5 × 4 on D+1.
    let s = &r.service.all;
    assert_eq!((s.count, s.avg_minutes, s.max_minutes), (9, 6.1, 15.0));

    assert_eq!(r.referrals.created, 7);
    assert_eq!(r.referrals.funnel.created, 6);
    assert_eq!(r.followups.contacted, 4);
    assert_eq!(r.followups.due_tomorrow, 0, "nothing due 2026-11-25");
    assert_eq!(r.followups.overdue, 2, "P2 and P3, before 2026-11-24");

    let t01 = r.staff.iter().find(|s| s.code == "T01").unwrap();
    assert_eq!((t01.served, t01.points), (7, 12));
    let t02 = r.staff.iter().find(|s| s.code == "T02").unwrap();
    assert_eq!((t02.referrals, t02.points), (3, 3));
    let c01 = r.staff.iter().find(|s| s.code == "C01").unwrap();
    assert_eq!((c01.contacts, c01.points), (2, 5));

    // 09: D's 2, 5, 8 and D+1's 1, 3, 6, 9, 15 → 49 / 8.
    assert_eq!((r.hours[9].arrivals, r.hours[9].avg_wait_minutes), (8, 6.1));
    assert_eq!(
        (r.hours[11].arrivals, r.hours[11].avg_wait_minutes),
        (2, 4.0)
    );
}

// ---------------------------------------------------------------- empty days

fn assert_quiet(r: &Report) {
    assert_eq!(r.visits, Default::default());
    assert_eq!(r.waits.all, Default::default());
    assert_eq!(r.waits.by_service.len(), 5);
    assert!(r
        .waits
        .by_service
        .iter()
        .all(|s| s.figures == Default::default()));
    assert_eq!(r.service.all, Default::default());
    assert!(r.service.by_counter.is_empty() && r.service.by_teller.is_empty());
    let k = &r.referrals;
    assert_eq!(
        (
            k.created,
            k.accepted,
            k.contracted,
            k.contracted_cents,
            k.declined,
            k.intent
        ),
        (0, 0, 0, 0, 0, 0)
    );
    assert_eq!(k.declined_by_objection.len(), 3);
    assert!(k.declined_by_objection.values().all(|n| *n == 0));
    assert_eq!(k.by_line.len(), 2);
    assert!(k
        .by_line
        .iter()
        .all(|l| l.created + l.accepted + l.contracted == 0));
    assert!(k.by_referrer.is_empty());
    assert_eq!(k.funnel, Default::default());
    let f = &r.followups;
    assert_eq!((f.contacted, f.won, f.lost, f.handed_back), (0, 0, 0, 0));
    assert!(r.staff.is_empty());
    assert_eq!(r.hours.len(), 24);
    assert!(r
        .hours
        .iter()
        .all(|h| h.arrivals == 0 && h.avg_wait_minutes == 0.0));
}

#[test]
fn an_empty_database_gives_zeros() {
    let b = empty_branch();
    let r = compute(&b, Period::day(d()), at(d(), 12, 0));
    assert_quiet(&r);
    assert_eq!(r.followups, Default::default());
}

#[test]
fn a_quiet_day_gives_zeros_but_open_prospects_stand() {
    let b = branch();
    let r = compute(&b, Period::day(day(10)), at(day(10), 12, 0));
    assert_quiet(&r);
    // Open prospects are as they stand now: all three are overdue by then.
    assert_eq!((r.followups.open, r.followups.overdue), (3, 3));
}

#[test]
fn the_report_reads_inside_a_write_transaction_too() {
    let mut b = branch();
    let outside = day_report(&b);
    let inside = b
        .store
        .write(|db| {
            Report::compute(
                db,
                &Catalog::shipped(),
                Period::day(d()),
                beijing(),
                instant(at(d(), 11, 30)),
            )
        })
        .unwrap();
    assert_eq!(inside, outside);
}

// ---------------------------------------------------------------- periods

#[test]
fn periods_from_the_command_line() {
    let today = d();
    assert_eq!(
        Period::from_args(None, None, None, today),
        Ok(Period::day(today))
    );
    assert_eq!(
        Period::from_args(Some("2026-11-20"), None, None, today),
        Ok(Period::day(day(-3)))
    );
    assert_eq!(
        Period::from_args(None, Some("2026-11-01"), Some("2026-11-30"), today),
        Ok(Period {
            from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        })
    );
    assert_eq!(
        Period::from_args(Some("2026-02-30"), None, None, today),
        Err(PeriodError::BadDate("2026-02-30".into()))
    );
    assert_eq!(
        Period::from_args(None, Some("2026-11-30"), Some("2026-11-01"), today),
        Err(PeriodError::Reversed {
            from: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        })
    );
    let e = Period::from_args(Some("23/11/2026"), None, None, today).unwrap_err();
    assert!(e.message(Lang::En).contains("YYYY-MM-DD"));
    assert!(e.message(Lang::Zh).contains("23/11/2026"));
}

// ---------------------------------------------------------------- exporters

/// Every key of the JSON contract, by path; `[]` is each element of a list.
const CONTRACT: &[&str] = &[
    "chain_head",
    "date_from",
    "date_to",
    "visits.arrived",
    "visits.unfinished",
    "visits.unserved",
    "visits.served",
    "visits.no_show",
    "visits.diverted",
    "visits.waiting",
    "visits.open",
    "waits.count",
    "waits.avg_minutes",
    "waits.p90_minutes",
    "waits.max_minutes",
    "waits.over_warning",
    "waits.over_alert",
    "waits.by_service[].service",
    "waits.by_service[].label.zh",
    "waits.by_service[].label.en",
    "waits.by_service[].count",
    "waits.by_service[].avg_minutes",
    "waits.by_service[].p90_minutes",
    "waits.by_service[].max_minutes",
    "waits.by_service[].over_warning",
    "waits.by_service[].over_alert",
    "service.count",
    "service.avg_minutes",
    "service.max_minutes",
    "service.by_counter[].counter",
    "service.by_counter[].count",
    "service.by_counter[].avg_minutes",
    "service.by_counter[].max_minutes",
    "service.by_teller[].code",
    "service.by_teller[].name",
    "service.by_teller[].count",
    "service.by_teller[].avg_minutes",
    "service.by_teller[].max_minutes",
    "referrals.created",
    "referrals.accepted",
    "referrals.contracted",
    "referrals.contracted_amount",
    "referrals.declined",
    "referrals.declined_by_objection.distrust",
    "referrals.declined_by_objection.no_need",
    "referrals.declined_by_objection.poor_fit",
    "referrals.intent",
    "referrals.by_line[].line",
    "referrals.by_line[].label.zh",
    "referrals.by_line[].label.en",
    "referrals.by_line[].created",
    "referrals.by_line[].accepted",
    "referrals.by_line[].contracted",
    "referrals.by_line[].contracted_amount",
    "referrals.by_referrer[].code",
    "referrals.by_referrer[].name",
    "referrals.by_referrer[].created",
    "referrals.by_referrer[].contracted",
    "referrals.funnel.created",
    "referrals.funnel.accepted",
    "referrals.funnel.contracted",
    "referrals.funnel.contracted_amount",
    "followups.contacted",
    "followups.won",
    "followups.lost",
    "followups.handed_back",
    "followups.open",
    "followups.due_tomorrow",
    "followups.overdue",
    "staff[].code",
    "staff[].name",
    "staff[].referrals",
    "staff[].converted",
    "staff[].closed",
    "staff[].contacts",
    "staff[].served",
    "staff[].points",
    "hours[].hour",
    "hours[].arrivals",
    "hours[].avg_wait_minutes",
    // Counter times (walk, idle, paused by reason).
    "counters.by_counter[].counter",
    "counters.by_counter[].label.en",
    "counters.by_counter[].label.zh",
    "counters.by_counter[].calls",
    "counters.by_counter[].walks",
    "counters.by_counter[].walk_avg_minutes",
    "counters.by_counter[].idle_minutes",
    "counters.by_counter[].paused_minutes",
    "counters.by_counter[].paused_by_reason.lunch",
    "counters.by_counter[].paused_by_reason.training",
    "counters.by_counter[].paused_by_reason.cash",
    "counters.by_counter[].paused_by_reason.other",
    "counters.by_teller[].code",
    "counters.by_teller[].name",
    "counters.by_teller[].calls",
    "counters.by_teller[].walks",
    "counters.by_teller[].walk_avg_minutes",
    "counters.by_teller[].idle_minutes",
    "counters.by_teller[].paused_minutes",
    "counters.by_teller[].paused_by_reason.lunch",
    "counters.by_teller[].paused_by_reason.training",
    "counters.by_teller[].paused_by_reason.cash",
    "counters.by_teller[].paused_by_reason.other",
    "service_level.within_minutes",
    "service_level.count",
    "service_level.within",
    "service_level.share_percent",
    "service_level.by_service[].service",
    "service_level.by_service[].label.zh",
    "service_level.by_service[].label.en",
    "service_level.by_service[].count",
    "service_level.by_service[].within",
    "service_level.by_service[].share_percent",
    "service_level.by_hour[].hour",
    "service_level.by_hour[].count",
    "service_level.by_hour[].within",
    "service_level.by_hour[].share_percent",
    "appointments.booked",
    "appointments.arrived",
    "appointments.missed",
    "appointments.cancelled",
    "cross_sell[].trigger",
    "cross_sell[].label.zh",
    "cross_sell[].label.en",
    "cross_sell[].need",
    "cross_sell[].shown",
    "cross_sell[].referred",
    "cross_sell[].contracted",
    "satisfaction.complaints.opened",
    "satisfaction.complaints.resolved",
    "satisfaction.complaints.valid",
    "satisfaction.complaints.open",
    "satisfaction.complaints.overdue",
    "satisfaction.complaints.points_deducted",
    "satisfaction.complaints.by_kind[].kind",
    "satisfaction.complaints.by_kind[].opened",
    "satisfaction.ratings.count",
    "satisfaction.ratings.average",
    // Follow-ups lost by reason (every reason of the settings).
    "lost_by_reason.no_reason",
    "lost_by_reason.complaint",
    "lost_by_reason.competitor",
    "lost_by_reason.moved",
    "lost_by_reason.distrust",
    "lost_by_reason.no_need",
    "lost_by_reason.poor_fit",
    "lost_by_reason.other",
];

/// The key paths of a JSON value, lists written `[]`.
fn paths(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if !v.is_object() && !v.is_array() {
                    out.push(p.clone());
                }
                paths(v, &p, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn json_keeps_the_contract() {
    let b = branch();
    let r = day_report(&b);
    let text = report::render(&r, &Catalog::shipped(), Lang::Zh, Format::Json);
    assert!(text.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut found = Vec::new();
    paths(&v, "", &mut found);
    found.sort();
    found.dedup();
    let mut expected: Vec<String> = CONTRACT.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected, "the JSON keys are exactly the contract");

    assert_eq!(
        v["referrals"]["contracted_amount"],
        serde_json::json!(173456.78)
    );
    assert_eq!(
        v["referrals"]["by_line"][0]["contracted_amount"],
        serde_json::json!(50000.0)
    );
    assert_eq!(v["waits"]["avg_minutes"], serde_json::json!(10.9));
    assert_eq!(
        v["waits"]["by_service"][0]["label"]["en"],
        "Personal banking"
    );
    assert_eq!(v["staff"][2]["points"], 12);
    assert_eq!(v["hours"].as_array().unwrap().len(), 24);
    // The service level beside the waits: within = count − over_warning.
    assert_eq!(v["service_level"]["within_minutes"], 6);
    assert_eq!(v["service_level"]["count"], 7);
    assert_eq!(v["service_level"]["within"], 3);
    assert_eq!(v["service_level"]["share_percent"], serde_json::json!(42.9));
    assert_eq!(v["service_level"]["by_service"][0]["within"], 3);
    assert_eq!(
        v["service_level"]["by_service"][0]["share_percent"],
        serde_json::json!(60.0)
    );
    assert_eq!(
        v["service_level"]["by_hour"][9],
        serde_json::json!({"hour": 9, "count": 3, "within": 2, "share_percent": 66.7})
    );
    // The same text whatever the language.
    assert_eq!(
        text,
        report::render(&r, &Catalog::shipped(), Lang::En, Format::Json)
    );
}

#[test]
fn json_of_an_empty_day_keeps_the_contract_keys_too() {
    let b = empty_branch();
    let r = compute(&b, Period::day(d()), at(d(), 12, 0));
    let v: serde_json::Value = serde_json::from_str(&report::json::render(&r)).unwrap();
    let mut found = Vec::new();
    paths(&v, "", &mut found);
    // Lists of people and counters are empty; every other key is there.
    for key in CONTRACT {
        let listed = [
            "service.by_",
            "referrals.by_referrer",
            "staff[",
            "counters.by_",
        ];
        if listed.iter().any(|l| key.starts_with(l)) {
            continue;
        }
        assert!(found.iter().any(|f| f == key), "{key}");
    }
    assert_eq!(v["referrals"]["contracted_amount"], serde_json::json!(0.0));
}
