//! One way to run SQL on either engine: an SQLite file or a PostgreSQL
//! branch server. A statement is written once where both engines take it
//! (`?1`-style parameters, read as `$1` on the server) and per engine where
//! they differ ([`Q::per_engine`]). Values in and out are those both
//! engines read and write alike: `i64` for integers and flags, `f64`,
//! `String`, `Option` of these; timestamps are UTC seconds and days
//! `YYYY-MM-DD` text on both.

use std::cell::RefCell;

use super::{Db, Result, StoreError};

mod script;
mod session;
mod translate;
mod values;

pub(crate) use script::Script;
pub(crate) use session::{Pg, SETTINGS};
pub use translate::for_server;
use translate::positional;
pub use values::{Arg, Out, Row, Value};

/// On a server, the ids given as one JSON text (`$1`, a list SQLite reads
/// with `json_each`) as an array the primary key is searched with: `WHERE
/// k.id = ANY (…)`. Joined with the JSON's rows instead, the planner guesses
/// their number and scans the whole table.
macro_rules! any_json_id {
    () => {
        "ANY (ARRAY(SELECT CAST(value AS BIGINT)
                   FROM jsonb_array_elements_text(CAST($1 AS TEXT)::jsonb)))"
    };
}
pub(crate) use any_json_id;

/// The arguments of a statement: `args![a, b]`.
#[macro_export]
macro_rules! args {
    () => { &[] as &[&dyn $crate::store::sql::Arg] };
    ($($a:expr),+ $(,)?) => { &[$(&$a as &dyn $crate::store::sql::Arg),+] };
}

/// A statement's text: the same on both engines, or one per engine.
#[derive(Clone, Copy, Debug)]
pub struct Q<'s> {
    lite: &'s str,
    pg: Option<&'s str>,
}

impl<'s> Q<'s> {
    /// Where the engines need different SQL (dates, upserts, aggregates of
    /// flags): the server's text uses `$1`-style parameters.
    pub const fn per_engine(lite: &'s str, pg: &'s str) -> Q<'s> {
        Q { lite, pg: Some(pg) }
    }
}

impl<'s> From<&'s str> for Q<'s> {
    fn from(lite: &'s str) -> Q<'s> {
        Q { lite, pg: None }
    }
}

impl<'s> From<&'s String> for Q<'s> {
    fn from(lite: &'s String) -> Q<'s> {
        Q { lite, pg: None }
    }
}

/// The connection a [`Db`] works on.
#[derive(Clone, Copy)]
pub(crate) enum Conn<'c> {
    Lite(&'c rusqlite::Connection),
    Pg(&'c RefCell<Pg>),
}

impl Db<'_> {
    /// Whether this is a PostgreSQL branch server.
    pub fn on_server(&self) -> bool {
        matches!(self.c, Conn::Pg(_))
    }

    /// The rows of `q`, each read by `read`.
    pub(crate) fn all<'s, T>(
        &self,
        q: impl Into<Q<'s>>,
        args: &[&dyn Arg],
        mut read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(q, args, |r| {
            out.push(read(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Each row of `q`, read as it comes (for reads too long to hold).
    pub(crate) fn each<'s>(
        &self,
        q: impl Into<Q<'s>>,
        args: &[&dyn Arg],
        mut read: impl FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        let q = q.into();
        match self.c {
            Conn::Lite(conn) => {
                let mut stmt = conn.prepare_cached(q.lite)?;
                let mut rows =
                    stmt.query(rusqlite::params_from_iter(args.iter().map(|a| a.lite())))?;
                while let Some(r) = rows.next()? {
                    read(&Row::Lite(r))?;
                }
            }
            Conn::Pg(pg) => {
                // Read before `read` runs: it may ask the server again.
                let rows = pg.borrow_mut().query(q, args)?;
                for r in &rows {
                    read(&Row::Pg(r))?;
                }
            }
        }
        Ok(())
    }

    /// The first row of `q`, if any.
    pub(crate) fn opt<'s, T>(
        &self,
        q: impl Into<Q<'s>>,
        args: &[&dyn Arg],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let q = q.into();
        match self.c {
            Conn::Lite(conn) => {
                let mut stmt = conn.prepare_cached(q.lite)?;
                let mut rows =
                    stmt.query(rusqlite::params_from_iter(args.iter().map(|a| a.lite())))?;
                rows.next()?.map(|r| read(&Row::Lite(r))).transpose()
            }
            Conn::Pg(pg) => {
                // The first row, as SQLite's `query_row` takes it.
                let row = pg.borrow_mut().query(q, args)?.into_iter().next();
                row.map(|r| read(&Row::Pg(&r))).transpose()
            }
        }
    }

    /// The one row `q` gives (an aggregate, say).
    pub(crate) fn one<'s, T>(
        &self,
        q: impl Into<Q<'s>>,
        args: &[&dyn Arg],
        read: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.opt(q, args, read)?.ok_or(StoreError::NoRow)
    }

    /// Run a write; the rows it changed.
    pub(crate) fn run<'s>(&self, q: impl Into<Q<'s>>, args: &[&dyn Arg]) -> Result<u64> {
        let q = q.into();
        match self.c {
            Conn::Lite(conn) => {
                let mut stmt = conn.prepare_cached(q.lite)?;
                Ok(stmt.execute(rusqlite::params_from_iter(args.iter().map(|a| a.lite())))? as u64)
            }
            Conn::Pg(pg) => pg.borrow_mut().execute(q, args),
        }
    }

    /// Run an `INSERT` into a table keyed by `id`; the new row's id.
    pub(crate) fn insert<'s>(&self, q: impl Into<Q<'s>>, args: &[&dyn Arg]) -> Result<i64> {
        let q = q.into();
        match self.c {
            Conn::Lite(conn) => {
                self.run(q, args)?;
                Ok(conn.last_insert_rowid())
            }
            Conn::Pg(_) => {
                let text = format!("{} RETURNING id", q.pg.unwrap_or(q.lite));
                self.one(Q::per_engine(q.lite, &for_server(&text)), args, |r| {
                    r.get(0)
                })
            }
        }
    }
}

