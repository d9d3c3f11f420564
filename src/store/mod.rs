//! SQLite: opening, numbered migrations, one module per kind of record, the event log.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub mod admin;
pub mod appointments;
pub mod board;
pub mod bulk;
pub mod campaigns;
pub mod cards;
pub mod client_records;
pub mod clients;
pub mod complaints;
pub mod counter_report;
pub mod counters;
pub mod cross_sell;
pub mod day_figures;
pub mod days;
pub mod dormancy;
mod engine;
pub mod events;
pub mod lost_reasons;
pub mod mine;
pub mod notices;
pub mod pairs;
pub mod plans;
pub mod prospects;
pub mod queue;
#[macro_use]
pub mod report;
pub mod search;
pub mod server;
pub mod service_level;
pub mod settings;
pub mod signin;
pub mod sql;
pub mod staff;
pub mod sweep;
pub mod targets;
pub mod tickets;

/// `PRAGMA application_id` of a lobbydesk database ("LBDK").
pub const APPLICATION_ID: i64 = 0x4C42_444B;

/// Numbered migrations; schema version N is the first N applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_referrals.sql"),
    include_str!("migrations/003_event_chain.sql"),
    include_str!("migrations/004_sign_in.sql"),
    include_str!("migrations/005_settings.sql"),
    include_str!("migrations/006_requests.sql"),
    include_str!("migrations/007_closed_by.sql"),
    include_str!("migrations/008_day_close.sql"),
    include_str!("migrations/009_notices.sql"),
    include_str!("migrations/010_pairs.sql"),
    include_str!("migrations/011_targets.sql"),
    include_str!("migrations/012_counters.sql"),
    include_str!("migrations/013_appointments.sql"),
    include_str!("migrations/014_ticket_transfer.sql"),
    include_str!("migrations/015_client_records.sql"),
    include_str!("migrations/016_complaints.sql"),
    include_str!("migrations/017_campaigns.sql"),
    include_str!("migrations/018_cross_sell.sql"),
    include_str!("migrations/019_search.sql"),
    include_str!("migrations/020_day_figures.sql"),
    include_str!("migrations/021_service_minutes.sql"),
    include_str!("migrations/022_chain_funnel.sql"),
    include_str!("migrations/023_day_targets.sql"),
    include_str!("migrations/024_followup_ends.sql"),
    include_str!("migrations/025_sweep.sql"),
    include_str!("migrations/026_referrer_indexes.sql"),
    include_str!("migrations/027_prospect_grams_listed.sql"),
    include_str!("migrations/028_prospects_client_listed.sql"),
    include_str!("migrations/029_kept_day_keys.sql"),
    include_str!("migrations/030_prospect_grams_listed_again.sql"),
    include_str!("migrations/031_prospects_listed.sql"),
    include_str!("migrations/032_range_indexes.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Statements kept prepared: every statement the screens run on a key or a
/// reload, so that none is prepared again after another pushed it out.
const STATEMENTS: usize = 256;

/// The page cache, in KiB: room for the pages a key reads on a screen (a
/// window of a long list, its clients), so that moving about it does not
/// read them from the file again; small enough that a process stays under
/// 20 MB resident.
const PAGE_CACHE_KIB: i64 = 4 * 1024;

/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database folder does not exist: {0}")]
    MissingFolder(PathBuf),
    #[error("not a server address: {0}")]
    BadAddress(String),
    #[error("cannot reach the server {0}")]
    Unreachable(String),
    /// An address that asks for an encrypted connection, to a server that
    /// offers none.
    #[error("no encrypted connection to the server {0}")]
    NoTls(String),
    /// The server's certificate is not signed by the root certificate.
    #[error("the server {0} could not be verified")]
    TlsUntrusted(String),
    /// The server's certificate is not for the host name of the address.
    #[error("the server's certificate is not for {0}")]
    TlsName(String),
    /// The root certificate to verify the server with cannot be read.
    #[error("cannot read the root certificate {0}")]
    NoRootCert(String),
    #[error("encryption: {0}")]
    Tls(String),
    #[error("the server refused the login {0}")]
    LoginRefused(String),
    #[error("no such database on the server: {0}")]
    NoDatabase(String),
    #[error("not a lobbydesk database on the server: {0}")]
    NotLobbydeskServer(String),
    #[error("the connection to the server was lost")]
    ConnectionLost,
    /// The server's schema is older, and this login may not bring it up to
    /// date.
    #[error("the server's schema {found} is older than {supported}")]
    ServerOlder { found: i64, supported: i64 },
    /// The connection was lost while a write committed, and the write had
    /// been saved.
    #[error("saved before the connection was lost")]
    SavedUnseen,
    /// The connection was lost while a write committed and the server has
    /// not been back since to say whether it was saved.
    #[error("not known whether it was saved")]
    SaveUnknown,
    /// Something the server does not do yet (where, in the store).
    #[error("not yet on the server: {0}")]
    NotOnServerYet(String),
    /// A statement that gives one row gave none.
    #[error("no row")]
    NoRow,
    /// A value missing (NULL) or out of range where one was promised.
    #[error("a value was missing")]
    Missing,
    #[error("{0}")]
    Postgres(postgres::Error),
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

/// One open lobbydesk database: an SQLite file, or a branch on a
/// PostgreSQL server.
pub struct Store {
    engine: Engine,
    path: PathBuf,
    /// The file opened (device, inode): a write checks it is still at `path`.
    file: Option<(u64, u64)>,
    /// Checkpoints wait for [`Store::checkpoint_if_written`].
    deferred: bool,
    /// Written since the last deferred checkpoint.
    unflushed: bool,
}

enum Engine {
    Lite(Connection),
    Pg(Box<std::cell::RefCell<sql::Pg>>),
}

/// The queries and writes on a connection; inside [`Store::write`] they share
/// one transaction.
pub struct Db<'c> {
    c: sql::Conn<'c>,
}

