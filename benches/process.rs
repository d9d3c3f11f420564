//! Whole-process figures with the real binary in a pseudo-terminal, on the
//! benchmark database (see `benches/screens/`); run by `scripts/bench.sh`,
//! or `cargo bench --bench process`.
//!
//! - start to the first full frame: from spawning `lobbydesk --db … --as H01`
//!   until the screen (read back through vt100) shows the tab bar and the
//!   status line with today's date; 20 starts;
//! - resident memory (VmRSS of /proc/PID/status) after opening each tab, and
//!   after a client search;
//! - idle for 10 s on the lobby with nothing happening: CPU (utime + stime of
//!   /proc/PID/stat), wakeups (voluntary context switches of every thread,
//!   /proc/PID/task/*/status) and the bytes drawn to the terminal.
//!
//! The process runs on a private copy of the database with today's queue
//! added through `lobbydesk walkin add`, with the system clock.
//!
//! Environment: `LOBBYDESK_BENCH_DB`, `LOBBYDESK_BENCH_IDLE_SECS` (default 10).

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lobbydesk::i18n::{Lang, Msg};
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use support::{ms, Samples};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const STARTS: usize = 20;
const WAIT: Duration = Duration::from_secs(20);

struct Seen {
    parser: vt100::Parser,
    bytes: usize,
}

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    seen: Arc<Mutex<Seen>>,
}

