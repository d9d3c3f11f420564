//! Setting targets, refusals, the review and the Mine tab.

use super::*;

#[test]
fn only_the_head_sets_or_removes_a_target() {
    let b = Branch::new();
    b.set_all();
    let events = b.count("SELECT count(*) FROM events");
    for who in ["T01", "W01"] {
        let o = b.cli(
            "en",
            &[
                "--as",
                who,
                "targets",
                "set",
                "--person",
                "T01",
                "--measure",
                "referrals",
                "--period",
                "2026-11",
                "--value",
                "1",
            ],
        );
        assert_eq!(o.status.code(), Some(3), "{}", describe_output(&o));
        assert!(String::from_utf8_lossy(&o.stderr)
            .contains("Only the branch head sets or removes targets"));
        let o = b.cli(
            "zh",
            &[
                "--as",
                who,
                "targets",
                "remove",
                "--person",
                "T01",
                "--measure",
                "referrals",
                "--period",
                "2026-11",
            ],
        );
        assert_eq!(o.status.code(), Some(3), "{}", describe_output(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("只有支行长可以设定或删除目标"));
    }
    assert_eq!(
        b.count("SELECT value FROM targets WHERE whom_code = 'T01' AND measure = 'referrals'"),
        6
    );
    // Signing in writes its own events; no target event was written.
    assert_eq!(
        b.count("SELECT count(*) FROM events WHERE kind LIKE 'target.%'"),
        7
    );
    assert!(b.count("SELECT count(*) FROM events") >= events);
    // The head removes one: an event, and the report no longer shows it.
    let o = b.cli(
        "en",
        &[
            "--as",
            "H01",
            "targets",
            "remove",
            "--line",
            "credit",
            "--measure",
            "amount",
            "--period",
            "2026-11",
        ],
    );
    assert!(o.status.success(), "{}", describe_output(&o));
    assert_eq!(b.count("SELECT count(*) FROM targets"), 6);
    assert_eq!(
        b.count("SELECT count(*) FROM events WHERE kind = 'target.remove'"),
        1
    );
    let o = b.cli(
        "en",
        &[
            "--as",
            "H01",
            "targets",
            "remove",
            "--line",
            "credit",
            "--measure",
            "amount",
            "--period",
            "2026-11",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("There is no such target: nothing was removed."));
}

#[test]
fn bad_periods_values_and_codes_are_refused_in_words() {
    let b = Branch::new();
    let set = |period: &str, whom: &[&str], measure: &str, value: &str| {
        let mut args = vec![
            "--as",
            "H01",
            "targets",
            "set",
            "--period",
            period,
            "--measure",
            measure,
            "--value",
            value,
        ];
        args.extend_from_slice(whom);
        b.cli("en", &args)
    };
    let t01: &[&str] = &["--person", "T01"];
    for (o, words) in [
        (
            set("2026-13", t01, "referrals", "5"),
            "A period is a month (2026-11) or a quarter (2026-Q4): 2026-13",
        ),
        (
            set("Nov", t01, "referrals", "5"),
            "A period is a month (2026-11) or a quarter (2026-Q4): Nov",
        ),
        (
            set("2026-11", t01, "referrals", "-5"),
            "A target is a positive number",
        ),
        (
            set("2026-11", t01, "referrals", "0"),
            "A target is a positive number",
        ),
        (
            set("2026-11", t01, "referrals", "2.5"),
            "A target is a positive number",
        ),
        (
            set("2026-11", t01, "amount", "1.234"),
            "A target is a positive number",
        ),
        (
            set("2026-11", t01, "money", "5"),
            "The measure is referrals, contracts, amount or contacts: money",
        ),
        (
            set("2026-11", &["--person", "X99"], "referrals", "5"),
            "Nobody on the roster has the code X99.",
        ),
        (
            set("2026-11", &["--line", "cards"], "referrals", "5"),
            "The branch settings have no line cards.",
        ),
        (
            set(
                "2026-11",
                &["--line", "wealth", "--need", "car"],
                "referrals",
                "5",
            ),
            "The branch settings have no need category car.",
        ),
        (
            set("2026-11", &[], "referrals", "5"),
            "Give whom the target is for",
        ),
        (
            set(
                "2026-11",
                &["--person", "T01", "--line", "wealth"],
                "referrals",
                "5",
            ),
            "Give whom the target is for",
        ),
    ] {
        assert_eq!(o.status.code(), Some(2), "{words}: {}", describe_output(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(words),
            "{words}: {}",
            describe_output(&o)
        );
    }
    assert_eq!(b.count("SELECT count(*) FROM targets"), 0);
    assert_eq!(
        b.count("SELECT count(*) FROM events WHERE kind LIKE 'target.%'"),
        0
    );
    let o = b.cli("zh", &["report", "--targets", "--period", "2026-Q5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("期间应为月份（如 2026-11）或季度（如 2026-Q4）：2026-Q5"));
    // A quarter with no targets says so.
    let o = b.cli(
        "en",
        &[
            "report",
            "--targets",
            "--period",
            "2026-Q4",
            "--on",
            "2026-11-15",
        ],
    );
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("No targets are set for the period.")
            && text.contains("46/92 days gone (50.0%)"),
        "{text}"
    );
}

#[test]
fn the_review_shows_the_months_targets() {
    for lang in [Lang::Zh, Lang::En] {
        let fx = review(lang);
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = fx.screen(w, h);
            assert_snapshot!(format!("review_targets_{}_{w}x{h}", fx.lang()), screen);
        }
        let t = fx.app.review.targets.as_ref().expect("the month's targets");
        assert_eq!(
            (t.period.to_string(), t.days_elapsed),
            ("2026-11".to_string(), 23)
        );
        // By the 23rd card 5 (the 20th) and card 7 (the 16th) count too.
        assert_eq!(done_of(t, "T02", Measure::Referrals), 3);
    }
}

/// A person's own targets on their Mine tab: the same numbers as
/// `report --targets` for the same day; nothing for a person with none.
#[test]
fn my_targets_on_the_mine_tab_are_the_reports() {
    use lobbydesk::app::{Action, App};
    let b = Branch::new();
    b.set_all();
    let json: serde_json::Value = serde_json::from_str(&b.report("json")).unwrap();
    let now = Utc.timestamp_opt(at(11, 15, 18), 0).unwrap();
    let mine = |code: &str| {
        let store = Store::open(&b.db).unwrap();
        let me = store.db().staff(code).unwrap().unwrap();
        let clock = Clock::fixed(now, beijing());
        let mut app = App::new(store, clock, Catalog::shipped(), Lang::Zh, me).unwrap();
        let i = app.tabs().iter().position(|t| *t == Tab::Mine).unwrap();
        app.update(Action::GoTab(i));
        app
    };
    for code in ["T01", "W01", "T02"] {
        let app = mine(code);
        let m = &app.mine;
        let (month, elapsed) = m.target_month.expect("the month read");
        assert_eq!((month.to_string(), elapsed), ("2026-11".into(), 50.0));
        let reported: Vec<&serde_json::Value> = json["targets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["whom"] == "person" && t["code"] == code)
            .collect();
        assert!(!reported.is_empty());
        assert_eq!(m.targets.len(), reported.len(), "{code}");
        for (x, r) in m.targets.iter().zip(&reported) {
            let yuan = |n: i64| match x.measure {
                Measure::Amount => n as f64 / 100.0,
                _ => n as f64,
            };
            assert_eq!(
                (
                    x.measure.as_str(),
                    x.scope.key(),
                    yuan(x.target),
                    yuan(x.done),
                    x.percent,
                    x.pace.as_str()
                ),
                (
                    r["measure"].as_str().unwrap(),
                    r["scope"].as_str().unwrap().to_string(),
                    r["target"].as_f64().unwrap(),
                    r["done"].as_f64().unwrap(),
                    r["percent"].as_f64().unwrap(),
                    r["pace"].as_str().unwrap()
                ),
                "{code}"
            );
        }
        let screen = render(&app, 120, 40);
        assert!(
            screen.contains("我的目标 · 2026-11（本月已过 50%）"),
            "{screen}"
        );
        if code == "T01" {
            assert!(
                screen.contains("转介      全部      3/6                  50.0%    正常"),
                "{screen}"
            );
        }
    }
    // C01 has no target of their own (the credit line's is the line's).
    let app = mine("C01");
    assert!(app.mine.targets.is_empty());
    assert!(!render(&app, 120, 40).contains("我的目标"));
}
