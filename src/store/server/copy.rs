//! Moving a branch: its whole SQLite history copied into the server in one
//! transaction, then counted and its event trail's chain verified there
//! before anything is committed. Run again, it copies the file again and
//! duplicates nothing; it refuses when the branch has worked on the server
//! since, where copying again would lose that work.

use std::io::Write;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Transaction};
use rusqlite::types::ValueRef;

use super::super::events::{event_hash, ChainCheck, GENESIS};
use super::super::{Result, Store, StoreError};

/// What a copy did, and what it found on the server afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Copied {
    /// (table, rows) of the branch on the server, in the file's table order.
    pub tables: Vec<(String, i64)>,
    /// Events copied now (0 when the server had them all).
    pub new_events: i64,
    /// The chain as verified on the server.
    pub chain: ChainCheck,
}

/// Why a copy was refused: nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the file's event trail is broken at event {0}")]
    SourceBroken(i64),
    #[error("the branch has worked on the server since it was copied")]
    Diverged,
    #[error("the copy does not match the file: {0}")]
    Mismatch(String),
    #[error("only the server's administrator copies a branch")]
    NotAdministrator,
    #[error("a branch code is letters, digits, '-' or '_': {0}")]
    BadBranch(String),
}

impl From<postgres::Error> for CopyError {
    fn from(e: postgres::Error) -> Self {
        CopyError::Store(e.into())
    }
}

/// Copy the branch in `store` to the server as `branch` (named `name` if the
/// server does not know it yet).
pub fn copy(
    store: &Store,
    client: &mut Client,
    url: &str,
    branch: &str,
    name: &str,
) -> std::result::Result<Copied, CopyError> {
    if branch.is_empty()
        || !branch
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(CopyError::BadBranch(branch.to_string()));
    }
    let source = store.db().verify_chain()?;
    if let Some(bad) = source.first_bad {
        return Err(CopyError::SourceBroken(bad));
    }
    let tables = source_tables(store)?;
    let administrator: bool = client
        .query_one(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )?
        .get(0);
    if !administrator {
        return Err(CopyError::NotAdministrator);
    }
    super::migrate(client, url)?;
    let mut tx = client.transaction()?;
    // Triggers are the server's, for the application's writes: the file's
    // derived rows and columns are copied as they are, checked afterwards.
    tx.batch_execute("SET LOCAL session_replication_role = replica")?;
    tx.execute(
        "SELECT set_config('lobbydesk.branch', $1, true)",
        &[&branch],
    )?;
    // The branch's writers wait for the copy, as for any write of theirs.
    tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&branch])?;
    let on_server = server_events(&mut tx, branch)?;
    if on_server > source.events as i64 || !same_event(store, &mut tx, branch, on_server)? {
        return Err(CopyError::Diverged);
    }
    tx.execute(
        "INSERT INTO branches (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING",
        &[&branch, &name],
    )?;
    for (table, columns) in &tables {
        if table == "events" {
            copy_rows(store, &mut tx, table, columns, Some(on_server))?;
        } else {
            tx.execute(
                &format!("DELETE FROM {table} WHERE branch = $1"),
                &[&branch],
            )?;
            copy_rows(store, &mut tx, table, columns, None)?;
        }
        advance_sequence(&mut tx, table)?;
    }
    let (tables, chain) = verify(store, &mut tx, branch, &tables, &source)?;
    tx.commit()?;
    Ok(Copied {
        tables,
        new_events: source.events as i64 - on_server,
        chain,
    })
}

/// Tables of the file that the server does without: a number series the
/// file's name grams are cut with (the server has `generate_series`).
const FILE_ONLY: &[&str] = &["name_positions"];

