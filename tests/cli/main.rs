//! The command line as a script or a ticket kiosk uses it: the real binary,
//! its exit codes, stdout and stderr, and what ends up in the database.

#[path = "../support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lobbydesk::store::Store;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");

/// The PIN every run gives in LOBBYDESK_PIN: each person of a test's roster
/// chooses it on their first sign-in.
const PIN: &str = "2468";

/// A throwaway home for one test: the database and any config live here, so
/// the machine's own config and data folder are never read.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("branch.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Run lobbydesk with `--db <db> --lang <lang>` and the given arguments.
    fn run_on(&self, db: &Path, lang: &str, args: &[&str]) -> Output {
        let home = self.dir.path();
        Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args(["--lang", lang])
            .args(args)
            .env("LOBBYDESK_PIN", PIN)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run lobbydesk")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_on(&self.db(), "en", args)
    }

    /// The database with a ticket kiosk, K01, on its roster.
    fn with_kiosk(&self) -> &Sandbox {
        let mut store = Store::open(&self.db()).expect("create the database");
        let kiosk = lobbydesk::store::staff::Staff {
            code: "K01".into(),
            name: "取号机".into(),
            roles: vec!["kiosk".into()],
            counter: None,
            active: true,
        };
        store
            .write(|db| db.put_staff(&kiosk))
            .expect("put the kiosk on the roster");
        self
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
}

/// Exit `code`, nothing on stdout, exactly one line on stderr, no panic; returns that line.
fn assert_refused(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "{}", describe(o));
    assert!(
        o.stdout.is_empty(),
        "stdout should be empty\n{}",
        describe(o)
    );
    let err = stderr(o);
    assert!(!err.contains("panicked"), "a panic\n{}", describe(o));
    assert!(!err.contains("RUST_BACKTRACE"), "a panic\n{}", describe(o));
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr\n{}", describe(o));
    assert!(err.ends_with('\n'), "stderr ends its line\n{}", describe(o));
    lines[0].to_string()
}

/// The ticket number `walkin add` printed: the first word of its line.
fn number(o: &Output) -> String {
    let out = stdout(o);
    assert!(out.ends_with('\n') && out.lines().count() == 1, "{out:?}");
    out.split(" · ").next().unwrap_or_default().to_string()
}

/// `walkin add` by the kiosk K01.
fn walkin(sb: &Sandbox, extra: &[&str]) -> Output {
    if !sb.db().exists() {
        sb.with_kiosk();
    }
    let mut args = vec!["--as", "K01", "walkin", "add"];
    args.extend_from_slice(extra);
    sb.run(&args)
}

mod commands;
mod walkins_and_files;
