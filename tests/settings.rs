//! The branch's settings belong to the branch: they live in the database,
//! anyone signed in may export them, only the branch head imports a changed
//! file (checked as a whole, one `settings.import` event), and a person's
//! own config file holds nothing but their keys and language.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lobbydesk::config::SHIPPED;
use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use support::pty::{sandbox_cmd, BIN};
use tempfile::TempDir;

/// A throwaway home with a branch's database: a teller, a wealth manager
/// and the head on the roster.
struct Branch {
    dir: TempDir,
}

impl Branch {
    fn new() -> Branch {
        let b = Branch {
            dir: TempDir::new().expect("a temporary folder"),
        };
        let mut store = Store::open(&b.db()).expect("create the database");
        let staff = |code: &str, role: &str, counter| Staff {
            code: code.into(),
            name: code.into(),
            roles: vec![role.into()],
            counter,
            active: true,
        };
        for s in [
            staff("T01", "teller", Some(1)),
            staff("W01", "wealth", None),
            staff("H01", "head", None),
        ] {
            store.write(|db| db.put_staff(&s)).expect("roster");
        }
        b
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("branch.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Run lobbydesk on this branch's database, in English, with `args`.
    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.arg("--db")
            .arg(self.db())
            .args(["--lang", "en"])
            .args(args);
        sandbox_cmd(&mut cmd, self.dir.path());
        cmd.output().expect("run lobbydesk")
    }

    /// Write `text` to a file in the home and return its path as text.
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write a file");
        p.to_str().unwrap().to_string()
    }

    fn import(&self, who: &str, text: &str) -> Output {
        let f = self.file("branch.toml", text);
        self.run(&["--as", who, "settings", "import", &f])
    }

    fn stored(&self) -> (i64, String) {
        query(&self.db(), "SELECT version, body FROM settings")
    }

