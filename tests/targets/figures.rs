//! Targets against the done figures, in every format.

use super::*;

fn nov(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// Each target as (whom, code, measure, scope, target, done, percent, pace),
/// worked out by hand, in the report's order (people, then lines; by code
/// and measure); amounts in yuan.
/// whom, code, measure, scope, target, done, percent, pace.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
    f64,
    &'static str,
);

const EXPECTED: &[Row] = &[
    (
        "person",
        "T01",
        "contracts",
        "all",
        2.0,
        3.0,
        150.0,
        "ahead",
    ),
    (
        "person",
        "T01",
        "referrals",
        "all",
        6.0,
        3.0,
        50.0,
        "on_track",
    ),
    (
        "person",
        "T02",
        "referrals",
        "all",
        5.0,
        1.0,
        20.0,
        "behind",
    ),
    (
        "person", "W01", "amount", "all", 200000.0, 170000.0, 85.0, "ahead",
    ),
    (
        "person", "W01", "contacts", "all", 10.0, 3.0, 30.0, "behind",
    ),
    (
        "line", "credit", "amount", "all", 1000000.0, 300000.0, 30.0, "behind",
    ),
    (
        "line",
        "wealth",
        "contracts",
        "need:wmp",
        4.0,
        2.0,
        50.0,
        "on_track",
    ),
];

/// The branch totals: (whom, measure, target, done, percent, pace).
const BRANCH: &[(&str, &str, f64, f64, f64, &str)] = &[
    ("person", "referrals", 11.0, 4.0, 36.4, "behind"),
    ("person", "contracts", 2.0, 3.0, 150.0, "ahead"),
    ("person", "amount", 200000.0, 170000.0, 85.0, "ahead"),
    ("person", "contacts", 10.0, 3.0, 30.0, "behind"),
    ("line", "contracts", 4.0, 2.0, 50.0, "on_track"),
    ("line", "amount", 1000000.0, 300000.0, 30.0, "behind"),
];

