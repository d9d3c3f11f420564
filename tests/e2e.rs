//! The real binary in a pseudo-terminal: keys typed as bytes, the screen read
//! back through a terminal emulator (vt100), as a person at the desk sees it.

mod support;

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use support::pty::{frame, sandbox_env, Pty, Spawn, BIN, WAIT};
use tempfile::TempDir;

/// Restores the terminal: leaves the alternate screen.
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const ENTER_ALT: &[u8] = b"\x1b[?1049h";

/// lobbydesk in a pseudo-terminal on a database in its own temporary home.
/// Dropping it kills the process.
struct Tui {
    pty: Pty,
    dir: TempDir,
}

impl Tui {
    /// Start `lobbydesk --db <temp>/branch.db --as L01 <args>` in a
    /// `cols`×`rows` terminal, on a branch whose roster is a lobby manager
    /// (L01) and a ticket kiosk (K01); L01 signs in with the test PIN.
    fn start(cols: u16, rows: u16, args: &[&str]) -> Tui {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut store = Store::open(&dir.path().join("branch.db")).expect("create the database");
        for (code, name, role) in [("L01", "李静", "lobby"), ("K01", "取号机", "kiosk")] {
            let s = Staff {
                code: code.into(),
                name: name.into(),
                roles: vec![role.into()],
                counter: None,
                active: true,
            };
            store.write(|db| db.put_staff(&s)).expect("the roster");
        }
        drop(store);
        let pty = Spawn::new(cols, rows, dir.path())
            .arg("--db")
            .arg(dir.path().join("branch.db"))
            .args(["--as", "L01"])
            .args(args)
            .unset("LC_ALL")
            .unset("LC_MESSAGES")
            .keep_raw()
            .start();
        Tui { pty, dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("branch.db")
    }
}

impl Deref for Tui {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.pty
    }
}

impl DerefMut for Tui {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.pty
    }
}

/// The screen line holding `number` in the queue table (not the status line's message).
fn queue_row<'s>(screen: &'s str, number: &str, status: &str) -> Option<&'s str> {
    screen
        .lines()
        .find(|l| l.contains(number) && l.contains(status))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The terminal was handed back: the last thing done was leaving the
/// alternate screen, and the emulator is back on the main screen.
fn assert_restored(tui: &Tui) {
    let raw = tui.raw();
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
    let tail = &raw[left + LEAVE_ALT.len()..];
    assert!(
        tail.len() < 64,
        "output continues after leaving the alternate screen: {:?}",
        String::from_utf8_lossy(tail)
    );
    tui.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is left hidden");
        assert!(!screen.bracketed_paste(), "bracketed paste is left on");
    });
}

/// Register, call, serve and finish one walk-in, then quit.
fn serve_one_walkin(cols: u16, rows: u16) {
    let mut tui = Tui::start(cols, rows, &["--lang", "en"]);
    tui.wait_for("Lobby");
    tui.wait_for("Served today 0");

    tui.send("n");
    tui.wait_for("New walk-in");
    tui.send("\r");
    tui.wait_for("Registered A001");
    tui.wait_until("A001 waiting in the queue", WAIT, |s| {
        queue_row(s, "A001", "waiting").is_some()
    });
    tui.wait_for("Waiting 1");

    // The default user is the lobby manager, without a counter: a form asks
    // which, none chosen until they say.
    tui.send("c");
    tui.wait_for("Call to a counter");
    tui.send("1");
    tui.send("\r");
    tui.wait_for("A001 to counter 1");
    tui.wait_until("A001 called in the queue", WAIT, |s| {
        queue_row(s, "A001", "called").is_some()
    });

    tui.send("s");
    tui.wait_for("A001 being served");
    tui.wait_until("A001 serving in the queue", WAIT, |s| {
        queue_row(s, "A001", "serving").is_some()
    });

    tui.send("f");
    tui.wait_for("A001 finished");
    tui.wait_for("Served today 1");
    tui.wait_until("A001 gone from the queue", WAIT, |s| {
        s.lines().filter(|l| l.contains("A001")).count() == 1
    });

    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui);

    // What the screen showed is what was saved.
    let store = lobbydesk::store::Store::open(&tui.db()).expect("open the database");
    let today = chrono::Local::now().date_naive();
    assert!(
        store.db().open_tickets(today).unwrap().is_empty(),
        "A001 is finished"
    );
    let figures = store.db().day_figures(today, chrono::Utc::now()).unwrap();
    assert_eq!(figures.served, 1);
}

#[test]
fn serve_one_walkin_at_120x40() {
    serve_one_walkin(120, 40);
}

#[test]
fn serve_one_walkin_at_80x24() {
    serve_one_walkin(80, 24);
}

#[test]
fn a_kiosk_ticket_shows_up_in_the_running_app() {
    let mut tui = Tui::start(120, 40, &["--lang", "en"]);
    tui.wait_for("Lobby");
    tui.wait_for("Served today 0");

    let out = Command::new(BIN)
        .arg("--db")
        .arg(tui.db())
        .args([
            "--lang",
            "en",
            "--as",
            "K01",
            "walkin",
            "add",
            "--service",
            "C",
        ])
        .envs(sandbox_env(tui.dir.path()))
        .output()
        .expect("run the kiosk");
    assert_eq!(
        out.status.code(),
        Some(0),
        "kiosk failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("C001 · "));

    // Another process's write appears within a couple of seconds, untouched.
    tui.wait_until("C001 waiting in the queue", Duration::from_secs(2), |s| {
        queue_row(s, "C001", "waiting").is_some()
    });
    tui.wait_for_within("Waiting 1", Duration::from_secs(1));

    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui);
}