    fn events(&self, kind: &str) -> Vec<String> {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut st = conn
            .prepare("SELECT details FROM events WHERE kind = ?1")
            .unwrap();
        st.query_map([kind], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

fn query(db: &Path, sql: &str) -> (i64, String) {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        out(o),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Refused with `code`, nothing on stdout, one line on stderr: that line.
fn refused(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "{}", describe(o));
    assert!(o.stdout.is_empty(), "{}", describe(o));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{}", describe(o));
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{}", describe(o));
    lines[0].to_string()
}

fn edited(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "{from}");
    SHIPPED.replacen(from, to, 1)
}

#[test]
fn a_new_database_starts_with_the_shipped_settings_anyone_may_export() {
    let b = Branch::new();
    assert_eq!(b.stored(), (1, SHIPPED.to_string()));
    let o = b.run(&["--as", "T01", "settings", "export"]);
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(out(&o), SHIPPED);
}

#[test]
fn an_upgraded_database_gets_the_shipped_settings() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("branch.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema2.db");
    std::fs::copy(fixture, &db).unwrap();
    Store::open(&db).expect("migrate");
    assert_eq!(
        query(&db, "SELECT version, body FROM settings"),
        (1, SHIPPED.to_string())
    );
}

#[test]
fn a_personal_config_that_touches_a_role_a_threshold_or_points_changes_nothing() {
    let b = Branch::new();
    for (text, table) in [
        (
            "[[lines]]\ncode = \"wealth\"\nzh = \"财富\"\nen = \"Wealth\"\nrole = \"teller\"\n",
            "lines",
        ),
        ("[thresholds]\nwait_warning_minutes = 1\n", "thresholds"),
        ("[points]\nreferral = 9223372036854775807\n", "points"),
    ] {
        let config = b.file("config.toml", text);
        let o = b.run(&["--config", &config, "--as", "T01", "settings", "export"]);
        let line = refused(&o, 2);
        assert!(
            line.contains(&format!(
                "[{table}] is a branch setting, which a personal config cannot change"
            )),
            "{line}"
        );
        assert_eq!(b.stored(), (1, SHIPPED.to_string()));
    }
    let config = b.file(
        "config.toml",
        "[keys]\nquit = [\"q\", \"Ctrl-q\"]\n\n[colors]\n",
    );
    let line = refused(&b.run(&["--config", &config, "staff", "list"]), 2);
    assert!(line.contains("line 4: unknown key \"colors\""), "{line}");
    // Keys and language are the person's own.
    let config = b.file(
        "config.toml",
        "lang = \"zh\"\n[keys]\n\"lobby.new\" = \"N\"\n",
    );
    let mut cmd = Command::new(BIN);
    cmd.arg("--db")
        .arg(b.db())
        .args(["--config", &config, "settings", "import", "nope.toml"]);
    sandbox_cmd(&mut cmd, b.dir.path());
    let line = refused(&cmd.output().unwrap(), 2);
    assert!(line.contains("无法读取设置文件"), "{line}");
}

#[test]
fn a_colliding_key_or_an_unbound_quit_is_refused() {
    let b = Branch::new();
    for (keys, said) in [
        (
            "\"lobby.new\" = \"q\"",
            "keys.lobby.new: q is already the key of quit there.",
        ),
        (
            "\"line.accept\" = \"j\"",
            "keys.line.accept: j is already the key of list.down there.",
        ),
        ("quit = []", "keys.quit: quit needs at least one key."),
    ] {
        let config = b.file("config.toml", &format!("[keys]\n{keys}\n"));
        let line = refused(&b.run(&["--config", &config, "staff", "list"]), 2);
        assert!(line.ends_with(said), "{line}");
    }
}

#[test]
fn an_import_by_anyone_but_the_head_is_refused() {
    let b = Branch::new();
    let text = edited("wait_warning_minutes = 6", "wait_warning_minutes = 5");
    for who in ["T01", "W01"] {
        let line = refused(&b.import(who, &text), 3);
        assert_eq!(
            line,
            "lobbydesk: Only the branch head changes the branch settings: give --as a branch head's code."
        );
    }
    assert_eq!(b.stored(), (1, SHIPPED.to_string()));
    assert!(b.events("settings.import").is_empty());
}

#[test]
fn the_head_s_import_writes_one_event_and_the_next_process_works_under_it() {
    let b = Branch::new();
    let line = refused(
        &b.run(&["--as", "T01", "walkin", "add", "--service", "F"]),
        2,
    );
    assert!(line.contains("No service type F"), "{line}");
    let text = edited("wait_warning_minutes = 6", "wait_warning_minutes = 5").replacen(
        "[[services]]",
        "[[services]]\nletter = \"F\"\nzh = \"外汇\"\nen = \"Foreign exchange\"\n\n[[services]]",
        1,
    );
    let o = b.import("H01", &text);
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(
        out(&o),
        "Branch settings updated to version 2; changed: services.F, thresholds.wait_warning_minutes\n"
    );
    assert_eq!(b.stored(), (2, text.clone()));
    let events = b.events("settings.import");
    assert_eq!(events.len(), 1);
    let details: serde_json::Value = serde_json::from_str(&events[0]).unwrap();
    assert_eq!(
        details,
        serde_json::json!({
            "from": 1,
            "version": 2,
            "changed": ["services.F", "thresholds.wait_warning_minutes"]
        })
    );
    // The next process works under the new settings.
    let o = b.run(&["--as", "T01", "walkin", "add", "--service", "F"]);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(out(&o).starts_with("F001 · "), "{}", out(&o));
    let o = b.run(&["--as", "W01", "settings", "export"]);
    assert_eq!(out(&o), text);
}

#[test]
fn export_then_import_changes_nothing_and_writes_no_event() {
    let b = Branch::new();
    let exported = out(&b.run(&["--as", "H01", "settings", "export"]));
    let o = b.import("H01", &exported);
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(
        out(&o),
        "The branch settings are unchanged: nothing was written.\n"
    );
    assert_eq!(b.stored(), (1, SHIPPED.to_string()));
    assert!(b.events("settings.import").is_empty());
}

#[test]
fn every_bad_settings_file_is_refused_whole_with_nothing_applied() {
    let b = Branch::new();
    // A good change alongside each fault: none of it may be applied.
    let good =
        |from: &str, to: &str| edited(from, to).replacen("max_calls = 3", "max_calls = 4", 1);
    let cases: &[(String, &str)] = &[
        (
            good("escalate_days = 7", "escalate_days = 7\nescalate_dayz = 9"),
            "there is no setting \"escalate_dayz\"",
        ),
        (
            good("wait_warning_minutes = 6", "wait_warning_minutes = -6"),
            "thresholds.wait_warning_minutes must be between 1 and 240.",
        ),
        (
            good("wait_alert_minutes = 15", "wait_alert_minutes = 0"),
            "thresholds.wait_alert_minutes must be between 1 and 480.",
        ),
        (
            good("number = 3", "number = 120"),
            "counters.number must be between 1 and 99.",
        ),
        (
            good(
                "services = [\"A\", \"B\", \"V\"]",
                "services = [\"A\", \"X\"]",
            ),
            "counters: 1 takes the service \"X\", which services does not list.",
        ),
        (
            good("number = 3", "number = 2"),
            "counters: the number 2 is used twice (counters and lines' desks each need their own).",
        ),
        (
            good("letter = \"V\"", "letter = \"A\""),
            "services: the code A appears twice.",
        ),
        (
            good("code = \"fund\"", "code = \"wmp\""),
            "needs: the code wmp appears twice.",
        ),
        (
            good("role = \"credit\"\n", ""),
            "lines: the line credit has no role: give it the roster role of its managers.",
        ),
        (
            good("role = \"credit\"", "role = \"teller\""),
            "lines: the line credit cannot have the role \"teller\"",
        ),
        (
            good("line = \"credit\"", "line = \"loans\""),
            "needs: mortgage points to the line loans, which does not exist.",
        ),
        (
            good("converted = 5", "converted = 1000000"),
            "points.converted must be between 0 and 1000.",
        ),
        (
            good("converted = 5", "converted = 99999999999999999999"),
            "not valid TOML",
        ),
        (good("[points]", "[points"), "not valid TOML"),
    ];
    for (text, said) in cases {
        let line = refused(&b.import("H01", text), 2);
        assert!(line.contains("The settings file"), "{line}");
        assert!(line.contains(said), "{said}\n{line}");
        assert_eq!(b.stored(), (1, SHIPPED.to_string()), "{said}");
    }
    assert!(b.events("settings.import").is_empty());
    let text = good("escalate_days = 7", "escalate_days = 7\nescalate_dayz = 9");
    let at = text
        .lines()
        .position(|l| l.contains("escalate_dayz"))
        .unwrap()
        + 1;
    let line = refused(&b.import("H01", &text), 2);
    assert!(
        line.contains(&format!("Line {at}: there is no setting")),
        "{line}"
    );
    // The good change alone goes in.
    let o = b.import("H01", &good("number = 3", "number = 3"));
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(b.stored().0, 2);
}

#[test]
fn the_head_s_code_without_the_head_s_pin_changes_no_setting() {
    let b = Branch::new();
    // The head's first import chooses their PIN (the test's).
    let first = edited("wait_warning_minutes = 6", "wait_warning_minutes = 5");
    assert!(b.import("H01", &first).status.success());
    let before = b.stored();
    // Anyone else claiming to be H01 with a wrong PIN, or with no PIN and
    // no terminal to ask it at, is refused, and nothing changes.
    let f = b.file(
        "again.toml",
        &edited("wait_warning_minutes = 6", "wait_warning_minutes = 4"),
    );
    for pin in [Some("0000"), None] {
        let mut cmd = Command::new(BIN);
        cmd.arg("--db").arg(b.db()).args(["--lang", "en"]);
        cmd.args(["--as", "H01", "settings", "import", &f]);
        sandbox_cmd(&mut cmd, b.dir.path());
        match pin {
            Some(p) => cmd.env("LOBBYDESK_PIN", p),
            None => cmd.env_remove("LOBBYDESK_PIN"),
        };
        let o = cmd.stdin(std::process::Stdio::null()).output().unwrap();
        assert!(!o.status.success(), "{pin:?}: {}", describe(&o));
    }
    assert_eq!(b.stored(), before);
    assert_eq!(b.events("settings.import").len(), 1);
}
