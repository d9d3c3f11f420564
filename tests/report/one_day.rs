//! The hand-made day's figures, section by section.

use super::*;

// ---------------------------------------------------------------- one day

#[test]
fn one_day_visits_waits_and_service() {
    let b = branch();
    let r = day_report(&b);
    assert_eq!(
        (r.date_from.as_str(), r.date_to.as_str()),
        ("2026-11-23", "2026-11-23")
    );

    let v = &r.visits;
    assert_eq!(v.arrived, 8);
    assert_eq!(v.served, 4, "A001, A002, A003, V001");
    assert_eq!(v.no_show, 1);
    assert_eq!(v.diverted, 1);
    assert_eq!(v.waiting, 1, "A004");
    assert_eq!(v.open, 1, "A005 serving");

    // Waits 2, 4, 5, 7, 8, 20 and A004's 30 (11:00 → now 11:30); C001 has none.
    let w = &r.waits.all;
    assert_eq!(w.count, 7);
    assert_eq!(w.avg_minutes, 10.9, "76 / 7 = 10.857");
    assert_eq!(w.p90_minutes, 30.0, "rank ⌈6.3⌉ = 7 of 7");
    assert_eq!(w.max_minutes, 30.0);
    assert_eq!(w.over_warning, 4, "7, 8, 20, 30 > 6");
    assert_eq!(w.over_alert, 2, "20, 30 > 15");

    let letters: Vec<&str> = r
        .waits
        .by_service
        .iter()
        .map(|s| s.service.as_str())
        .collect();
    assert_eq!(
        letters,
        ["A", "B", "V", "C", "L"],
        "every catalog service, in order"
    );
    let a = &r.waits.by_service[0];
    assert_eq!(a.label.zh, "个人业务");
    assert_eq!(a.label.en, "Personal banking");
    // A: 2, 4, 5, 8, 30.
    assert_eq!(a.figures.count, 5);
    assert_eq!(a.figures.avg_minutes, 9.8);
    assert_eq!(a.figures.p90_minutes, 30.0);
    assert_eq!(a.figures.max_minutes, 30.0);
    assert_eq!((a.figures.over_warning, a.figures.over_alert), (2, 1));
    let bb = &r.waits.by_service[1].figures;
    assert_eq!(
        (bb.count, bb.avg_minutes, bb.p90_minutes, bb.max_minutes),
        (1, 20.0, 20.0, 20.0)
    );
    assert_eq!((bb.over_warning, bb.over_alert), (1, 1));
    let vv = &r.waits.by_service[2].figures;
    assert_eq!(
        (vv.count, vv.avg_minutes, vv.over_warning, vv.over_alert),
        (1, 7.0, 1, 0)
    );
    assert_eq!(
        r.waits.by_service[3].figures,
        Default::default(),
        "C001 never called"
    );
    assert_eq!(r.waits.by_service[4].figures, Default::default());

    // Service: A001 10, A002 5, A003 5, V001 15 minutes.
    let s = &r.service;
    assert_eq!(
        (s.all.count, s.all.avg_minutes, s.all.max_minutes),
        (4, 8.8, 15.0)
    );
    let counters: Vec<_> = s
        .by_counter
        .iter()
        .map(|c| {
            (
                c.counter,
                c.figures.count,
                c.figures.avg_minutes,
                c.figures.max_minutes,
            )
        })
        .collect();
    assert_eq!(counters, [(1, 2, 7.5, 10.0), (2, 2, 10.0, 15.0)]);
    let tellers: Vec<_> = s
        .by_teller
        .iter()
        .map(|t| {
            (
                t.code.as_str(),
                t.name.as_str(),
                t.figures.count,
                t.figures.avg_minutes,
            )
        })
        .collect();
    assert_eq!(tellers, [("T01", "王芳", 2, 7.5), ("T02", "李强", 2, 10.0)]);
}

