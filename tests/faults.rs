//! Faults while the application runs: the disk fills up, the file system
//! turns read-only, the database file is deleted. Each time the person at the
//! desk gets a plain sentence (never SQLite's own words), the application
//! stays usable for reading (tabs switch, screens draw, a reload works), and
//! nothing already saved is lost.
//!
//! A full disk and a file system gone read-only need a small file system of
//! their own, mounted for the test (tmpfs; ext4 on a loop device). That takes
//! root: where `mount` is not permitted, those tests print a note and pass
//! without checking anything.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use lobbydesk::app::{Action, App, Input};
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::store::{Store, StoreError};
use support::{beijing, mins, render, t0};
use tempfile::TempDir;

// ---------------------------------------------------------------- helpers

/// The application on the database at `path`, as the lobby manager.
fn app_on(path: &Path, lang: Lang) -> App {
    let store = Store::open(path).expect("open the store");
    let me = store
        .db()
        .staff("LOBBY")
        .expect("read the roster")
        .expect("the lobby manager is on the roster");
    App::new(
        store,
        Clock::fixed(t0(), beijing()),
        Catalog::shipped(),
        lang,
        me,
    )
    .expect("start the app")
}

/// Register a walk-in through the form, as typed at the desk. `Ok(number)`
/// when the app said it was registered; `Err(message)` when it refused (the
/// form is then cancelled).
fn walkin(app: &mut App, name: &str, mobile: &str) -> Result<String, String> {
    app.update(Action::NewWalkin);
    assert!(app.form.is_some(), "n opens the walk-in form");
    for input in [
        Input::Next,
        Input::Next,
        Input::Paste(name.into()),
        Input::Next,
        Input::Paste(mobile.into()),
        Input::Submit,
    ] {
        app.update(Action::Form(input));
    }
    let flash = app.flash.clone().expect("saving says something");
    if flash.error {
        assert!(app.form.is_some(), "a refused walk-in keeps its form");
        support::discard(app);
        return Err(flash.text);
    }
    assert!(app.form.is_none(), "a saved walk-in closes its form");
    let t = app.lobby.selected_ticket().expect("the new ticket");
    assert!(flash.text.contains(&t.number), "{}", flash.text);
    Ok(t.number.clone())
}

/// A message is a plain sentence of ours, not SQLite's words.
fn assert_plain(text: &str) {
    for raw in [
        "Database error",
        "数据库错误",
        "SQLITE",
        "sqlite",
        "disk I/O error",
        "database or disk is full",
        "attempt to write a readonly database",
        "panicked",
    ] {
        assert!(
            !text.contains(raw),
            "a raw error reached the screen: {text}"
        );
    }
}

/// Every tab switches and draws (at 80×24 and 120×40, without layout
/// problems), a reload after a minute works, and the numbers `saved` are on
/// the lobby's screen.
fn assert_readable(app: &mut App, saved: &[String]) {
    let tabs = app.tabs().len();
    for i in (0..tabs).chain([0]) {
        app.update(Action::GoTab(i));
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = render(app, w, h);
            assert!(
                !screen.contains("--- layout problems ---"),
                "tab {i} at {w}×{h}:\n{screen}"
            );
        }
        if let Some(f) = &app.flash {
            assert_plain(&f.text);
        }
    }
    app.clock.advance(mins(1));
    app.update(Action::Tick);
    if let Some(f) = &app.flash {
        assert!(!f.error, "reading failed after the fault: {}", f.text);
    }
    let shown: Vec<String> = app
        .lobby
        .rows
        .iter()
        .map(|r| r.ticket.number.clone())
        .collect();
    for n in saved {
        assert!(shown.contains(n), "{n} is still shown: {shown:?}");
    }
    let screen = render(app, 120, 40);
    if let Some(last) = saved.last() {
        assert!(
            screen.contains(last.as_str()),
            "{last} on screen:\n{screen}"
        );
    }
}

/// Numbers of the tickets in the database at `path`, read on a connection of
/// its own (read-only: nothing is written to check).
fn stored_numbers(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open read-only");
    support::ticket_numbers(&conn)
}