/// The file's tables and their columns, in the file's order.
fn source_tables(store: &Store) -> Result<Vec<(String, Vec<String>)>> {
    let conn = store.conn()?;
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .filter(|t| !FILE_ONLY.contains(&t.as_str()))
        .map(|t| {
            let columns = conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                .query_map([&t], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok((t, columns))
        })
        .collect()
}

/// The branch's events on the server.
fn server_events(tx: &mut Transaction, branch: &str) -> Result<i64> {
    Ok(tx
        .query_one(
            "SELECT coalesce(max(id), 0) FROM events WHERE branch = $1",
            &[&branch],
        )?
        .get(0))
}

/// Whether the server's event `id` is the file's (true when there is none).
fn same_event(store: &Store, tx: &mut Transaction, branch: &str, id: i64) -> Result<bool> {
    if id == 0 {
        return Ok(true);
    }
    let ours: Option<String> =
        store
            .conn()?
            .query_row("SELECT hash FROM events WHERE id = ?1", [id], |r| r.get(0))?;
    let theirs: Option<String> = tx
        .query_one(
            "SELECT hash FROM events WHERE branch = $1 AND id = $2",
            &[&branch, &id],
        )?
        .get(0);
    Ok(ours == theirs)
}

/// Stream a table's rows (events after `after`) into the server.
fn copy_rows(
    store: &Store,
    tx: &mut Transaction,
    table: &str,
    columns: &[String],
    after: Option<i64>,
) -> Result<()> {
    let list = columns.join(", ");
    let mut read = match after {
        Some(_) => store
            .conn()?
            .prepare(&format!("SELECT {list} FROM {table} WHERE id > ?1"))?,
        None => store
            .conn()?
            .prepare(&format!("SELECT {list} FROM {table}"))?,
    };
    let mut rows = read.query(rusqlite::params_from_iter(after))?;
    let mut writer = tx.copy_in(&format!("COPY {table} ({list}) FROM STDIN"))?;
    let mut line = String::new();
    while let Some(r) = rows.next()? {
        line.clear();
        for i in 0..columns.len() {
            if i > 0 {
                line.push('\t');
            }
            field(&mut line, r.get_ref(i)?);
        }
        line.push('\n');
        writer
            .write_all(line.as_bytes())
            .map_err(|_| StoreError::ConnectionLost)?;
    }
    writer.finish()?;
    Ok(())
}

/// One value in COPY's text format.
fn field(out: &mut String, v: ValueRef) {
    match v {
        ValueRef::Null => out.push_str("\\N"),
        ValueRef::Integer(i) => out.push_str(&i.to_string()),
        ValueRef::Real(f) => out.push_str(&f.to_string()),
        ValueRef::Text(t) => escape(out, &String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => {
            out.push_str("\\\\x");
            for byte in b {
                out.push_str(&format!("{byte:02x}"));
            }
        }
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
}

/// New ids on the server follow every branch's copied ones.
fn advance_sequence(tx: &mut Transaction, table: &str) -> Result<()> {
    let seq = format!("{table}_id_seq");
    let exists: bool = tx
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&seq])?
        .get(0);
    if exists {
        tx.execute(
            &format!(
                "SELECT setval($1::text::regclass, greatest((SELECT coalesce(max(id), 0) FROM {table}),
                                            (SELECT last_value FROM {seq})))"
            ),
            &[&seq],
        )?;
    }
    Ok(())
}

/// Count the branch's rows on the server against the file's, and walk its
/// chain there: the copy is committed only if both hold.
fn verify(
    store: &Store,
    tx: &mut Transaction,
    branch: &str,
    tables: &[(String, Vec<String>)],
    source: &ChainCheck,
) -> std::result::Result<(Vec<(String, i64)>, ChainCheck), CopyError> {
    let mut counted = Vec::new();
    for (table, _) in tables {
        let ours: i64 = store
            .conn()?
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(StoreError::from)?;
        let theirs: i64 = tx
            .query_one(
                &format!("SELECT count(*) FROM {table} WHERE branch = $1"),
                &[&branch],
            )?
            .get(0);
        if ours != theirs {
            return Err(CopyError::Mismatch(format!(
                "{table}: {ours} in the file, {theirs} on the server"
            )));
        }
        counted.push((table.clone(), theirs));
    }
    let chain = server_chain(tx, branch)?;
    if chain.first_bad.is_some() || chain.head != source.head || chain.events != source.events {
        return Err(CopyError::Mismatch(format!(
            "the event trail's chain (head {} on the server, {} in the file)",
            short(&chain.head),
            short(&source.head)
        )));
    }
    Ok((counted, chain))
}

/// The branch's chain as the server holds it, recomputed event by event.
pub fn server_chain(tx: &mut Transaction, branch: &str) -> Result<ChainCheck> {
    let mut check = ChainCheck {
        head: GENESIS.to_string(),
        ..ChainCheck::default()
    };
    let mut rows = tx.query_raw(
        "SELECT id, at, actor, kind, record, record_id, details, hash
         FROM events WHERE branch = $1 ORDER BY id",
        [branch],
    )?;
    while let Some(r) = rows.next()? {
        let hash = event_hash(
            &check.head,
            r.get(0),
            r.get(1),
            r.get(2),
            r.get(3),
            r.get(4),
            r.get(5),
            r.get(6),
        );
        check.follow(r.get(0), r.get(7), hash);
    }
    Ok(check)
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}
