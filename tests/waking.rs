//! Waking on change: a process shows another's save when the file system
//! tells of the write, without a polling tick (the safety tick set ten
//! minutes apart here), and an idle process with nothing changing sleeps.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use lobbydesk::store::staff::Staff;
use lobbydesk::store::Store;
use support::pty::{sandbox_cmd, Spawn, BIN};

fn branch(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("branch.db");
    let mut store = Store::open(&db).expect("create the database");
    let lobby = Staff {
        code: "L01".into(),
        name: "陈静".into(),
        roles: vec!["lobby".into()],
        counter: None,
        active: true,
    };
    store.write(|db| db.put_staff(&lobby)).expect("roster");
    db
}

/// The process's wakeups: the voluntary and involuntary context switches of
/// every one of its threads (the event loop, the watch, the watchdog).
fn wakeups(pid: i32) -> u64 {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let Ok(status) = std::fs::read_to_string(task.unwrap().path().join("status")) else {
            continue; // a thread that ended meanwhile
        };
        total += status
            .lines()
            .filter_map(|l| {
                l.strip_prefix("voluntary_ctxt_switches:")
                    .or_else(|| l.strip_prefix("nonvoluntary_ctxt_switches:"))
            })
            .filter_map(|v| v.trim().parse::<u64>().ok())
            .sum::<u64>();
    }
    total
}

#[test]
fn another_processs_save_wakes_a_process_without_a_polling_tick() {
    // Inherited by the pseudo-terminal's process (the only test here).
    std::env::set_var("LOBBYDESK_SAFETY_TICK_MS", "600000");
    let dir = tempfile::TempDir::new().unwrap();
    let db = branch(dir.path());
    let mut tui = Spawn::new(120, 40, dir.path())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "--as", "L01"])
        .unset("LC_ALL")
        .unset("LC_MESSAGES")
        .start();
    tui.wait_for("陈静");
    // The start's own writes (and the looks after them, up to 3 s) are over.
    std::thread::sleep(Duration::from_millis(4500));
    // A window in which no shown minute turns.
    let into = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        % 60_000;
    if into > 55_000 {
        std::thread::sleep(Duration::from_millis(61_000 - into as u64));
    }

    // Idle, nothing changing, no minute turning: no thread of the process
    // wakes at all.
    let before = wakeups(tui.pid());
    std::thread::sleep(Duration::from_secs(3));
    let idle = wakeups(tui.pid()) - before;
    eprintln!("idle: {idle} wakeups in 3 s");
    assert_eq!(idle, 0, "{idle} wakeups in 3 s of idleness");

    for n in 1..=3 {
        let mut kiosk = Command::new(BIN);
        sandbox_cmd(&mut kiosk, dir.path());
        let out = kiosk
            .arg("--db")
            .arg(&db)
            .args([
                "--lang",
                "en",
                "--as",
                "L01",
                "walkin",
                "add",
                "--service",
                "A",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let saved = Instant::now();
        let number = format!("A00{n}");
        tui.wait_until(&number, Duration::from_secs(2), |s| s.contains(&number));
        let took = saved.elapsed();
        eprintln!("{number} shown after {took:?}");
        assert!(took < Duration::from_millis(1000), "{number} took {took:?}");
    }
    tui.send("q");
}
