//! Another process's save shown in every one of 32 terminals: 32 processes
//! of the real binary (the lobby, each in its own pseudo-terminal, on one
//! database file), then a walk-in saved ten times by this process (another
//! process, through the queue's operation, on a connection kept open as a
//! desk's is); for each save and each terminal, the time from the save's
//! commit until that terminal's screen (parsed by vt100 as bytes arrive)
//! shows the new ticket. Also each terminal's wakeups while idle (every thread's
//! context switches, /proc/PID/task/*/status). Prints one Markdown table.
//!
//! ```sh
//! cargo bench --bench propagation
//! ```
//!
//! Environment: `LOBBYDESK_PROPAGATION_TERMINALS` (default 32),
//! `LOBBYDESK_PROPAGATION_SAVES` (default 10), `LOBBYDESK_BENCH_IDLE_SECS`
//! (default 10). With `LOBBYDESK_PROPAGATION_PG` (a PostgreSQL server's
//! administrator URL), the same on a branch server: the demo branch copied
//! into a new database, each terminal signed in with the lobby manager's
//! login, told of the save by the server (LISTEN/NOTIFY).

mod support;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use lobbydesk::config::Catalog;
use lobbydesk::i18n::Lang;
use lobbydesk::ops::Op;
use lobbydesk::store::Store;
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use support::{ms, Samples};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const WAIT: Duration = Duration::from_secs(30);

/// When each terminal first showed each text: (terminal, text) → instant.
type Seen = Arc<Mutex<HashMap<(usize, String), Instant>>>;

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    _writer: Box<dyn std::io::Write + Send>,
}

fn env(cmd: &mut CommandBuilder, home: &Path) {
    cmd.env("LOBBYDESK_PIN", support::PIN);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
}

/// The lobby of `db` in a pseudo-terminal; its reader records when each of
/// `texts` first shows.
fn start(n: usize, db: &str, home: &Path, texts: Arc<Vec<String>>, seen: Seen) -> Tui {
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
    cmd.args(["--as", "L01", "--lang", "en"]);
    cmd.cwd(home);
    env(&mut cmd, home);
    let child = pair.slave.spawn_command(cmd).expect("spawn lobbydesk");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(ROWS, COLS, 0);
        let mut buf = [0u8; 16384];
        while let Ok(k) = reader.read(&mut buf) {
            if k == 0 {
                break;
            }
            let at = Instant::now();
            parser.process(&buf[..k]);
            let screen = parser.screen().contents();
            let mut seen = seen.lock().unwrap();
            for t in texts.iter() {
                if screen.contains(t.as_str()) {
                    seen.entry((n, t.clone())).or_insert(at);
                }
            }
        }
    });
    let writer = pair.master.take_writer().expect("pty writer");
    Tui {
        child,
        _master: pair.master,
        _writer: writer,
    }
}

/// A walk-in saved by this process, as another desk saves one: through the
/// queue's operation on its own connection (kept open, as a desk's is).
fn save(store: &mut Store, k: usize) {
    let catalog = Catalog::shipped();
    let staff = store.db().staff("L01").expect("roster").expect("L01");
    let who = lobbydesk::ops::person(&staff, &catalog);
    let now = Utc::now();
    let op = Op {
        who: &who,
        now,
        day: now.with_timezone(&support::offset()).date_naive(),
        catalog: &catalog,
    };
    let walkin = lobbydesk::ops::tickets::check_walkin(
        &catalog,
        Lang::En,
        "A",
        "normal",
        &format!("王{k}"),
        &format!("139{k:08}"),
    )
    .unwrap_or_else(|_| panic!("a plain walk-in"));
    store
        .write(|db| lobbydesk::ops::tickets::register_walkin(db, &op, &walkin))
        .expect("save the walk-in");
}

fn walkin(db: &str, home: &Path) {
    let out = Command::new(support::binary())
        .arg("--db")
        .arg(db)
        .args([
            "--as",
            "L01",
            "--lang",
            "en",
            "walkin",
            "add",
            "--service",
            "A",
        ])
        .env("LOBBYDESK_PIN", support::PIN)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .expect("lobbydesk walkin add");
    assert!(out.status.success(), "walkin add: {out:?}");
}

/// Every thread's context switches of process `pid`.
fn wakeups(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("status")).ok())
        .flat_map(|s| {
            s.lines()
                .filter_map(|l| {
                    l.strip_prefix("voluntary_ctxt_switches:")
                        .or_else(|| l.strip_prefix("nonvoluntary_ctxt_switches:"))
                })
                .filter_map(|v| v.trim().parse::<u64>().ok())
                .collect::<Vec<_>>()
        })
        .sum()
}

