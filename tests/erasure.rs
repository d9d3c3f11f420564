//! Erasure that erases: after `purge`, a byte search of the database file,
//! its write-ahead log and a backup made afterwards finds none of the purged
//! clients' names, mobiles or notes; the figures stay as they were and the
//! event trail stays whole.

mod support;

use std::collections::HashSet;
use std::path::Path;

use chrono::{Duration, Local, NaiveDate};
use lobbydesk::config::Catalog;
use lobbydesk::demo;
use support::*;
use tempfile::TempDir;

/// Every client's name, mobile and the free text about them, by client.
fn personal(db: &Path) -> Vec<(i64, Vec<String>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM clients ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let text = |sql: &str, id: i64| -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([id], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .filter_map(|v| v.unwrap())
            .filter(|v| !v.is_empty())
            .collect()
    };
    for id in ids {
        let mut v = text("SELECT name FROM clients WHERE id = ?1", id);
        v.extend(text("SELECT mobile FROM clients WHERE id = ?1", id));
        v.extend(text("SELECT note FROM cards WHERE client_id = ?1", id));
        v.extend(text(
            "SELECT summary FROM contacts WHERE prospect_id IN
             (SELECT id FROM prospects WHERE client_id = ?1)",
            id,
        ));
        v.extend(text("SELECT note FROM prospects WHERE client_id = ?1", id));
        out.push((id, v));
    }
    out
}

/// What a file holds as text, indexed for the values looked for: every
/// eleven-digit run (mobiles), every run of two to four Chinese characters
/// (names), and the text itself for the rest (notes).
struct Found {
    text: String,
    words: HashSet<String>,
}

impl Found {
    fn of(bytes: &[u8]) -> Found {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut words = HashSet::new();
        let chars: Vec<char> = text.chars().collect();
        let runs = |keep: fn(char) -> bool| {
            chars
                .split(move |c| !keep(*c))
                .filter(|r| !r.is_empty())
                .map(|r| r.to_vec())
                .collect::<Vec<_>>()
        };
        for run in runs(|c| c.is_ascii_digit()) {
            for w in run.windows(11) {
                words.insert(w.iter().collect());
            }
        }
        for run in runs(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            for n in 1..=4 {
                for w in run.windows(n) {
                    words.insert(w.iter().collect());
                }
            }
        }
        Found { text, words }
    }

    fn holds(&self, v: &str) -> bool {
        let digits = v.len() == 11 && v.chars().all(|c| c.is_ascii_digit());
        let name =
            v.chars().count() <= 4 && v.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        match digits || name {
            true => self.words.contains(v),
            false => self.text.contains(v),
        }
    }
}

fn report(home: &Path, db: &Path, from: NaiveDate, to: NaiveDate) -> String {
    let (from, to) = (from.to_string(), to.to_string());
    let o = run_lobbydesk(
        home,
        &[
            "--db",
            db.to_str().unwrap(),
            "report",
            "--from",
            &from,
            "--to",
            &to,
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn a_purge_leaves_no_trace_of_the_purged_in_the_file_its_log_or_a_backup() {
    let dir = TempDir::new().unwrap();
    let db = db_path(&dir);
    // Twelve business days that ended four years ago.
    let last = Local::now().date_naive() - Duration::days(4 * 365);
    {
        let mut store = open_store(&dir);
        demo::seed_roster(&mut store, chrono::Utc::now()).unwrap();
        demo::history(&mut store, &Catalog::shipped(), beijing(), last, 12, 3).unwrap();
    }
    let first = last - Duration::days(20);
    let before = personal(&db);
    // The search finds what is there: before the purge, every mobile.
    {
        // (The last connection closed: the log is in the file.)
        let now = Found::of(&std::fs::read(&db).unwrap());
        let mobiles: Vec<&String> = before
            .iter()
            .flat_map(|(_, v)| v)
            .filter(|v| v.len() == 11 && v.chars().all(|c| c.is_ascii_digit()))
            .collect();
        assert!(mobiles.len() > 100);
        assert!(mobiles.iter().all(|m| now.holds(m)));
    }
    let figures = report(dir.path(), &db, first, last);

    let cutoff = (Local::now().date_naive() - Duration::days(3 * 366)).to_string();
    let o = run_lobbydesk(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "--as",
            "H01",
            "purge",
            "--before",
            &cutoff,
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    let backup = dir.path().join("after.db");
    let o = run_lobbydesk(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "backup",
            backup.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));

    // Who was purged, and what of theirs no kept client also holds.
    let after: HashSet<i64> = personal(&db)
        .into_iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(id, _)| id)
        .collect();
    // What stays in the file by right: the kept clients' values, and the
    // staff's names (a made-up client may share one).
    let mut kept: HashSet<String> = before
        .iter()
        .filter(|(id, _)| !after.contains(id))
        .flat_map(|(_, v)| v.iter().cloned())
        .collect();
    kept.extend(demo::roster().into_iter().map(|s| s.name));
    let gone: Vec<String> = before
        .iter()
        .filter(|(id, _)| after.contains(id))
        .flat_map(|(_, v)| v.iter().cloned())
        .filter(|v| !kept.contains(v))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    assert!(after.len() > 100, "clients purged: {}", after.len());
    assert!(gone.len() > 200, "values to look for: {}", gone.len());

    let wal = db.with_extension("db-wal");
    for file in [db.clone(), wal, backup] {
        // Text in the file as stored: UTF-8 in SQLite's pages.
        let file_text = Found::of(&std::fs::read(&file).unwrap_or_default());
        let found: Vec<&String> = gone.iter().filter(|v| file_text.holds(v)).collect();
        assert!(
            found.is_empty(),
            "{}: {} of {} purged values still in the file, e.g. {:?}",
            file.display(),
            found.len(),
            gone.len(),
            &found[..found.len().min(5)]
        );
    }

    // The figures are as they were, and the trail is whole.
    assert_eq!(report(dir.path(), &db, first, last), figures);
    let o = run_lobbydesk(dir.path(), &["--db", db.to_str().unwrap(), "doctor"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
}