#[test]
fn a_small_terminal_asks_to_be_enlarged_then_recovers() {
    let mut tui = Tui::start(60, 20, &["--lang", "en"]);
    tui.wait_for("Terminal too small");
    let screen = tui.screen();
    assert!(
        screen.contains("80×24"),
        "names the minimum\n{}",
        frame(&screen)
    );
    assert!(!screen.contains("Lobby"), "{}", frame(&screen));

    tui.resize(80, 24);
    tui.wait_for("Lobby");
    tui.wait_for("Served today 0");
    let screen = tui.screen();
    assert!(
        !screen.contains("too small"),
        "the old message is gone\n{}",
        frame(&screen)
    );

    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui);
}

#[test]
fn chinese_lobby() {
    let mut tui = Tui::start(120, 40, &["--lang", "zh"]);
    tui.wait_for("大堂");
    tui.wait_for("今日已办 0");
    let screen = tui.screen();
    assert!(!screen.contains("Lobby"), "{}", frame(&screen));

    tui.send("n");
    // "新客登记" is also the key hint; the field label shows the form is open.
    tui.wait_for("业务类型");
    tui.send("\r");
    tui.wait_for("已登记 A001");

    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui);
}

#[test]
fn a_bad_mobile_is_marked_in_the_form_and_nothing_is_saved() {
    let mut tui = Tui::start(120, 40, &["--lang", "en"]);
    tui.wait_for("Lobby");
    tui.wait_for("Served today 0");

    // Service, Class, Name, Mobile: three Tabs to the mobile.
    tui.send("n");
    tui.wait_for("New walk-in");
    tui.send("\t\t王小明\t12345\r");
    tui.wait_for("Please correct the marked fields; nothing was saved.");
    tui.wait_for("11 digits");
    let screen = tui.screen();
    assert!(
        screen.contains("王小明"),
        "the name typed is kept\n{}",
        frame(&screen)
    );

    // Typed text is not thrown away on one key: Esc asks, Esc again discards.
    tui.send("\x1b");
    tui.wait_for("Discard what you typed?");
    tui.send("\x1b");
    tui.wait_until("the form closed", WAIT, |s| !s.contains("New walk-in"));
    tui.wait_for("Nobody waiting");
    let store = lobbydesk::store::Store::open(&tui.db()).expect("open the database");
    let today = chrono::Local::now().date_naive();
    assert!(store.db().open_tickets(today).unwrap().is_empty());
    drop(store);

    // Corrected, it saves, with the client's name shown in the queue, masked
    // (clients can see the front-desk screen).
    tui.send("n");
    tui.wait_for("New walk-in");
    tui.send("\t\t王小明\t13812345678\r");
    tui.wait_for("Registered A001");
    tui.wait_until("A001 with its client in the queue", WAIT, |s| {
        queue_row(s, "A001", "王*明").is_some()
    });

    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui);
}

#[test]
fn ctrl_c_quits_cleanly() {
    let mut tui = Tui::start(80, 24, &["--lang", "en"]);
    tui.wait_for("Lobby");
    tui.send("\x03");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui);
}

#[test]
fn q_quits_even_while_the_terminal_is_too_small() {
    let mut tui = Tui::start(60, 20, &["--lang", "en"]);
    tui.wait_for("Terminal too small");
    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui);
}

#[test]
fn headline_figures_and_legend_fit_at_80x24() {
    // 80×24 is the smallest size the screens are laid out for: the four
    // headline figures and the wait legend must all be readable there.
    for (lang, figures, legend) in [
        (
            "zh",
            ["等候 0", "今日已办 0", "平均等候 0分", "最长等候 0分"],
            "* 优先",
        ),
        (
            "en",
            [
                "Waiting 0",
                "Served today 0",
                "Avg wait 0m",
                "Longest wait 0m",
            ],
            "* priority",
        ),
    ] {
        let mut tui = Tui::start(80, 24, &["--lang", lang]);
        // The whole first frame: its last row (the hints) drawn too.
        tui.wait_for(figures[1]);
        tui.wait_until("the whole first frame", WAIT, |s| {
            s.lines().nth(23).is_some_and(|l| !l.trim().is_empty())
        });
        let screen = tui.screen();
        let headline = screen.lines().nth(1).unwrap_or_default().to_string();
        for want in figures {
            assert!(
                headline.contains(want),
                "{lang}: the headline should show {want:?}: {headline:?}\n{}",
                frame(&screen)
            );
        }
        assert!(
            screen.contains(legend),
            "{lang}: the legend should show {legend:?}\n{}",
            frame(&screen)
        );
        tui.send("q");
        let status = tui.wait_exit(Duration::from_secs(5));
        assert!(status.success(), "exit status {status:?}");
    }
}
