//! SQLite: opening, numbered migrations, one module per kind of record, the event log.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub mod admin;
pub mod bulk;
pub mod cards;
pub mod clients;
pub mod events;
pub mod plans;
pub mod prospects;
pub mod report;
pub mod staff;
pub mod tickets;

/// `PRAGMA application_id` of a lobbydesk database ("LBDK").
pub const APPLICATION_ID: i64 = 0x4C42_444B;

/// Numbered migrations; schema version N is the first N applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_referrals.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database folder does not exist: {0}")]
    MissingFolder(PathBuf),
    #[error("cannot write the database: {0}")]
    ReadOnly(PathBuf),
    #[error("not a lobbydesk database: {0}")]
    NotLobbydesk(PathBuf),
    #[error("database schema {found} is newer than {supported}")]
    Newer { found: i64, supported: i64 },
    #[error("the database is damaged: {0}")]
    Damaged(PathBuf),
    #[error("the file already exists: {0}")]
    Exists(PathBuf),
    #[error("the database is busy")]
    Locked,
    /// The disk (or the file system's quota) is full: the write was rolled back.
    #[error("the disk is full")]
    Full,
    /// The operating system refused to read or write the file (a disk fault,
    /// a file system gone read-only, a file moved away).
    #[error("disk I/O error: {0}")]
    Io(rusqlite::Error),
    #[error("{0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked,
            // Damage found after opening: the same plain sentence, without a path.
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Damaged(PathBuf::new())
            }
            Some(ErrorCode::DiskFull) => StoreError::Full,
            // The file became unwritable after opening (made read-only, moved
            // or deleted): the plain sentence without a path.
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
                StoreError::ReadOnly(PathBuf::new())
            }
            Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => StoreError::Io(e),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One open lobbydesk database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The queries and writes on a connection; inside [`Store::write`] they share
/// one transaction.
pub struct Db<'c> {
    conn: &'c Connection,
}

impl Store {
    /// Open (creating if needed) and migrate the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_dir() {
            return Err(StoreError::NotLobbydesk(path.to_path_buf()));
        }
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = parent {
            if !dir.is_dir() {
                return Err(StoreError::MissingFolder(dir.to_path_buf()));
            }
        }
        let classify = |e: rusqlite::Error| -> StoreError {
            match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => StoreError::NotLobbydesk(path.to_path_buf()),
                Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path.to_path_buf()),
                Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                    StoreError::ReadOnly(path.to_path_buf())
                }
                _ => StoreError::from(e),
            }
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let existed = path.exists();
        let conn = Connection::open_with_flags(path, flags).map_err(classify)?;
        if !existed {
            // Clients' personal data: the file is readable by its owner only
            // (SQLite gives the -wal and -shm files the same permissions).
            admin::owner_only(path).map_err(|_| StoreError::ReadOnly(path.to_path_buf()))?;
        }
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(classify)?;
        // The first read of the header tells a file that is not a database.
        conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
            .map_err(classify)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(e) => classify(e),
            StoreError::Damaged(_) => StoreError::Damaged(path.to_path_buf()),
            StoreError::ReadOnly(_) => StoreError::ReadOnly(path.to_path_buf()),
            other => other,
        })?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        let conn = &self.conn;
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(StoreError::NotLobbydesk(self.path.clone()));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        self.migrate()
    }

    fn migrate(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads (and single writes) outside a transaction.
    pub fn db(&self) -> Db<'_> {
        Db { conn: &self.conn }
    }

    /// Run `f` in one immediate transaction: all of it is saved, or none.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Db) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let out = f(&Db { conn: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Changes whenever another connection commits: the cue to reload.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// Timestamps are stored as UTC seconds.
pub(crate) fn ts(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn from_ts(s: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(s, 0).unwrap_or_default()
}

impl StoreError {
    /// One plain sentence for the person at the keyboard.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Msg;
        let p = |m: Msg, path: &Path| m.fill(lang, &[("p", &path.display())]);
        match self {
            StoreError::MissingFolder(path) => p(Msg::ErrMissingFolder, path),
            StoreError::ReadOnly(path) if path.as_os_str().is_empty() => {
                Msg::ErrReadOnlyHere.get(lang).to_string()
            }
            StoreError::ReadOnly(path) => p(Msg::ErrReadOnly, path),
            StoreError::Full => Msg::ErrDiskFull.get(lang).to_string(),
            StoreError::Io(_) => Msg::ErrIo.get(lang).to_string(),
            StoreError::NotLobbydesk(path) => p(Msg::ErrNotLobbydesk, path),
            StoreError::Damaged(path) if path.as_os_str().is_empty() => {
                Msg::ErrDamagedHere.get(lang).to_string()
            }
            StoreError::Damaged(path) => p(Msg::ErrDamaged, path),
            StoreError::Newer { found, supported } => {
                Msg::ErrNewer.fill(lang, &[("found", found), ("supported", supported)])
            }
            StoreError::Locked => Msg::ErrLocked.get(lang).to_string(),
            StoreError::Exists(path) => p(Msg::ErrExists, path),
            StoreError::Sqlite(e) => Msg::ErrDatabase.fill(lang, &[("e", e)]),
        }
    }
}
