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

#[path = "../support/mod.rs"]
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

fn done_of(r: &TargetReport, code: &str, m: Measure) -> i64 {
    r.targets
        .iter()
        .find(|x| x.whom.code() == code && x.measure == m)
        .unwrap()
        .done
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

mod figures;
mod setting;