impl Tui {
    fn start(db: &Path, home: &Path) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(support::binary());
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(["--as", "H01", "--lang", "zh"]);
        // The demo roster has no PINs: the first sign-in chooses this one.
        cmd.env("LOBBYDESK_PIN", support::PIN);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        let child = pair.slave.spawn_command(cmd).expect("spawn lobbydesk");
        drop(pair.slave);
        let seen = Arc::new(Mutex::new(Seen {
            parser: vt100::Parser::new(ROWS, COLS, 0),
            bytes: 0,
        }));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let shared = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut s = shared.lock().unwrap();
                s.parser.process(&buf[..n]);
                s.bytes += n;
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Tui {
            child,
            _master: pair.master,
            writer,
            seen,
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    fn bytes(&self) -> usize {
        self.seen.lock().unwrap().bytes
    }

    fn rows(&self) -> Vec<String> {
        let s = self.seen.lock().unwrap();
        s.parser.screen().rows(0, COLS).collect()
    }

    /// Wait until `ok(rows)`; panics after [`WAIT`].
    fn wait_for(&self, what: &str, ok: impl Fn(&[String]) -> bool) {
        let t = Instant::now();
        while !ok(&self.rows()) {
            assert!(
                t.elapsed() < WAIT,
                "no {what} on the screen:\n{}",
                self.rows().join("\n")
            );
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// Wait until nothing has been drawn for `quiet`.
    fn settle(&self, quiet: Duration) {
        let mut last = self.bytes();
        let mut since = Instant::now();
        let t = Instant::now();
        while since.elapsed() < quiet && t.elapsed() < WAIT {
            std::thread::sleep(Duration::from_millis(10));
            let now = self.bytes();
            if now != last {
                last = now;
                since = Instant::now();
            }
        }
    }

    fn keys(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn quit(mut self) {
        self.keys(b"q");
        let t = Instant::now();
        while t.elapsed() < WAIT {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
    }
}

/// The first full frame: the tab bar on the first row and the status line
/// (second to last row) with today's date.
fn full_frame(rows: &[String], today: &str) -> bool {
    let app = Msg::AppName.get(Lang::Zh);
    rows.first().is_some_and(|r| r.contains(app))
        && rows
            .get(ROWS as usize - 2)
            .is_some_and(|r| r.contains(today))
}

fn status_field(pid: u32, key: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    field(&text, key)
}

fn field(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim_start_matches(':').split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Voluntary context switches of every thread: how often the process slept
/// and was woken.
fn wakeups(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .map(|t| {
            let text = std::fs::read_to_string(t.path().join("status")).unwrap_or_default();
            field(&text, "voluntary_ctxt_switches")
        })
        .sum()
}

/// utime + stime, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name may hold spaces: fields count from after its ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    // After ')': state is field 3, so utime (14) and stime (15) are at 11, 12.
    let get = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    get(11) + get(12)
}

fn clock_ticks_per_sec() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn main() {
    let idle_secs: u64 = std::env::var("LOBBYDESK_BENCH_IDLE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let original = support::ensure_db();
    let copy = support::working_copy(&original);
    let home = copy.dir.path();
    // Today's queue, as a ticket kiosk would feed it.
    for k in 0..30 {
        let service = ["A", "A", "C", "V", "B"][k % 5];
        let ok = Command::new(support::binary())
            .arg("--db")
            .arg(&copy.path)
            .args(["--as", "L01", "walkin", "add", "--service", service])
            .env("LOBBYDESK_PIN", support::PIN)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .output()
            .expect("lobbydesk walkin add");
        assert!(ok.status.success(), "walkin add: {ok:?}");
    }
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();

    // Start to the first full frame.
    let mut start = Samples::default();
    for _ in 0..STARTS {
        let t = Instant::now();
        let tui = Tui::start(&copy.path, home);
        tui.wait_for("first frame", |rows| full_frame(rows, &today));
        start.push(t.elapsed());
        tui.quit();
    }

    // Memory after each tab.
    let mut tui = Tui::start(&copy.path, home);
    tui.wait_for("first frame", |rows| full_frame(rows, &today));
    tui.settle(Duration::from_millis(300));
    let pid = tui.pid();
    let mut rss: Vec<(String, u64)> = vec![("start".into(), status_field(pid, "VmRSS"))];
    // The tab bar reads " 1 大堂  2 财富 … ": as many tabs as numbers.
    let bar = tui.rows()[0].clone();
    let tabs = (1..=9)
        .take_while(|k| bar.contains(&format!(" {k} ")))
        .count();
    for k in 1..=tabs {
        tui.keys(k.to_string().as_bytes());
        tui.settle(Duration::from_millis(300));
        rss.push((format!("tab {k}"), status_field(pid, "VmRSS")));
    }
    // A client search on the Clients tab: `/`, 王, Enter.
    let clients = Msg::TabClients.get(Lang::Zh);
    let k = (1..=tabs)
        .find(|k| bar.contains(&format!(" {k} {clients}")))
        .expect("a Clients tab");
    tui.keys(k.to_string().as_bytes());
    tui.settle(Duration::from_millis(300));
    tui.keys("/王\r".as_bytes());
    tui.settle(Duration::from_millis(300));
    rss.push(("client search".into(), status_field(pid, "VmRSS")));
    let hwm = status_field(pid, "VmHWM");

    // Idle on the lobby.
    tui.keys(b"1");
    tui.settle(Duration::from_millis(1000));
    let (cpu0, wake0, bytes0) = (cpu_ticks(pid), wakeups(pid), tui.bytes());
    let minute0 = chrono::Utc::now().timestamp() / 60;
    let t = Instant::now();
    std::thread::sleep(Duration::from_secs(idle_secs));
    let secs = t.elapsed().as_secs_f64();
    let (cpu1, wake1, bytes1) = (cpu_ticks(pid), wakeups(pid), tui.bytes());
    // When the minute turns, the clock on screen changes: one reload and one
    // small redraw are expected then.
    let minutes = chrono::Utc::now().timestamp() / 60 - minute0;
    tui.quit();

    let cpu_pct = (cpu1 - cpu0) as f64 / clock_ticks_per_sec() / secs * 100.0;
    let wakes = wake1 - wake0;
    let drawn = bytes1 - bytes0;
    let max_rss = rss.iter().map(|(_, kb)| *kb).max().unwrap_or(0);
    let mb = |kb: u64| format!("{:.1}", kb as f64 / 1024.0);

    println!();
    println!("lobbydesk whole-process figures · {}", original.display());
    let per_tab: Vec<String> = rss
        .iter()
        .map(|(k, kb)| format!("{k} {}", mb(*kb)))
        .collect();
    println!("VmRSS MB: {} · VmHWM {}", per_tab.join(" · "), mb(hwm));
    println!();
    println!("| measure | n | p50 | p99 | max | target | met |");
    println!("|---|---:|---:|---:|---:|---|---|");
    let (n, p50, p99, max) = start.summary();
    let yes = |b: bool| if b { "yes" } else { "NO" };
    println!(
        "| process start to first full frame, ms | {n} | {} | {} | {} | p99 < 100 | {} |",
        ms(p50),
        ms(p99),
        ms(max),
        yes(p99 < Duration::from_millis(100))
    );
    println!(
        "| resident memory after each tab and a search, MB | {} | {} | | {} | max < 60 | {} |",
        rss.len(),
        mb({
            let mut v: Vec<u64> = rss.iter().map(|(_, kb)| *kb).collect();
            v.sort();
            v[v.len() / 2]
        }),
        mb(max_rss),
        yes(max_rss < 60 * 1024)
    );
    println!(
        "| idle CPU over {idle_secs} s, % of one core | 1 | | | {cpu_pct:.2} | near 0 | {} |",
        yes(cpu_pct < 1.0)
    );
    let turned = match minutes {
        0 => "no minute turned".to_string(),
        1 => "a minute turned".to_string(),
        n => format!("{n} minutes turned"),
    };
    println!(
        "| idle wakeups over {idle_secs} s, voluntary context switches ({turned}) | 1 | | | {wakes} | counted | - |"
    );
    println!(
        "| idle bytes drawn to the terminal over {idle_secs} s ({turned}) | 1 | | | {drawn} | no redraw loop | {} |",
        yes(drawn < 4096)
    );
}