impl Store {
    /// Open (creating if needed) and migrate the database at `path`; a
    /// server's address (`postgresql://…`) opens the login's branch there.
    pub fn open(path: &Path) -> Result<Store> {
        let named = path.to_string_lossy();
        if server::is_server(&named) {
            return Store::open_server(&named, None);
        }
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
        if !path.exists() {
            // Clients' personal data: the file is readable by its owner only
            // (SQLite gives the -wal and -shm files the same permissions).
            admin::create_owner_only(path).map_err(|_| StoreError::ReadOnly(path.to_path_buf()))?;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(classify)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
            .map_err(classify)?;
        // The first read of the header tells a file that is not a database.
        conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
            .map_err(classify)?;
        let mut store = Store {
            engine: Engine::Lite(conn),
            path: path.to_path_buf(),
            file: file_id(path),
            deferred: false,
            unflushed: false,
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
        let conn = self.conn()?;
        // One statement, so one snapshot: another process's migration is
        // seen whole or not at all.
        let (app_id, version, tables): (i64, i64, i64) = conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master WHERE type = 'table')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
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
        // Switching a new file to WAL takes an exclusive lock without calling
        // the busy handler: another process opening it too means try again.
        let started = std::time::Instant::now();
        let mode: String = loop {
            match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
                Err(e)
                    if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => break other?,
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        // Erased values are overwritten where they stood, not left in free space.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;",
        )?;
        self.migrate()
    }

    fn migrate(&mut self) -> Result<()> {
        // A current database is opened without writing: a full disk or a
        // read-only copy can still be read.
        let (version, app_id): (i64, i64) = self.conn()?.query_row(
            "SELECT user_version, application_id FROM pragma_user_version, pragma_application_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if version == SCHEMA_VERSION && app_id == APPLICATION_ID {
            return Ok(());
        }
        let tx = self
            .conn_mut()?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            if i + 1 == events::CHAINED_SINCE_SCHEMA as usize {
                (Db::lite_db(&tx)).chain_existing()?;
            }
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        (Db::lite_db(&tx)).seed_settings()?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The file at `path`, as (device, inode); `None` where that is not known.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

impl<'c> Db<'c> {
    fn lite_db(conn: &'c Connection) -> Db<'c> {
        Db {
            c: sql::Conn::Lite(conn),
        }
    }

    /// The SQLite connection, for what is not yet written for both engines.
    #[track_caller]
    fn lite(&self) -> Result<&'c Connection> {
        match self.c {
            sql::Conn::Lite(conn) => Ok(conn),
            sql::Conn::Pg(_) => Err(StoreError::NotOnServerYet(
                std::panic::Location::caller().to_string(),
            )),
        }
    }

    /// The rows `sql` reads for a JSON array of ids (`?1`), each by its
    /// key, in the order of `ids` (those that are no more, left out): a
    /// window of a list placed beforehand.
    pub(crate) fn rows_by_id<'s, T>(
        &self,
        sql: impl Into<sql::Q<'s>>,
        ids: &[i64],
        read: impl FnMut(&sql::Row) -> Result<T>,
        id: impl Fn(&T) -> i64,
    ) -> Result<Vec<T>> {
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut rows: std::collections::HashMap<i64, T> = self
            .all(sql, crate::args![list], read)?
            .into_iter()
            .map(|t| (id(&t), t))
            .collect();
        Ok(ids.iter().filter_map(|i| rows.remove(i)).collect())
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
            StoreError::BadAddress(url) => Msg::ErrBadAddress.fill(lang, &[("p", url)]),
            StoreError::Unreachable(at) => Msg::ErrUnreachable.fill(lang, &[("p", at)]),
            StoreError::NoTls(at) => Msg::ErrNoTls.fill(lang, &[("p", at)]),
            StoreError::TlsUntrusted(at) => Msg::ErrTlsUntrusted.fill(lang, &[("p", at)]),
            StoreError::TlsName(at) => Msg::ErrTlsName.fill(lang, &[("p", at)]),
            StoreError::NoRootCert(f) => Msg::ErrNoRootCert.fill(lang, &[("p", f)]),
            StoreError::LoginRefused(who) => Msg::ErrLoginRefused.fill(lang, &[("p", who)]),
            StoreError::NoDatabase(url) => Msg::ErrNoDatabase.fill(lang, &[("p", url)]),
            StoreError::NotLobbydeskServer(url) => {
                Msg::ErrNotLobbydeskServer.fill(lang, &[("p", url)])
            }
            StoreError::ConnectionLost => Msg::ErrConnectionLost.get(lang).to_string(),
            StoreError::ServerOlder { found, supported } => {
                Msg::ErrServerOlder.fill(lang, &[("found", found), ("supported", supported)])
            }
            StoreError::SavedUnseen => Msg::ErrSavedUnseen.get(lang).to_string(),
            StoreError::SaveUnknown => Msg::ErrSaveUnknown.get(lang).to_string(),
            StoreError::NotOnServerYet(_)
            | StoreError::NoRow
            | StoreError::Missing
            | StoreError::Tls(_) => Msg::ErrDatabase.fill(lang, &[("e", self)]),
            StoreError::Postgres(e) => {
                let said = e
                    .as_db_error()
                    .map_or_else(|| e.to_string(), |d| d.message().into());
                Msg::ErrDatabase.fill(lang, &[("e", &said)])
            }
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
