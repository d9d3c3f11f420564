//! Targets (目标任务到人到岗) on a hand-made month whose every figure is
//! worked out by hand below: set by the branch head through the real binary,
//! reported by `report --targets` in Markdown, CSV and JSON with the same
//! numbers and the right pace; a person who left still reports; only the
//! head sets; bad input is refused in words and writes nothing; the
//! review's targets section at 80x24 and 120x40.
//!
//! The month: November 2026, as of Sunday the 15th: 15 of 30 days gone,
//! 50.0%. All times are at Beijing midday-ish, so the day is the same in UTC.
//!
//! | card | made by | line   | need     | made  | outcome                   |
//! |------|---------|--------|----------|-------|---------------------------|
//! | 1    | T01     | wealth | wmp      | 11-02 | contracted 11-03 W01 ¥100,000 |
//! | 2    | T01     | wealth | fund     | 11-05 | accepted                  |
//! | 3    | T01     | credit | mortgage | 11-06 | contracted 11-10 C01 ¥300,000 |
//! | 4    | T02     | wealth | wmp      | 11-07 | contracted 11-08 W01 ¥50,000  |
//! | 5    | T02     | wealth | deposit  | 11-20 | new (after the 15th)      |
//! | 6    | T01     | wealth | deposit  | 10-30 | contracted 11-04 W01 ¥20,000  |
//! | 7    | T02     | wealth | wmp      | 11-16 | new (after the 15th)      |
//!
//! Contacts: W01 on 11-05, 11-09, 11-14 (and 11-16) on a wealth prospect
//! from card 2; C01 on 11-12 on a credit prospect from card 3.
//!
//! Done by the 15th: T01 referrals 3 (cards 1, 2, 3), contracts 3 (1, 3, 6
//! as original referrer); T02 referrals 1 (card 4); W01 contracts 3 (closed
//! 1, 4, 6) for ¥170,000, contacts 3; wealth contracts of need wmp 2 (1, 4);
//! credit amount ¥300,000.

mod support;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use insta::assert_snapshot;
use lobbydesk::app::Tab;
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::domain::target::{Measure, Pace, Period, Scope, Target, Whom};
use lobbydesk::i18n::Lang;
use lobbydesk::ops::{self, targets, Op, OpError};
use lobbydesk::report::targets::TargetReport;
use lobbydesk::report::{Period as Days, Report};
use lobbydesk::store::Store;
use rusqlite::{params, Connection};
use support::*;
use tempfile::TempDir;

/// Local time `h:00` on 2026-`m`-`d` in Beijing, as stored: UTC seconds.
fn at(m: u32, d: u32, h: u32) -> i64 {
    beijing()
        .with_ymd_and_hms(2026, m, d, h, 0, 0)
        .unwrap()
        .timestamp()
}

fn nov(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

const ROSTER: &str = "INSERT OR IGNORE INTO staff (code, name, roles, counter, active) VALUES
    ('H01', '周建国', 'head', NULL, 1),
    ('T01', '王芳', 'teller', 1, 1),
    ('T02', '李强', 'teller', 2, 1),
    ('W01', '刘洋', 'wealth', NULL, 1),
    ('C01', '赵磊', 'credit', NULL, 1);";

#[allow(clippy::too_many_arguments)]
fn card(
    c: &Connection,
    id: i64,
    by: &str,
    line: &str,
    need: &str,
    made: i64,
    contracted: Option<(i64, &str, i64)>,
) {
    let (status, outcome, closer, amount) = match contracted {
        Some((when, closer, yuan)) => ("contracted", Some(when), Some(closer), Some(yuan * 100)),
        None => ("new", None, None, None),
    };
    c.execute(
        "INSERT INTO cards (id, client_id, referrer, referred_by, line, need, consent,
            created_at, receiver, accepted_at, status, product, amount_cents, outcome_at,
            closed_by, root_id)
         VALUES (?1, 1, ?2, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?6, ?1)",
        params![
            id,
            by,
            line,
            need,
            made,
            closer,
            outcome,
            status,
            contracted.map(|_| need),
            amount,
            outcome
        ],
    )
    .unwrap();
}

