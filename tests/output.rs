//! What commands print, when the output cannot take it: a pipe closed by its
//! reader and a full disk on standard output are a plain sentence and an
//! exit code for every printing command, never a panic; a kiosk's ticket
//! saved but not printed says so (exit 4) and a retry with the same request
//! id gets the same ticket; lists written with `--out` are owner-only new
//! files; a CSV cell never runs as a formula in a spreadsheet.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");

/// Exit code of a panic.
const PANIC: i32 = 101;

struct Sandbox {
    dir: TempDir,
}

/// Where standard output goes.
enum Out {
    Captured,
    /// A pipe whose reader closed it before anything was written.
    Closed,
    /// `/dev/full`: every write fails with "no space left".
    Full,
}

impl Sandbox {
    /// A branch: a teller, a wealth manager named like a formula, the head,
    /// and one consenting prospect of the manager's due today whose client's
    /// name is a formula too.
    fn branch() -> Sandbox {
        let sb = Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        let mut store = Store::open(&sb.db()).expect("create the database");
        let now = chrono::Utc::now();
        let today = lobbydesk::clock::Clock::System.today();
        store
            .write(|db| -> Result<(), lobbydesk::store::StoreError> {
                for s in [
                    support::teller("T01", "张敏", 1),
                    support::manager("W01", "=1+1", "wealth"),
                    support::manager("H01", "周建", "head"),
                    support::manager("K01", "取号机", "kiosk"),
                ] {
                    db.put_staff(&s)?;
                }
                support::consenting_prospect(db, ("=1+1", "13812345678"), "W01", today, now)
            })
            .expect("the branch");
        // Everyone signs in with the PIN the commands are given.
        let hash = lobbydesk::ops::signin::hash_pin(support::PIN).expect("hash the PIN");
        store
            .write(|db| -> Result<(), lobbydesk::store::StoreError> {
                for code in ["T01", "W01", "H01", "K01"] {
                    db.set_pin_hash(code, &hash)?;
                }
                Ok(())
            })
            .expect("the PINs");
        sb
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("branch.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// lobbydesk with `--db <db> --lang <lang>` and `args`, its standard
    /// output sent to `out`.
    fn run_to(&self, lang: &str, args: &[&str], out: Out) -> Output {
        let home = self.dir.path();
        let mut cmd = Command::new(BIN);
        cmd.arg("--db")
            .arg(self.db())
            .args(["--lang", lang])
            .args(args)
            .env("LOBBYDESK_PIN", support::PIN)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stderr(Stdio::piped());
        match out {
            Out::Captured => {
                cmd.stdout(Stdio::piped());
            }
            Out::Closed => {
                // A pipe whose reader has gone before the command starts:
                // whatever it writes fails, however soon it writes.
                let (reader, writer) = std::io::pipe().expect("a pipe");
                drop(reader);
                cmd.stdout(writer);
            }
            Out::Full => {
                let full = std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .expect("/dev/full");
                cmd.stdout(full);
            }
        }
        let child = cmd.spawn().expect("run lobbydesk");
        // The command's copy of the writer is dropped with `cmd`.
        drop(cmd);
        child.wait_with_output().expect("wait for lobbydesk")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_to("en", args, Out::Captured)
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        stderr(o)
    )
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Every command that prints, each run once with each kind of broken output.
const PRINTING: &[&[&str]] = &[
    &["staff", "list"],
    &["--as", "H01", "export", "prospects", "--due", "all"],
    &["--as", "H01", "export", "campaign"],
    &["report"],
    &["report", "--format", "csv"],
    &["report", "--format", "json"],
    &["--as", "K01", "walkin", "add", "--service", "A"],
    &["doctor"],
    &["--as", "H01", "purge", "--before", "2020-01-01"],
];

#[test]
fn a_closed_pipe_or_a_full_disk_is_a_sentence_not_a_panic() {
    for (lang, closed, full) in [
        (
            "en",
            "closed before everything was written",
            "the disk is full",
        ),
        ("zh", "输出在写完之前被关闭", "磁盘已满"),
    ] {
        let sb = Sandbox::branch();
        for args in PRINTING {
            for (out, words) in [(Out::Closed, closed), (Out::Full, full)] {
                let o = sb.run_to(lang, args, out);
                let code = o.status.code();
                assert!(
                    code.is_some() && code != Some(PANIC) && code != Some(0),
                    "{args:?}: {}",
                    describe(&o)
                );
                let err = stderr(&o);
                assert!(
                    err.starts_with("lobbydesk: ") && err.contains(words),
                    "{args:?} ({lang}): {err}"
                );
                assert!(!err.contains("panicked"), "{args:?}: {err}");
            }
        }
    }
    // A roster change's and a backup's confirmation too: saved, not printed.
    let sb = Sandbox::branch();
    let add = [
        "--as", "H01", "staff", "add", "T09", "孙悦", "--role", "teller",
    ];
    let o = sb.run_to("en", &add, Out::Full);
    assert_eq!(o.status.code(), Some(4), "{}", describe(&o));
    assert!(
        stderr(&o).contains("The change was saved"),
        "{}",
        stderr(&o)
    );
    let copy = sb.path("copy.db");
    let o = sb.run_to("en", &["backup", copy.to_str().unwrap()], Out::Full);
    assert_eq!(o.status.code(), Some(4), "{}", describe(&o));
    assert!(copy.exists(), "the backup was made");
}

#[test]
fn a_ticket_saved_but_not_printed_says_so_and_exits_4() {
    let sb = Sandbox::branch();
    for out in [Out::Full, Out::Closed] {
        let o = sb.run_to(
            "en",
            &["--as", "K01", "walkin", "add", "--service", "A"],
            out,
        );
        assert_eq!(o.status.code(), Some(4), "{}", describe(&o));
        assert!(stderr(&o).contains("was saved but could not be printed"));
    }
    let err = stderr(&sb.run_to(
        "en",
        &["--as", "K01", "walkin", "add", "--service", "A"],
        Out::Full,
    ));
    assert!(
        err.contains("lobbydesk: A003 was saved but could not be printed."),
        "{err}"
    );
    assert_eq!(count(&sb.db(), "SELECT count(*) FROM tickets"), 3);
    let zh = stderr(&sb.run_to(
        "zh",
        &["--as", "K01", "walkin", "add", "--service", "A"],
        Out::Full,
    ));
    assert!(zh.contains("A004 已保存，但无法打印"), "{zh}");
}

#[test]
fn a_kiosk_retrying_with_the_same_request_id_gets_the_same_ticket() {
    let sb = Sandbox::branch();
    let add = |id: &str| {
        sb.run(&[
            "--as",
            "K01",
            "walkin",
            "add",
            "--service",
            "A",
            "--name",
            "王小明",
            "--request-id",
            id,
        ])
    };
    // The first answer is lost on a full disk; the kiosk retries.
    let lost = sb.run_to(
        "en",
        &[
            "--as",
            "K01",
            "walkin",
            "add",
            "--service",
            "A",
            "--request-id",
            "kiosk-1:0001",
        ],
        Out::Full,
    );
    assert_eq!(lost.status.code(), Some(4), "{}", describe(&lost));
    let retry = add("kiosk-1:0001");
    assert_eq!(retry.status.code(), Some(0), "{}", describe(&retry));
    assert_eq!(
        String::from_utf8_lossy(&retry.stdout),
        "A001 · 0 ahead · about 0 min\n"
    );
    let again = add("kiosk-1:0001");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "A001 · 0 ahead · about 0 min\n"
    );
    assert_eq!(count(&sb.db(), "SELECT count(*) FROM tickets"), 1);
    assert_eq!(
        count(
            &sb.db(),
            "SELECT count(*) FROM events WHERE kind = 'ticket.add'"
        ),
        1,
        "one ticket, one event"
    );

    // Another request is another ticket; no request id, another again.
    let other = add("kiosk-1:0002");
    assert_eq!(
        String::from_utf8_lossy(&other.stdout),
        "A002 · 1 ahead · about 0 min\n"
    );
    let plain = sb.run(&["--as", "K01", "walkin", "add", "--service", "A"]);
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout),
        "A003 · 2 ahead · about 0 min\n"
    );
    assert_eq!(count(&sb.db(), "SELECT count(*) FROM requests"), 2);

