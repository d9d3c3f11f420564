//! Several branches on one server, with the real binary: a head-office
//! login's `report --branch all` gives each branch's report and the
//! region's totals, each the sum of the branches' own reports; a branch's
//! login sees its own branch only.

mod support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use support::pg::{fresh_db, lobbydesk, TestDb};

fn ok(o: Output) -> String {
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    text
}

/// Two branches from two demo files of different lengths, and a login for
/// head office and one for a branch's head.
fn two_branches(home: &Path) -> (TestDb, String, String) {
    let db = fresh_db("region");
    for (code, days) in [("B1", "3"), ("B2", "2")] {
        let file = home.join(format!("{code}.db"));
        let file = file.to_str().unwrap();
        ok(lobbydesk(home, &["demo", "--days", days, "--db", file]));
        ok(lobbydesk(
            home,
            &[
                "copy",
                "--from",
                file,
                "--to",
                &db.admin_url,
                "--branch",
                code,
            ],
        ));
    }
    let (office, head) = (format!("{}_office", db.name), format!("{}_h01", db.name));
    db.admin_sql(&format!("SELECT lobbydesk_add_office_login('{office}')"));
    db.admin_sql(&format!(
        "SELECT lobbydesk_add_login('{head}', 'B1', 'H01')"
    ));
    for login in [&office, &head] {
        db.admin_sql(&format!("ALTER ROLE {login} PASSWORD 'pw'"));
    }
    let (office, head) = (db.url_as(&office, "pw"), db.url_as(&head, "pw"));
    (db, office, head)
}

fn report(home: &Path, url: &str, branch: &str, from: &str, to: &str) -> Value {
    let text = ok(lobbydesk(
        home,
        &[
            "report", "--db", url, "--branch", branch, "--from", from, "--to", to, "--format",
            "json",
        ],
    ));
    serde_json::from_str(&text).expect("JSON")
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_the_region_totals_are_the_sum_of_the_branches_reports() {
    let home = tempfile::tempdir().unwrap();
    let (_db, office, head) = two_branches(home.path());
    let today = chrono::Local::now().date_naive();
    let (from, to) = (
        (today - chrono::Duration::days(7)).to_string(),
        today.to_string(),
    );
    let region = report(home.path(), &office, "all", &from, &to);
    let branches = region["branches"].as_array().expect("branches");
    assert_eq!(branches.len(), 2);
    let (mut arrived, mut created, mut won) = (0, 0, 0);
    for (i, code) in ["B1", "B2"].iter().enumerate() {
        let alone = report(home.path(), &office, code, &from, &to);
        let own = &alone["branches"][0]["report"];
        assert_eq!(
            &branches[i]["report"], own,
            "{code}: the same code's report"
        );
        let a = own["visits"]["arrived"].as_i64().unwrap();
        assert!(a > 0, "{code} had visits");
        arrived += a;
        created += own["referrals"]["created"].as_i64().unwrap();
        won += own["followups"]["won"].as_i64().unwrap();
    }
    let total = &region["total"];
    assert_eq!(total["visits"]["arrived"].as_i64(), Some(arrived));
    assert_eq!(total["referrals_created"].as_i64(), Some(created));
    assert_eq!(total["followups"]["won"].as_i64(), Some(won));

    // As CSV: one table, a row per branch and the region's, the same totals.
    let csv = ok(lobbydesk(
        home.path(),
        &[
            "report", "--db", &office, "--branch", "all", "--from", &from, "--to", &to, "--format",
            "csv",
        ],
    ));
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 4, "a header, two branches, the region: {csv}");
    assert!(
        rows[1].starts_with("B1 ") && rows[2].starts_with("B2 "),
        "{csv}"
    );
    let region_arrived: i64 = rows[3].split(',').nth(1).unwrap().parse().unwrap();
    assert_eq!(region_arrived, arrived, "{csv}");

    // A branch's own login sees its branch alone.
    let mine = report(home.path(), &head, "all", &from, &to);
    let codes: Vec<&str> = mine["branches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["branch"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["B1"]);
    let o = lobbydesk(
        home.path(),
        &[
            "report", "--db", &head, "--branch", "B2", "--from", &from, "--to", &to,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_only_a_login_that_sees_the_whole_day_closes_it() {
    let home = tempfile::tempdir().unwrap();
    let (db, _office, head) = two_branches(home.path());
    let lobby = format!("{}_l01", db.name);
    db.admin_sql(&format!(
        "SELECT lobbydesk_add_login('{lobby}', 'B1', 'L01')"
    ));
    db.admin_sql(&format!("ALTER ROLE {lobby} PASSWORD 'pw'"));
    let lobby = db.url_as(&lobby, "pw");
    let walkin = ["walkin", "add", "--service", "A"];
    ok(lobbydesk(
        home.path(),
        &[&["--db", lobby.as_str()][..], &walkin[..]].concat(),
    ));
    // The lobby manager's login sees only their own prospects: the day's
    // figures would be short, so it does not close the day.
    let o = lobbydesk(home.path(), &["close-day", "--db", &lobby]);
    assert_eq!(o.status.code(), Some(3), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("only the branch head's login closes a day"),
        "{o:?}"
    );
    let said = ok(lobbydesk(home.path(), &["close-day", "--db", &head]));
    assert!(said.contains("Closed"), "{said}");
}
