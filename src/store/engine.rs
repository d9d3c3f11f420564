//! The store's two engines behind one face: reads, transactions and the
//! cue to reload, on an SQLite file or a branch of a PostgreSQL server.

use std::cell::RefCell;
use std::path::PathBuf;

use rusqlite::{Connection, TransactionBehavior};

use super::sql::{Conn, Pg, Script, SETTINGS};
use super::{file_id, server, Db, Engine, Result, Store, StoreError};

impl Store {
    /// A branch on the PostgreSQL server at `url`, its schema brought up to
    /// date. A staff login works in its own branch; the administrator or a
    /// head-office login names one with `branch`.
    pub fn open_server(url: &str, branch: Option<&str>) -> Result<Store> {
        let mut client = server::connect(url)?;
        server::migrate(&mut client, url)?;
        Ok(Store {
            engine: Engine::Pg(Box::new(RefCell::new(Pg::new(client, url, branch)?))),
            path: PathBuf::from(server::shown(url)),
            file: None,
            deferred: false,
            unflushed: false,
        })
    }

    /// On a server, work in branch `code` from now on (the administrator or
    /// a head-office login; a branch's own login stays in its branch).
    pub fn set_branch(&mut self, code: &str) -> Result<()> {
        match &mut self.engine {
            Engine::Lite(_) => Err(not_yet()),
            Engine::Pg(pg) => pg.get_mut().set_branch(code),
        }
    }

    /// On a server, note every statement run from now on, to be had as a
    /// psql script with [`Store::recorded_sql`] (nothing on a file).
    pub fn record_sql(&mut self) {
        if let Engine::Pg(pg) = &mut self.engine {
            pg.get_mut().script = Some(Script::default());
        }
    }

    /// What was run since [`Store::record_sql`], as a script psql runs:
    /// the session's settings, then each statement prepared as the
    /// application prepares it and executed with the same values.
    pub fn recorded_sql(&mut self) -> Option<String> {
        match &mut self.engine {
            Engine::Pg(pg) => Some(format!(
                "{SETTINGS};\n{}",
                pg.get_mut().script.take()?.take()
            )),
            Engine::Lite(_) => None,
        }
    }

    /// The SQLite connection, for what only a file has.
    #[track_caller]
    pub(super) fn conn(&self) -> Result<&Connection> {
        match &self.engine {
            Engine::Lite(conn) => Ok(conn),
            Engine::Pg(_) => Err(not_yet()),
        }
    }

    #[track_caller]
    pub(super) fn conn_mut(&mut self) -> Result<&mut Connection> {
        match &mut self.engine {
            Engine::Lite(conn) => Ok(conn),
            Engine::Pg(_) => Err(not_yet()),
        }
    }

    /// Reads (and single writes) outside a transaction.
    pub fn db(&self) -> Db<'_> {
        match &self.engine {
            Engine::Lite(conn) => Db::lite_db(conn),
            Engine::Pg(pg) => Db { c: Conn::Pg(pg) },
        }
    }

    /// Run `f` in one transaction: all of it is saved, or none. A branch's
    /// writes run one at a time on either engine (the file's lock; the
    /// branch's lock on the server), so what `f` reads stays true until it
    /// commits.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Db) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        // A file deleted or replaced since opening: what is written now would
        // be lost with the old file's WAL.
        if self.file.is_some() && file_id(&self.path) != self.file {
            return Err(StoreError::ReadOnly(PathBuf::new()).into());
        }
        match &mut self.engine {
            Engine::Lite(conn) => {
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(StoreError::from)?;
                let out = f(&Db::lite_db(&tx))?;
                tx.commit().map_err(StoreError::from)?;
                self.unflushed = self.deferred;
                Ok(out)
            }
            Engine::Pg(pg) => write_on_server(pg, f),
        }
    }

    /// For an interactive session: no checkpoint inside a commit, where the
    /// key that saved would wait for it; [`Store::checkpoint_if_written`]
    /// does it when the person pauses.
    pub fn defer_checkpoints(&mut self) -> Result<()> {
        if let Engine::Lite(conn) = &self.engine {
            conn.pragma_update(None, "wal_autocheckpoint", 0)?;
            self.deferred = true;
        }
        Ok(())
    }

    /// Copy what was written from the WAL into the database file, if this
    /// connection wrote since the last time (with deferred checkpoints). A
    /// checkpoint that fails loses nothing: the next one tries again.
    pub fn checkpoint_if_written(&mut self) -> Result<()> {
        if let (true, Engine::Lite(conn)) = (self.unflushed, &self.engine) {
            conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
            self.unflushed = false;
        }
        Ok(())
    }

    /// Changes whenever another connection commits: the cue to reload.
    /// On a server, whenever the branch commits (told by the server).
    pub fn data_version(&self) -> Result<i64> {
        match &self.engine {
            Engine::Lite(conn) => Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?),
            Engine::Pg(pg) => pg.borrow_mut().changes(),
        }
    }
}

#[track_caller]
fn not_yet() -> StoreError {
    StoreError::NotOnServerYet(std::panic::Location::caller().to_string())
}

/// A write on the server, in one transaction with its request id. A
/// connection lost before the commit loses the write (the person is told,
/// and does it again); one lost while committing is asked about on a new
/// connection: a write saved is said so, never applied again.
fn write_on_server<T, E: From<StoreError>>(
    pg: &mut RefCell<Pg>,
    f: impl FnOnce(&Db) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let session = pg.get_mut();
    if session.lost() {
        session.reconnect()?;
    }
    let id = request_id();
    // One round trip: the transaction, the branch's lock, the request id,
    // and the trail's head the write's first event chains to (for those
    // who write the trail).
    let begun = session.client.simple_query(&format!(
        "BEGIN; SELECT pg_advisory_xact_lock(hashtext(lobbydesk_branch()));
         INSERT INTO writes (id, at) VALUES ('{id}', extract(epoch FROM now())::bigint);
         SELECT h.id, h.hash FROM lobbydesk_chain_head() h
         WHERE lobbydesk_staff_branch() IS NOT NULL OR lobbydesk_administrator()"
    ));
    // The head's row (the lock's row comes first).
    session.head = begun
        .map_err(StoreError::from)?
        .iter()
        .find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) if r.columns()[0].name() == "id" => {
                Some((r.get(0)?.parse().ok()?, r.get(1)?.to_string()))
            }
            _ => None,
        });
    session.in_write = true;
    let out = f(&Db { c: Conn::Pg(pg) });
    let session = pg.get_mut();
    session.in_write = false;
    session.head = None;
    let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
    match session.client.batch_execute(end).map_err(StoreError::from) {
        Ok(()) => out,
        // Lost while committing: saved or not, the server knows.
        Err(StoreError::ConnectionLost) if out.is_ok() => {
            Err(match session.was_saved(&id, COMMIT_PATIENCE) {
                Ok(true) => StoreError::SavedUnseen,
                Ok(false) => StoreError::ConnectionLost,
                Err(_) => StoreError::SaveUnknown,
            }
            .into())
        }
        Err(e) if out.is_ok() => Err(e.into()),
        Err(_) => out,
    }
}

/// How long a write whose commit went unanswered waits for the server to
/// be back and say whether it was saved.
const COMMIT_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// A write's request id: 128 random bits, in hex.
fn request_id() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        bytes = (now.as_nanos() ^ u128::from(std::process::id()) << 96).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