    // A request id that is not one is bad input, and nothing is saved.
    for bad in ["", "has space", &"x".repeat(65), "名字"] {
        let o = add(bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", describe(&o));
        assert!(stderr(&o).contains("Request id"), "{}", stderr(&o));
    }
    assert_eq!(count(&sb.db(), "SELECT count(*) FROM tickets"), 3);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn out_writes_an_owner_only_file_and_never_over_another() {
    let sb = Sandbox::branch();
    for (name, args) in [
        (
            "calls.csv",
            &["--as", "H01", "export", "prospects", "--due", "all"][..],
        ),
        ("campaign.csv", &["--as", "H01", "export", "campaign"][..]),
        ("day.csv", &["report", "--format", "csv"][..]),
    ] {
        let path = sb.path(name);
        let p = path.to_str().unwrap();
        let o = sb.run(&[args, &["--out", p]].concat());
        assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
        assert!(o.stdout.is_empty(), "nothing on standard output");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with('\u{feff}'), "{name}: a byte-order mark");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600, "{name}: only its owner may read it");

        let exported = "SELECT count(*) FROM events WHERE kind != 'staff.sign_in'";
        let events = count(&sb.db(), exported);
        let o = sb.run(&[args, &["--out", p]].concat());
        assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
        assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "untouched");
        assert_eq!(
            count(&sb.db(), exported),
            events,
            "{name}: nothing exported"
        );
    }
}

#[test]
fn a_cell_that_looks_like_a_formula_is_exported_as_text() {
    let sb = Sandbox::branch();
    let o = sb.run(&["--as", "H01", "export", "prospects", "--due", "all"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let csv = String::from_utf8_lossy(&o.stdout).into_owned();
    let row = csv.lines().nth(1).expect("one prospect");
    assert!(row.starts_with("'=1+1,13812345678,"), "{row}");
    assert!(row.contains(",'=1+1,"), "the owner's name too: {row}");
    assert!(!csv.contains(",=1+1"), "{csv}");

    // The report's names: a ticket served today by a teller named like one.
    let mut store = Store::open(&sb.db()).unwrap();
    let renamed = Staff {
        code: "T01".into(),
        name: "@SUM(A1)".into(),
        roles: vec!["teller".into()],
        counter: Some(1),
        active: true,
    };
    store.write(|db| db.put_staff(&renamed)).unwrap();
    drop(store);
    let today = lobbydesk::clock::Clock::System.today().to_string();
    let now = chrono::Utc::now().timestamp();
    rusqlite::Connection::open(sb.db())
        .unwrap()
        .execute(
            "INSERT INTO tickets (day, service, seq, number, priority, is_priority, arrived_at,
             called_at, started_at, finished_at, counter, teller, status, calls, call_seq)
             VALUES (?1, 'A', 1, 'A001', 'normal', 0, ?2, ?3, ?4, ?5, 1, 'T01', 'done', 1, 1)",
            rusqlite::params![today, now - 600, now - 300, now - 290, now - 60],
        )
        .unwrap();
    let o = sb.run(&["report", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let csv = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(csv.contains("service.by_teller,T01,'@SUM(A1),"), "{csv}");
    assert!(!csv.contains(",@SUM"), "{csv}");
}