#[test]
fn one_day_referrals_and_funnel() {
    let b = branch();
    let k = day_report(&b).referrals;
    assert_eq!(
        k.created, 6,
        "K1, K2, K3, K4, K5, K7 (K6 was made the evening before)"
    );
    assert_eq!(k.accepted, 5, "K1, K2, K3, K4 and K6");
    assert_eq!(k.contracted, 2, "K1 and K3");
    assert_eq!(k.contracted_cents, 5_000_000 + 12_345_678);
    assert_eq!(k.declined, 1);
    let objections: Vec<(&str, i64)> = k
        .declined_by_objection
        .iter()
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    assert_eq!(
        objections,
        [("distrust", 0), ("no_need", 1), ("poor_fit", 0)]
    );
    assert_eq!(k.intent, 1, "K6");

    let lines: Vec<_> = k
        .by_line
        .iter()
        .map(|l| {
            (
                l.line.as_str(),
                l.label.zh.as_str(),
                l.created,
                l.accepted,
                l.contracted,
                l.contracted_cents,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("wealth", "财富", 4, 3, 1, 5_000_000),
            ("credit", "信贷", 2, 2, 1, 12_345_678)
        ]
    );

    // Made by `referred_by`; contracts credited to the original referrer.
    let referrers: Vec<_> = k
        .by_referrer
        .iter()
        .map(|p| (p.code.as_str(), p.name.as_str(), p.created, p.contracted))
        .collect();
    assert_eq!(
        referrers,
        [
            ("LOBBY", "大堂经理", 1, 0),
            ("T01", "王芳", 2, 2),
            ("T02", "李强", 2, 0),
            ("W01", "赵敏", 1, 0)
        ]
    );

    // Chains begun on D: K1, K2(→K3), K4, K5, K7.
    let f = &k.funnel;
    assert_eq!((f.created, f.accepted, f.contracted), (5, 3, 2));
    assert_eq!(f.contracted_cents, 17_345_678);
}

#[test]
fn one_day_followups_staff_points_and_hours() {
    let b = branch();
    let r = day_report(&b);
    let f = &r.followups;
    assert_eq!(f.contacted, 3);
    assert_eq!(
        (f.won, f.lost, f.handed_back),
        (1, 1, 0),
        "the hand-back was the day before"
    );
    assert_eq!(f.open, 3);
    assert_eq!(f.due_tomorrow, 1, "P1 due 2026-11-24");
    assert_eq!(
        f.overdue, 1,
        "P2 due 2026-11-21; P3 is due today, not overdue"
    );

    // points = referrals × 1 + converted × 5 + closed × 3 + contacts × 1
    let staff: Vec<_> = r
        .staff
        .iter()
        .map(|s| {
            (
                s.code.as_str(),
                s.name.as_str(),
                [
                    s.referrals,
                    s.converted,
                    s.closed,
                    s.contacts,
                    s.served,
                    s.points,
                ],
            )
        })
        .collect();
    assert_eq!(
        staff,
        [
            ("C01", "孙杰", [0, 0, 1, 1, 0, 3 + 1]),
            ("LOBBY", "大堂经理", [1, 0, 0, 0, 0, 1]),
            ("T01", "王芳", [2, 2, 0, 0, 2, 2 + 10]),
            ("T02", "李强", [2, 0, 0, 0, 2, 2]),
            ("W01", "赵敏", [1, 0, 1, 2, 0, 1 + 3 + 2]),
        ],
        "T09 did nothing and is not listed"
    );

    assert_eq!(r.hours.len(), 24);
    assert!(r
        .hours
        .iter()
        .enumerate()
        .all(|(i, h)| h.hour as usize == i));
    let busy: Vec<_> = r
        .hours
        .iter()
        .filter(|h| h.arrivals > 0)
        .map(|h| (h.hour, h.arrivals, h.avg_wait_minutes))
        .collect();
    // 09: waits 2, 5, 8; 10: 20, 7 (C001 none); 11: 30, 4.
    assert_eq!(busy, [(9, 3, 5.0), (10, 3, 13.5), (11, 2, 17.0)]);
}