/// The hand-made month in the database at `path` (created if missing).
fn hand_made_month(path: &Path) {
    drop(Store::open(path).expect("open the store"));
    let c = Connection::open(path).unwrap();
    c.execute_batch(ROSTER).unwrap();
    c.execute(
        "INSERT INTO clients (id, name, mobile, consent, created_at) VALUES (1, '周一', '13800000001', 1, 0)",
        [],
    )
    .unwrap();
    card(
        &c,
        1,
        "T01",
        "wealth",
        "wmp",
        at(11, 2, 10),
        Some((at(11, 3, 11), "W01", 100_000)),
    );
    card(&c, 2, "T01", "wealth", "fund", at(11, 5, 10), None);
    c.execute(
        "UPDATE cards SET status = 'accepted', receiver = 'W01', accepted_at = ?1 WHERE id = 2",
        [at(11, 5, 12)],
    )
    .unwrap();
    card(
        &c,
        3,
        "T01",
        "credit",
        "mortgage",
        at(11, 6, 10),
        Some((at(11, 10, 15), "C01", 300_000)),
    );
    card(
        &c,
        4,
        "T02",
        "wealth",
        "wmp",
        at(11, 7, 10),
        Some((at(11, 8, 14), "W01", 50_000)),
    );
    card(&c, 5, "T02", "wealth", "deposit", at(11, 20, 10), None);
    card(
        &c,
        6,
        "T01",
        "wealth",
        "deposit",
        at(10, 30, 10),
        Some((at(11, 4, 16), "W01", 20_000)),
    );
    card(&c, 7, "T02", "wealth", "wmp", at(11, 16, 10), None);
    c.execute_batch(&format!(
        "INSERT INTO prospects (id, client_id, owner, source_card, line, stage, created_at)
         VALUES (1, 1, 'W01', 2, 'wealth', 'open', {a}), (2, 1, 'C01', 3, 'credit', 'open', {b});",
        a = at(11, 5, 12),
        b = at(11, 6, 12)
    ))
    .unwrap();
    for (p, when, by) in [
        (1, at(11, 5, 15), "W01"),
        (1, at(11, 9, 15), "W01"),
        (1, at(11, 14, 15), "W01"),
        (1, at(11, 16, 15), "W01"),
        (2, at(11, 12, 15), "C01"),
    ] {
        c.execute(
            "INSERT INTO contacts (prospect_id, at, by, channel, summary) VALUES (?1, ?2, ?3, 'phone', '回访')",
            params![p, when, by],
        )
        .unwrap();
    }
}

/// The targets of the month, as `targets set` arguments.
const TARGETS: &[&[&str]] = &[
    &["--person", "T01", "--measure", "referrals", "--value", "6"],
    &["--person", "T02", "--measure", "referrals", "--value", "5"],
    &["--person", "T01", "--measure", "contracts", "--value", "2"],
    &[
        "--person",
        "W01",
        "--measure",
        "amount",
        "--value",
        "200000",
    ],
    &["--person", "W01", "--measure", "contacts", "--value", "10"],
    &[
        "--line",
        "wealth",
        "--measure",
        "contracts",
        "--need",
        "wmp",
        "--value",
        "4",
    ],
    &[
        "--line",
        "credit",
        "--measure",
        "amount",
        "--value",
        "1000000",
    ],
];

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

/// The real binary, in Beijing time, signing in with the test PIN.
fn run(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lobbydesk"))
        .args(args)
        .env("LOBBYDESK_PIN", PIN)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TZ", "Asia/Shanghai")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run lobbydesk")
}

struct Branch {
    dir: TempDir,
    db: PathBuf,
}

impl Branch {
    fn new() -> Branch {
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("lobby.db");
        hand_made_month(&db);
        pins_for_all(&db);
        Branch { dir, db }
    }

    fn cli(&self, lang: &str, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--db", self.db.to_str().unwrap(), "--lang", lang];
        all.extend_from_slice(args);
        run(self.dir.path(), &all)
    }

    fn set_all(&self) {
        for t in TARGETS {
            let mut args = vec!["--as", "H01", "targets", "set", "--period", "2026-11"];
            args.extend_from_slice(t);
            let o = self.cli("en", &args);
            assert!(o.status.success(), "{t:?}: {}", describe_output(&o));
        }
    }

    fn report(&self, format: &str) -> String {
        let o = self.cli(
            "zh",
            &[
                "report",
                "--targets",
                "--period",
                "2026-11",
                "--on",
                "2026-11-15",
                "--format",
                format,
            ],
        );
        assert!(o.status.success(), "{}", describe_output(&o));
        String::from_utf8(o.stdout).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        Connection::open(&self.db)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }
}

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

fn done_of(r: &TargetReport, code: &str, m: Measure) -> i64 {
    r.targets
        .iter()
        .find(|x| x.whom.code() == code && x.measure == m)
        .unwrap()
        .done
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

/// The review on the hand-made month, at 10:30 on the 23rd (23 of 30 days).
fn review(lang: Lang) -> Fixture {
    let mut fx = Fixture::new(lang, "H01", &[manager("H01", "周建国", "head")]);
    let path = db_path(&fx.dir);
    hand_made_month(&path);
    let mut store = Store::open(&path).unwrap();
    let catalog = Catalog::shipped();
    let person = person_of(&store, "H01");
    let op = Op {
        who: &person,
        now: t0(),
        day: day(),
        catalog: &catalog,
    };
    let period = Period::parse("2026-11").unwrap();
    store
        .write(|db| -> Result<(), OpError> {
            for (whom, measure, scope, value) in [
                (
                    Whom::Person("T01".into()),
                    Measure::Referrals,
                    Scope::All,
                    6,
                ),
                (
                    Whom::Person("T02".into()),
                    Measure::Referrals,
                    Scope::All,
                    5,
                ),
                (
                    Whom::Person("W01".into()),
                    Measure::Amount,
                    Scope::All,
                    20_000_000,
                ),
                (
                    Whom::Line("wealth".into()),
                    Measure::Contracts,
                    Scope::Need("wmp".into()),
                    4,
                ),
            ] {
                let t = Target {
                    whom,
                    measure,
                    scope,
                    period,
                    value,
                };
                targets::set_target(db, &op, &t)?;
            }
            Ok(())
        })
        .unwrap();
    fx.go(Tab::Review);
    fx
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