fn integrity(path: &Path) -> String {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn run(cmd: &str, args: &[&str]) -> Result<String, String> {
    match Command::new(cmd).args(args).output() {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).trim().to_string()),
        Ok(o) => Err(format!(
            "{cmd} {args:?}: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(format!("{cmd}: {e}")),
    }
}

/// A small file system mounted for one test; unmounted when dropped.
struct Mounted {
    dir: PathBuf,
    /// Holds the mount point (and a loop image) until after the unmount.
    _tmp: TempDir,
}

impl Mounted {
    /// A tmpfs of `kb` KiB, or why not.
    fn tmpfs(kb: u32) -> Result<Mounted, String> {
        let tmp = TempDir::new().map_err(|e| e.to_string())?;
        let dir = tmp.path().join("mnt");
        std::fs::create_dir(&dir).map_err(|e| e.to_string())?;
        let size = format!("size={kb}k,mode=0700");
        run(
            "mount",
            &["-t", "tmpfs", "-o", &size, "tmpfs", dir.to_str().unwrap()],
        )?;
        Ok(Mounted { dir, _tmp: tmp })
    }

    /// ext4 on a loop device of `mb` MiB that turns read-only on its first
    /// error, or why not.
    fn ext4(mb: u32) -> Result<Mounted, String> {
        let tmp = TempDir::new().map_err(|e| e.to_string())?;
        let image = tmp.path().join("disk.img");
        let file = std::fs::File::create(&image).map_err(|e| e.to_string())?;
        file.set_len(u64::from(mb) << 20)
            .map_err(|e| e.to_string())?;
        drop(file);
        let dir = tmp.path().join("mnt");
        std::fs::create_dir(&dir).map_err(|e| e.to_string())?;
        run("mkfs.ext4", &["-q", "-F", image.to_str().unwrap()])?;
        run(
            "mount",
            &[
                "-o",
                "loop,errors=remount-ro",
                image.to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
        )?;
        Ok(Mounted { dir, _tmp: tmp })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Make the ext4 file system fail as a failing disk does: the kernel
    /// remounts it read-only, and every write to it fails from then on.
    fn fail_ext4(&self) -> Result<(), String> {
        let source = run(
            "findmnt",
            &["-n", "-o", "SOURCE", self.dir.to_str().unwrap()],
        )?;
        let dev = Path::new(&source)
            .file_name()
            .ok_or("no device")?
            .to_string_lossy()
            .to_string();
        let knob = format!("/sys/fs/ext4/{dev}/trigger_fs_error");
        std::fs::write(&knob, "lobbydesk fault test\n").map_err(|e| format!("{knob}: {e}"))?;
        let options = run(
            "findmnt",
            &["-n", "-o", "OPTIONS", self.dir.to_str().unwrap()],
        )?;
        if options.split(',').any(|o| o == "ro" || o == "emergency_ro") {
            Ok(())
        } else {
            Err(format!("still writable after the error: {options}"))
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let dir = self.dir.to_str().unwrap();
        if run("umount", &[dir]).is_err() {
            let _ = run("umount", &["-l", dir]);
        }
    }
}

fn skip(what: &str, why: &str) {
    eprintln!("note: {what} not checked here: {why}");
}

// ---------------------------------------------------------------- disk full

#[test]
fn a_full_disk_gets_a_plain_message_and_the_app_stays_readable() {
    let disk = match Mounted::tmpfs(1024) {
        Ok(m) => m,
        Err(why) => return skip("a full disk", &why),
    };
    let db = disk.path("lobby.db");
    let mut app = app_on(&db, Lang::En);
    // Keep a little room in reserve, to free once the disk is full.
    let filler = disk.path("filler");
    std::fs::write(&filler, vec![7u8; 128 * 1024]).unwrap();

    let mut saved = Vec::new();
    let mut refusal = None;
    for i in 0..2000 {
        let name = format!("客户{i:04} Fill The Disk Please");
        let mobile = format!("139{i:08}");
        match walkin(&mut app, &name, &mobile) {
            Ok(n) => saved.push(n),
            Err(text) => {
                refusal = Some((text, name, mobile));
                break;
            }
        }
    }
    let (text, name, mobile) = refusal.expect("a 1 MiB disk fills up");
    assert!(
        saved.len() >= 3,
        "some walk-ins were saved first: {saved:?}"
    );
    assert_eq!(text, StoreError::Full.message(Lang::En), "a plain sentence");
    assert_plain(&text);
    assert!(text.contains("disk is full"), "{text}");
    assert!(StoreError::Full.message(Lang::Zh).contains("磁盘已满"));

    // Still full: the same walk-in tried again is refused the same way, and
    // nothing half-done shows.
    assert_eq!(walkin(&mut app, &name, &mobile), Err(text.clone()));
    assert_readable(&mut app, &saved);
    assert_eq!(stored_numbers(&db), saved, "exactly what was said saved");

    // Room again: work goes on, nothing lost, the file is sound.
    std::fs::remove_file(&filler).unwrap();
    let next = walkin(&mut app, "王芳", "13800000000").expect("saved once there is room");
    saved.push(next);
    drop(app);
    assert_eq!(integrity(&db), "ok");
    assert_eq!(stored_numbers(&db), saved, "reopened: every saved walk-in");
}

/// On a disk that filled up while one terminal has the database open, a
/// second terminal (or `lobbydesk report`) can still open it to read.
#[test]
fn a_full_disk_does_not_stop_opening_to_read() {
    let disk = match Mounted::tmpfs(1024) {
        Ok(m) => m,
        Err(why) => return skip("a full disk", &why),
    };
    let db = disk.path("lobby.db");
    let mut app = app_on(&db, Lang::En);
    let saved = vec![walkin(&mut app, "王芳", "13800000000").expect("saved")];
    fill(&disk.path("filler"));
    let second = app_on(&db, Lang::En);
    let shown: Vec<String> = second
        .lobby
        .rows
        .iter()
        .map(|r| r.ticket.number.clone())
        .collect();
    assert_eq!(shown, saved);
    drop(app);
}

/// Write a file until the disk has no room left.
fn fill(path: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let block = vec![7u8; 4096];
    while f.write_all(&block).and_then(|()| f.flush()).is_ok() {}
}

// ---------------------------------------------------------------- read-only

#[test]
fn a_file_system_gone_read_only_gets_a_plain_message_and_keeps_what_was_saved() {
    let disk = match Mounted::ext4(8) {
        Ok(m) => m,
        Err(why) => return skip("a read-only file system", &why),
    };
    let db = disk.path("lobby.db");
    let mut app = app_on(&db, Lang::Zh);
    let mut saved = Vec::new();
    for i in 0..3 {
        saved.push(walkin(&mut app, "李雷", &format!("1370000000{i}")).expect("saved"));
    }
    if let Err(why) = disk.fail_ext4() {
        drop(app);
        return skip("a read-only file system", &why);
    }

    let text = walkin(&mut app, "韩梅梅", "13700000009").expect_err("nothing can be written");
    assert_plain(&text);
    let plain = [
        StoreError::Io(rusqlite::Error::InvalidQuery).message(Lang::Zh),
        StoreError::ReadOnly(PathBuf::new()).message(Lang::Zh),
    ];
    assert!(plain.contains(&text), "one of our sentences: {text}");
    // A step of the life cycle is refused the same plain way.
    app.update(Action::Top);
    app.update(Action::Divert);
    app.update(Action::Form(Input::Submit));
    let f = app.flash.clone().expect("the divert says something");
    assert!(f.error, "{}", f.text);
    assert_plain(&f.text);

    assert_readable(&mut app, &saved);
    assert_eq!(stored_numbers(&db), saved, "what was saved is still there");
    drop(app);
}

// ---------------------------------------------------------------- deleted

/// What happens to a write after the file is deleted: saved (and then shown),
/// or refused with a plain sentence.
#[test]
fn a_deleted_database_file_leaves_the_app_readable_without_a_raw_error() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("lobby.db");
    let mut app = app_on(&db, Lang::En);
    let mut saved = Vec::new();
    for i in 0..3 {
        saved.push(walkin(&mut app, "Li Lei", &format!("1360000000{i}")).expect("saved"));
    }
    std::fs::remove_file(&db).unwrap();

    match walkin(&mut app, "Han Meimei", "13600000009") {
        Ok(n) => saved.push(n),
        Err(text) => {
            assert_plain(&text);
            assert!(
                text == StoreError::ReadOnly(PathBuf::new()).message(Lang::En)
                    || text == StoreError::Io(rusqlite::Error::InvalidQuery).message(Lang::En),
                "{text}"
            );
        }
    }
    assert_readable(&mut app, &saved);
}

/// A write after the file was deleted goes to a file nobody can open again:
/// it is gone when the application quits. It must be refused with a plain
/// sentence instead of "Registered".
#[test]
fn a_write_after_the_file_is_deleted_is_refused_not_lost() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("lobby.db");
    let mut app = app_on(&db, Lang::En);
    walkin(&mut app, "Li Lei", "13600000001").expect("saved");
    std::fs::remove_file(&db).unwrap();
    let after = walkin(&mut app, "Han Meimei", "13600000009");
    assert_eq!(
        after,
        Err(StoreError::ReadOnly(PathBuf::new()).message(Lang::En)),
        "a walk-in that cannot be kept is not reported as saved"
    );
}

// ---------------------------------------------------------------- classification

/// SQLite's codes for a full disk, a read-only file and an I/O error become
/// plain sentences in both languages.
#[test]
fn sqlite_fault_codes_become_plain_sentences() {
    use rusqlite::ffi;
    let err = |code: i32| {
        StoreError::from(rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            Some("raw words".into()),
        ))
    };
    let cases = [
        (ffi::SQLITE_FULL, Msg::ErrDiskFull),
        (ffi::SQLITE_READONLY, Msg::ErrReadOnlyHere),
        (ffi::SQLITE_READONLY_DBMOVED, Msg::ErrReadOnlyHere),
        (ffi::SQLITE_IOERR, Msg::ErrIo),
        (ffi::SQLITE_IOERR_WRITE, Msg::ErrIo),
        (ffi::SQLITE_IOERR_FSYNC, Msg::ErrIo),
    ];
    for (code, msg) in cases {
        for lang in [Lang::En, Lang::Zh] {
            let text = err(code).message(lang);
            assert_eq!(text, msg.get(lang), "code {code}");
            assert!(!text.contains("raw words"), "{text}");
        }
    }
    // Opening a file that cannot be written still names the file.
    let at_open = StoreError::ReadOnly(PathBuf::from("/x/lobby.db")).message(Lang::En);
    assert!(at_open.contains("/x/lobby.db"), "{at_open}");
}
