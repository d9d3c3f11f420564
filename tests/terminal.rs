//! The terminal always comes back: the real binary in a pseudo-terminal,
//! stopped by SIGTERM or SIGHUP, or left by its terminal, hands the terminal
//! back (main screen, cursor shown, raw mode off), leaves the database whole
//! and does not linger; a terminal too small to show the screens lets no key
//! act blind but help and quit.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::pty::{frame, sandbox_cmd, Pty, Spawn};
use tempfile::TempDir;

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn db(dir: &TempDir) -> PathBuf {
    dir.path().join("branch.db")
}

/// lobbydesk in English in a `cols`×`rows` terminal on the folder's
/// database, signed in as the lobby manager.
fn start(dir: &TempDir, cols: u16, rows: u16) -> Pty {
    {
        let mut store = lobbydesk::store::Store::open(&db(dir)).expect("the database");
        support::put_staff(&mut store, &support::manager("L01", "陈静", "lobby"));
    }
    support::pins_for_all(&db(dir));
    Spawn::new(cols, rows, dir.path())
        .arg("--db")
        .arg(db(dir))
        .args(["--lang", "en", "--as", "L01"])
        .unset("LC_ALL")
        .unset("LC_MESSAGES")
        .keep_raw()
        .start()
}

/// A kiosk's walk-in: `walkin add` with these arguments; its ticket number.
fn kiosk(dir: &TempDir, args: &[&str]) -> String {
    support::add_kiosk(&db(dir));
    let mut cmd = Command::new(support::pty::BIN);
    sandbox_cmd(&mut cmd, dir.path());
    let out = cmd
        .arg("--db")
        .arg(db(dir))
        .args(["--lang", "en", "--as", "K01", "walkin", "add"])
        .args(args)
        .output()
        .expect("run the kiosk");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The number, before the people ahead and the expected wait.
    let printed = String::from_utf8_lossy(&out.stdout);
    printed.split(" · ").next().unwrap_or("").trim().to_string()
}

/// The terminal was handed back: the alternate screen left after it was
/// entered, the cursor shown, bracketed paste off, and (when the terminal is
/// still there to ask) raw mode off.
fn assert_restored(pty: &Pty, ask_termios: bool) {
    let raw = pty.raw();
    let entered = find(&raw, ENTER_ALT).expect("the alternate screen was entered");
    let left = find(&raw, LEAVE_ALT).unwrap_or_else(|| {
        panic!(
            "the output never leaves the alternate screen; it ends with {:?}",
            String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..])
        )
    });
    assert!(
        left > entered,
        "left the alternate screen before entering it"
    );
    pty.with_screen(|s| {
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "the cursor is left hidden");
        assert!(!s.bracketed_paste(), "bracketed paste is left on");
    });
    if ask_termios {
        let flags = pty.local_flags();
        assert!(flags & libc::ICANON != 0, "raw mode left on: no ICANON");
        assert!(flags & libc::ECHO != 0, "raw mode left on: no ECHO");
    }
}

/// `PRAGMA integrity_check` says ok, and the tickets are there.
fn assert_whole(db: &Path, tickets: i64) {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .expect("count the tickets");
    assert_eq!(n, tickets, "tickets saved");
}

/// A walk-in registered on screen, then `signal`: the process ends with
/// 128 + the signal's number, the terminal handed back, the walk-in saved.
fn stopped_by(signal: i32) {
    let dir = TempDir::new().expect("a temporary folder");
    let mut pty = start(&dir, 100, 30);
    pty.wait_for("Served today 0");
    pty.send("n");
    pty.wait_for("New walk-in");
    pty.send("\r");
    pty.wait_for("Registered A001");
    pty.signal(signal);
    let status = pty.wait_exit(Duration::from_secs(5));
    assert_eq!(
        status.exit_code(),
        128 + signal as u32,
        "exit status {status:?}\n{}",
        frame(&pty.screen())
    );
    pty.join_reader();
    assert_restored(&pty, true);
    assert_whole(&db(&dir), 1);
}

#[test]
fn sigterm_hands_the_terminal_back_and_keeps_the_database_whole() {
    stopped_by(libc::SIGTERM);
}

#[test]
fn sighup_hands_the_terminal_back_and_keeps_the_database_whole() {
    stopped_by(libc::SIGHUP);
}

#[test]
fn sigint_hands_the_terminal_back() {
    stopped_by(libc::SIGINT);
}

#[test]
fn a_closed_terminal_ends_the_process() {
    let dir = TempDir::new().expect("a temporary folder");
    let mut pty = start(&dir, 100, 30);
    pty.wait_for("Served today 0");
    pty.hang_up();
    // Gone within a few seconds: not left reading a dead terminal in a loop.
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = pty.child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "lobbydesk still runs 5 s after its terminal was closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success(), "a hang-up is not a quit: {status:?}");
    assert_ne!(status.exit_code(), 101, "no panic");
    assert_whole(&db(&dir), 0);
}

/// Every event and every ticket's state, as text.
fn written(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    let mut out = String::new();
    for sql in [
        "SELECT id || ' ' || kind FROM events ORDER BY id",
        "SELECT number || ' ' || status || ' ' || coalesce(divert_target, '-') FROM tickets",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

#[test]
fn keys_typed_blind_on_a_too_small_terminal_do_nothing_but_quit() {
    let dir = TempDir::new().expect("a temporary folder");
    let number = kiosk(
        &dir,
        &[
            "--service",
            "A",
            "--name",
            "王小明",
            "--mobile",
            "13812345678",
        ],
    );
    assert_eq!(number, "A001");
    let mut pty = start(&dir, 60, 20);
    pty.wait_for("Terminal too small");
    let before = written(&db(&dir));

    // Divert the selected ticket to counter 1; reveal its client; a new walk-in.
    for keys in ["d", "1", "\r", "v", "n", "\r", "j", "c", "\r"] {
        pty.send(keys);
        std::thread::sleep(Duration::from_millis(60));
    }
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(written(&db(&dir)), before, "nothing written");

    // Enlarged: the lobby as it was, no form open, no client shown in full.
    pty.resize(100, 30);
    pty.wait_for("Served today 0");
    std::thread::sleep(Duration::from_millis(300));
    let screen = pty.screen();
    assert!(
        screen.contains("A001") && !screen.contains("New walk-in"),
        "no form opened\n{}",
        frame(&screen)
    );
    assert!(
        !screen.contains("王小明") && !screen.contains("13812345678"),
        "no client revealed\n{}",
        frame(&screen)
    );

    // Small again: `q` still quits.
    pty.resize(60, 20);
    pty.wait_for("Terminal too small");
    pty.send("q");
    let status = pty.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&pty, true);
    assert_eq!(written(&db(&dir)), before, "nothing written");
}

#[test]
fn without_a_terminal_the_full_screen_refuses_in_a_sentence() {
    let dir = TempDir::new().expect("a temporary folder");
    for (lang, words) in [("en", "needs a terminal"), ("zh", "需要终端")] {
        let mut cmd = Command::new(support::pty::BIN);
        sandbox_cmd(&mut cmd, dir.path());
        let out = cmd
            .arg("--db")
            .arg(db(&dir))
            .args(["--lang", lang])
            .output()
            .expect("run lobbydesk");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(out.stdout.is_empty(), "no escape codes written to a pipe");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{err}");
        assert_eq!(err.lines().count(), 1, "one plain line: {err}");
    }
}
