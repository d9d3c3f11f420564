//! Waking on a change of the database: the file system tells (inotify,
//! through `notify`) when the database file or its `-wal` file is written
//! by any process, and a byte on a pipe wakes the event loop's `poll`; the
//! loop then asks `PRAGMA data_version` what changed. Nothing polls.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::path::{Path, PathBuf};

use notify::{RecursiveMode, Watcher};

/// A watch on one database file; dropped, it stops.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    read: File,
}

impl Watch {
    /// Watch `db` (its folder, for the file and its `-wal`); `None` where the
    /// file system cannot tell (the loop then looks on its safety tick).
    pub fn new(db: &Path) -> Option<Watch> {
        let db = std::fs::canonicalize(db).ok()?;
        let dir = db.parent()?.to_path_buf();
        let mut wal = db.clone().into_os_string();
        wal.push("-wal");
        let names: [PathBuf; 2] = [db.clone(), PathBuf::from(wal)];
        let mut fds = [0; 2];
        // SAFETY: `fds` is a valid array of two ints for the call.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) } != 0 {
            return None;
        }
        // SAFETY: both ends were just opened and are owned here alone.
        let (read, mut write) = unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) };
        let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            let Ok(e) = e else { return };
            if matches!(e.kind, notify::EventKind::Access(_)) {
                return;
            }
            if e.paths.iter().any(|p| names.contains(p)) {
                // A full pipe already holds a wake: nothing lost.
                let _ = write.write(&[1]);
            }
        })
        .ok()?;
        watcher.watch(&dir, RecursiveMode::NonRecursive).ok()?;
        Some(Watch {
            _watcher: watcher,
            read,
        })
    }

    /// The file the event loop waits on: readable after a change.
    pub fn fd(&self) -> RawFd {
        self.read.as_raw_fd()
    }

    /// Take every wake waiting on the pipe.
    pub fn drain(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.read).read(&mut buf), Ok(n) if n > 0) {}
    }
}
