//! The real binary in a pseudo-terminal: keys typed as bytes, the screen read
//! back through a terminal emulator (vt100), as a person at the desk sees it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_lobbydesk");
const WAIT: Duration = Duration::from_secs(10);

/// Restores the terminal: leaves the alternate screen.
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const ENTER_ALT: &[u8] = b"\x1b[?1049h";

/// Environment for every process of a test: its own home, so the machine's
/// config and data folder are never read.
fn sandbox_env(home: &Path) -> Vec<(String, PathBuf)> {
    vec![
        ("HOME".into(), home.to_path_buf()),
        ("XDG_CONFIG_HOME".into(), home.join("config")),
        ("XDG_DATA_HOME".into(), home.join("data")),
    ]
}

/// Output seen so far: the parsed screen and every raw byte.
struct Seen {
    parser: vt100::Parser,
    raw: Vec<u8>,
    eof: bool,
}

/// lobbydesk running in a pseudo-terminal. Dropping it kills the process.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    seen: Arc<Mutex<Seen>>,
    reader: Option<JoinHandle<()>>,
    dir: TempDir,
}

impl Tui {
    /// Start `lobbydesk --db <temp>/branch.db <args>` in a `cols`×`rows` terminal.
    fn start(cols: u16, rows: u16, args: &[&str]) -> Tui {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(dir.path().join("branch.db"));
        for a in args {
            cmd.arg(a);
        }
        cmd.cwd(dir.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        for (k, v) in sandbox_env(dir.path()) {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn lobbydesk");
        // Only the child holds the terminal's other end, so the reader sees
        // the end of output when it exits.
        drop(pair.slave);

        let seen = Arc::new(Mutex::new(Seen {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            eof: false,
        }));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let shared = Arc::clone(&seen);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = shared.lock().unwrap();
                        s.parser.process(&buf[..n]);
                        s.raw.extend_from_slice(&buf[..n]);
                    }
                }
            }
            shared.lock().unwrap().eof = true;
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Tui {
            child,
            master: pair.master,
            writer,
            seen,
            reader: Some(reader),
            dir,
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("branch.db")
    }

    fn screen(&self) -> String {
        self.seen.lock().unwrap().parser.screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.seen.lock().unwrap().raw.clone()
    }

    /// Type bytes as the keyboard would send them.
    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Poll the parsed screen until `ok` holds; on timeout, panic showing it.
    fn wait_until(&mut self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // One last look: the final frame may have arrived with the exit.
                std::thread::sleep(Duration::from_millis(100));
                let screen = self.screen();
                if ok(&screen) {
                    return;
                }
                panic!(
                    "lobbydesk exited ({status:?}) while waiting for {what}\n{}",
                    frame(&screen)
                );
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}\n{}",
                    frame(&screen)
                );
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn wait_for(&mut self, text: &str) {
        self.wait_for_within(text, WAIT);
    }

    fn wait_for_within(&mut self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?}"), timeout, |s| s.contains(text));
    }

    /// Resize the terminal, as a person dragging the window does.
    fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first, so the redraw that follows is read at the new size.
        self.seen.lock().unwrap().parser.set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Wait for the process to exit; then for the last of its output.
    fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "lobbydesk did not exit within {timeout:?}\n{}",
                    frame(&self.screen())
                );
            }
            std::thread::sleep(Duration::from_millis(30));
        };
        let deadline = Instant::now() + Duration::from_secs(3);
        while !self.seen.lock().unwrap().eof && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Some(r) = self.reader.take() {
            if r.is_finished() {
                r.join().expect("reader thread");
            }
        }
        status
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The screen framed for a panic message.
fn frame(screen: &str) -> String {
    let lines: Vec<String> = screen.lines().map(|l| format!("|{l}")).collect();
    format!("--- screen ---\n{}\n--------------", lines.join("\n"))
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
    let seen = tui.seen.lock().unwrap();
    assert!(
        !seen.parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(
        !seen.parser.screen().hide_cursor(),
        "the cursor is left hidden"
    );
    assert!(
        !seen.parser.screen().bracketed_paste(),
        "bracketed paste is left on"
    );
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

    // The default user is the lobby manager, without a counter: a form asks which.
    tui.send("c");
    tui.wait_for("Call to a counter");
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
        .args(["--lang", "en", "walkin", "add", "--service", "C"])
        .envs(sandbox_env(tui.dir.path()))
        .output()
        .expect("run the kiosk");
    assert_eq!(
        out.status.code(),
        Some(0),
        "kiosk failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "C001\n");

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