#[test]
fn a_hand_made_month_in_markdown_csv_and_json_with_the_same_numbers() {
    let b = Branch::new();
    b.set_all();
    // Setting one again replaces it: still seven targets, an event each time.
    let o = b.cli(
        "en",
        &[
            "--as",
            "H01",
            "targets",
            "set",
            "--person",
            "T01",
            "--measure",
            "referrals",
            "--period",
            "2026-11",
            "--value",
            "6",
        ],
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("(was 6)"),
        "{}",
        describe_output(&o)
    );
    assert_eq!(b.count("SELECT count(*) FROM targets"), 7);
    assert_eq!(
        b.count("SELECT count(*) FROM events WHERE kind = 'target.set'"),
        8
    );

    // JSON: the contract.
    let json: serde_json::Value = serde_json::from_str(&b.report("json")).unwrap();
    assert_eq!(json["period"], "2026-11");
    assert_eq!(json["as_of"], "2026-11-15");
    assert_eq!(
        (json["days"].as_i64(), json["days_elapsed"].as_i64()),
        (Some(30), Some(15))
    );
    assert_eq!(json["elapsed_percent"].as_f64(), Some(50.0));
    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), EXPECTED.len());
    for (t, e) in targets.iter().zip(EXPECTED) {
        let got = (
            t["whom"].as_str().unwrap(),
            t["code"].as_str().unwrap(),
            t["measure"].as_str().unwrap(),
            t["scope"].as_str().unwrap(),
            t["target"].as_f64().unwrap(),
            t["done"].as_f64().unwrap(),
            t["percent"].as_f64().unwrap(),
            t["pace"].as_str().unwrap(),
        );
        assert_eq!(got, *e);
    }
    let branch = json["branch"].as_array().unwrap();
    let got: Vec<_> = branch
        .iter()
        .map(|x| {
            (
                x["whom"].as_str().unwrap(),
                x["measure"].as_str().unwrap(),
                x["target"].as_f64().unwrap(),
                x["done"].as_f64().unwrap(),
                x["percent"].as_f64().unwrap(),
                x["pace"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, BRANCH);

    // CSV: the same numbers, row by row.
    let csv = b.report("csv");
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
    let rows: Vec<Vec<String>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert_eq!(
        rows[0][..5],
        ["period", "as_of", "elapsed_percent", "section", "whom"]
    );
    let targets: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == "target").collect();
    assert_eq!(targets.len(), EXPECTED.len());
    for (r, e) in targets.iter().zip(EXPECTED) {
        assert_eq!(
            (r[0].as_str(), r[1].as_str(), r[2].as_str()),
            ("2026-11", "2026-11-15", "50.0")
        );
        assert_eq!(
            (r[4].as_str(), r[5].as_str(), r[7].as_str(), r[8].as_str()),
            (e.0, e.1, e.2, e.3)
        );
        let n = |i: usize| r[i].parse::<f64>().unwrap();
        assert_eq!(
            (n(9), n(10), n(11), r[12].as_str()),
            (e.4, e.5, e.6, e.7),
            "{r:?}"
        );
    }
    let totals: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == "branch").collect();
    assert_eq!(totals.len(), BRANCH.len());
    for (r, e) in totals.iter().zip(BRANCH) {
        let n = |i: usize| r[i].parse::<f64>().unwrap();
        assert_eq!((r[4].as_str(), r[7].as_str()), (e.0, e.1));
        assert_eq!(
            (n(9), n(10), n(11), r[12].as_str()),
            (e.2, e.3, e.4, e.5),
            "{r:?}"
        );
    }

    // Markdown: the same numbers, in words, in zh.
    let md = b.report("md");
    assert!(
        md.contains(
            "期间：2026-11（2026-11-01 至 2026-11-30）· 截至 2026-11-15 · 已过 15/30 天（50.0%）"
        ),
        "{md}"
    );
    let row = |who: &str, measure: &str| -> Vec<String> {
        md.lines()
            .find(|l| l.contains(who) && l.contains(&format!("| {measure} ")))
            .unwrap_or_else(|| panic!("{who} {measure} in\n{md}"))
            .split('|')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    assert_eq!(row("王芳 (T01)", "转介")[4..], ["6", "3", "50.0%", "正常"]);
    assert_eq!(row("王芳 (T01)", "签约")[4..], ["2", "3", "150.0%", "超前"]);
    assert_eq!(row("李强 (T02)", "转介")[4..], ["5", "1", "20.0%", "落后"]);
    assert_eq!(
        row("刘洋 (W01)", "签约金额")[4..],
        ["¥200,000.00", "¥170,000.00", "85.0%", "超前"]
    );
    assert_eq!(row("刘洋 (W01)", "联系")[4..], ["10", "3", "30.0%", "落后"]);
    assert_eq!(
        row("信贷 (credit)", "签约金额")[4..],
        ["¥1,000,000.00", "¥300,000.00", "30.0%", "落后"]
    );
    assert_eq!(
        row("财富 (wealth)", "签约")[3..],
        ["理财产品", "4", "2", "50.0%", "正常"]
    );
    assert!(md.contains("## 全行合计"), "{md}");
    assert!(
        md.lines().any(|l| l.starts_with("| 个人")
            && l.contains("| 转介")
            && l.contains("11")
            && l.contains("36.4%")
            && l.contains("落后")),
        "{md}"
    );
}

/// The done figures are the report's own: the same cards, the same credit.
#[test]
fn done_figures_agree_with_the_report_of_the_same_days() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("lobby.db");
    hand_made_month(&path);
    let mut store = Store::open(&path).unwrap();
    let catalog = Catalog::shipped();
    let now = Utc.timestamp_opt(at(11, 15, 18), 0).unwrap();
    let clock = Clock::fixed(now, beijing());
    let head = store.db().staff("H01").unwrap().unwrap();
    let person = ops::person(&head, &catalog);
    let op = Op {
        who: &person,
        now,
        day: nov(15),
        catalog: &catalog,
    };
    let period = Period::parse("2026-11").unwrap();
    store
        .write(|db| -> Result<(), OpError> {
            for (whom, measure) in [
                (Whom::Person("T01".into()), Measure::Referrals),
                (Whom::Person("W01".into()), Measure::Contacts),
                (Whom::Line("wealth".into()), Measure::Referrals),
                (Whom::Line("wealth".into()), Measure::Contracts),
                (Whom::Line("wealth".into()), Measure::Amount),
            ] {
                let t = Target {
                    whom,
                    measure,
                    scope: Scope::All,
                    period,
                    value: 1,
                };
                targets::set_target(db, &op, &t)?;
            }
            Ok(())
        })
        .unwrap();
    let t =
        TargetReport::compute(&store.db(), &catalog, period, nov(15), clock.clone(), now).unwrap();
    let r = Report::compute(
        &store.db(),
        &catalog,
        Days::new(nov(1), nov(15)).unwrap(),
        clock,
        now,
    )
    .unwrap();
    let done = |code: &str, m: Measure| {
        t.targets
            .iter()
            .find(|x| x.whom.code() == code && x.measure == m)
            .unwrap()
            .done
    };
    let staff = |code: &str| r.staff.iter().find(|s| s.code == code).unwrap();
    let wealth = r
        .referrals
        .by_line
        .iter()
        .find(|l| l.line == "wealth")
        .unwrap();
    assert_eq!(done("T01", Measure::Referrals), staff("T01").referrals);
    assert_eq!(done("W01", Measure::Contacts), staff("W01").contacts);
    assert_eq!(done("wealth", Measure::Referrals), wealth.created);
    assert_eq!(done("wealth", Measure::Contracts), wealth.contracted);
    assert_eq!(done("wealth", Measure::Amount), wealth.contracted_cents);
    assert_eq!(
        (wealth.created, wealth.contracted, wealth.contracted_cents),
        (3, 3, 17_000_000)
    );
    // Before the period began nothing is done; after it ended, all of it.
    let before = TargetReport::compute(
        &store.db(),
        &catalog,
        period,
        nov(1).pred_opt().unwrap(),
        Clock::fixed(now, beijing()),
        now,
    )
    .unwrap();
    assert_eq!(
        (
            before.elapsed_percent,
            before.targets.iter().map(|x| x.done).sum::<i64>()
        ),
        (0.0, 0)
    );
    assert!(before
        .targets
        .iter()
        .all(|x| x.pace == Pace::OnTrack || x.pace == Pace::Ahead));
    let after = TargetReport::compute(
        &store.db(),
        &catalog,
        period,
        nov(30).succ_opt().unwrap(),
        Clock::fixed(now, beijing()),
        now,
    )
    .unwrap();
    assert_eq!(after.elapsed_percent, 100.0);
    assert_eq!(
        done_of(&after, "wealth", Measure::Referrals),
        5,
        "cards 1, 2, 4, 5, 7"
    );
}

#[test]
fn a_person_who_has_left_still_reports() {
    let b = Branch::new();
    b.set_all();
    let o = b.cli("en", &["--as", "H01", "staff", "deactivate", "T02"]);
    assert!(o.status.success(), "{}", describe_output(&o));
    let json: serde_json::Value = serde_json::from_str(&b.report("json")).unwrap();
    let t02: Vec<&serde_json::Value> = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["code"] == "T02")
        .collect();
    assert_eq!(t02.len(), 1);
    assert_eq!(t02[0]["left"], true);
    assert_eq!(
        (t02[0]["target"].as_i64(), t02[0]["done"].as_i64()),
        (Some(5), Some(1))
    );
    assert_eq!(t02[0]["pace"], "behind");
    assert!(b.report("md").contains("李强 (T02)（已离岗）"));
    // Their referrals still count in the branch's total.
    assert_eq!(json["branch"][0]["done"].as_i64(), Some(4));
}