impl Db<'_> {
    /// Inside a write on the server, the trail's head as the write knows it
    /// (read as it began, moved by each event it added).
    pub(crate) fn write_head(&self) -> Option<(i64, String)> {
        match self.c {
            Conn::Pg(pg) => pg.borrow().head.clone(),
            Conn::Lite(_) => None,
        }
    }

    /// The event `id` with `hash` was added: inside a write on the server,
    /// the next one chains to it.
    pub(crate) fn set_write_head(&self, id: i64, hash: String) {
        if let Conn::Pg(pg) = self.c {
            let mut pg = pg.borrow_mut();
            if pg.in_write {
                pg.head = Some((id, hash));
            }
        }
    }

    /// Run `f` on one read snapshot: every read sees the same data while
    /// others write (a savepoint on the file, or in a write on the server; a
    /// read-only repeatable-read transaction on the server otherwise).
    pub(crate) fn snapshot<T>(&self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let (begin, commit, rollback) = match self.c {
            Conn::Pg(pg) if !pg.borrow().in_write => (
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                "COMMIT",
                "ROLLBACK",
            ),
            _ => (
                "SAVEPOINT report",
                "RELEASE report",
                "ROLLBACK TO report; RELEASE report",
            ),
        };
        self.batch(begin)?;
        let out = f(self);
        self.batch(if out.is_ok() { commit } else { rollback })?;
        out
    }

    /// Statements without parameters or rows.
    fn batch(&self, sql: &str) -> Result<()> {
        match self.c {
            Conn::Lite(conn) => conn.execute_batch(sql)?,
            Conn::Pg(pg) => {
                let mut pg = pg.borrow_mut();
                if let Some(script) = &mut pg.script {
                    script.batch(sql);
                }
                pg.client.batch_execute(sql)?
            }
        }
        Ok(())
    }

    /// The rows of `sql` with named parameters (`:from`, `:s`, …): each
    /// name in `named` must appear in it.
    pub(crate) fn all_named<T>(
        &self,
        sql: &str,
        named: &[(&str, &dyn Arg)],
        mut read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        match self.c {
            Conn::Lite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let params: Vec<(&str, &dyn rusqlite::ToSql)> =
                    named.iter().map(|(n, a)| (*n, a.lite())).collect();
                let mut rows = stmt.query(params.as_slice())?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(read(&Row::Lite(r))?);
                }
                Ok(out)
            }
            Conn::Pg(_) => {
                let (text, args) = positional(sql, named);
                self.all(Q::per_engine(sql, &text), &args, read)
            }
        }
    }

    /// The one row of `sql` with named parameters.
    pub(crate) fn one_named<T>(
        &self,
        sql: &str,
        named: &[(&str, &dyn Arg)],
        read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<T> {
        self.all_named(sql, named, read)?
            .into_iter()
            .next()
            .ok_or(StoreError::NoRow)
    }
}