fn var(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let terminals = var("LOBBYDESK_PROPAGATION_TERMINALS", 32);
    let saves = var("LOBBYDESK_PROPAGATION_SAVES", 10);
    let idle_secs = var("LOBBYDESK_BENCH_IDLE_SECS", 10) as u64;
    let home = tempfile::TempDir::new().expect("a temporary folder");
    let db = home.path().join("branch.db");
    // The demo roster (one business day) and the PIN chosen by a first save.
    let ok = Command::new(support::binary())
        .args(["demo", "--days", "1", "--db"])
        .arg(&db)
        .env("HOME", home.path())
        .output()
        .expect("lobbydesk demo");
    assert!(ok.status.success(), "demo: {ok:?}");
    let (db, mut store, target) = match std::env::var("LOBBYDESK_PROPAGATION_PG") {
        Ok(admin) => on_server(&admin, &db, home.path()),
        Err(_) => {
            let store = Store::open(&db).expect("open the database");
            let db = db.to_string_lossy().into_owned();
            (db, store, "median < 30, max < 100")
        }
    };
    walkin(&db, home.path());
    let texts: Arc<Vec<String>> = Arc::new((1..=saves + 1).map(|k| format!("A{k:03}")).collect());
    let seen: Seen = Arc::default();
    let tuis: Vec<Tui> = (0..terminals)
        .map(|n| start(n, &db, home.path(), Arc::clone(&texts), Arc::clone(&seen)))
        .collect();
    let all_show = |text: &str| {
        let t = Instant::now();
        loop {
            let n = {
                let seen = seen.lock().unwrap();
                (0..terminals)
                    .filter(|n| seen.contains_key(&(*n, text.to_string())))
                    .count()
            };
            if n == terminals {
                return;
            }
            assert!(
                t.elapsed() < WAIT,
                "{text} shown in {n} of {terminals} terminals"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    all_show("A001");
    // The starts' own writes and the looks after them are over.
    std::thread::sleep(Duration::from_secs(5));

    // Idle: every terminal's wakeups, in a window in which no shown minute
    // turns (a turn redraws the waiting times: one wakeup a minute).
    let into = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        % 60_000;
    if into + idle_secs * 1000 > 58_000 {
        std::thread::sleep(Duration::from_millis(61_000 - into));
    }
    let pids: Vec<u32> = tuis.iter().filter_map(|t| t.child.process_id()).collect();
    let before: Vec<u64> = pids.iter().map(|p| wakeups(*p)).collect();
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(idle_secs));
    let secs = started.elapsed().as_secs_f64();
    let idle: Vec<f64> = pids
        .iter()
        .zip(&before)
        .map(|(p, b)| (wakeups(*p) - b) as f64 / secs)
        .collect();

    let mut shown = Samples::default();
    for k in 2..=saves + 1 {
        save(&mut store, k);
        // Committed: from here on any reader may see it.
        let saved = Instant::now();
        let text = format!("A{k:03}");
        all_show(&text);
        let seen = seen.lock().unwrap();
        for n in 0..terminals {
            let at = seen[&(n, text.clone())];
            shown.push(at.saturating_duration_since(saved));
        }
        drop(seen);
        std::thread::sleep(Duration::from_millis(300));
    }
    for mut t in tuis {
        let _ = t.child.kill();
        let _ = t.child.wait();
    }

    println!("| measure | n | p50 | p99 | max | target | met |");
    println!("|---|---:|---:|---:|---:|---|---|");
    let (n, p50, p99, max) = shown.summary();
    let met = if target.starts_with("median") {
        p50 < Duration::from_millis(30) && max < Duration::from_millis(100)
    } else {
        max < Duration::from_secs(1)
    };
    println!(
        "| another process's save shown in every one of {terminals} terminals (32 real binaries in ptys; from the commit in another process) | {n} | {} | {} | {} | {target} | {} |",
        ms(p50),
        ms(p99),
        ms(max),
        if met { "yes" } else { "NO" }
    );
    let worst = idle.iter().cloned().fold(0.0, f64::max);
    let mean = idle.iter().sum::<f64>() / idle.len().max(1) as f64;
    // On a server a desk looks four times a second at what the server sent
    // (no file to watch): its wakeups are those looks.
    let (idle_target, idle_met) = match target.starts_with("median") {
        true => ("0", if worst == 0.0 { "yes" } else { "NO" }),
        false => ("4 looks a second", "—"),
    };
    println!(
        "| idle wakeups per second, every thread, each of {terminals} processes over {idle_secs} s, no minute turning (mean / max) | {} | {mean:.2} | | {worst:.2} | {idle_target} | {idle_met} |",
        idle.len(),
    );
}

/// The demo branch on a new database of the server at `admin`: the lobby
/// manager's login for the terminals, the administrator's session for the
/// saves.
fn on_server(admin: &str, file: &Path, home: &Path) -> (String, Store, &'static str) {
    let name = format!("propagation_{}", std::process::id());
    let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("the server");
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a new database");
    let cut = admin.rfind('/').expect("a URL with a database");
    let url = format!("{}/{name}", &admin[..cut]);
    let copied = Command::new(support::binary())
        .args(["copy", "--from"])
        .arg(file)
        .args(["--to", &url, "--branch", "BJ01"])
        .env("HOME", home)
        .output()
        .expect("lobbydesk copy");
    assert!(copied.status.success(), "copy: {copied:?}");
    let login = format!("{name}_l01");
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("the database");
    c.batch_execute(&format!(
        "SELECT lobbydesk_add_login('{login}', 'BJ01', 'L01'); ALTER ROLE {login} PASSWORD 'pw'"
    ))
    .expect("the lobby manager's login");
    let at = url.rfind('@').expect("a URL with a host");
    let desk = format!("postgresql://{login}:pw@{}", &url[at + 1..]);
    let store = Store::open_server(&url, Some("BJ01")).expect("the saves' session");
    (desk, store, "max < 1000")
}
