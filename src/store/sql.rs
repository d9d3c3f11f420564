//! One way to run SQL on either engine: an SQLite file or a PostgreSQL
//! branch server. A statement is written once where both engines take it
//! (`?1`-style parameters, read as `$1` on the server) and per engine where
//! they differ ([`Q::per_engine`]). Values in and out are those both
//! engines read and write alike: `i64` for integers and flags, `f64`,
//! `String`, `Option` of these; timestamps are UTC seconds and days
//! `YYYY-MM-DD` text on both.

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::Statement;

use super::{Db, Result, StoreError};

/// A value a statement takes, on either engine.
pub trait Arg: rusqlite::ToSql + postgres::types::ToSql + Sync {
    fn lite(&self) -> &dyn rusqlite::ToSql;
    fn pg(&self) -> &(dyn postgres::types::ToSql + Sync);
}

impl<T: rusqlite::ToSql + postgres::types::ToSql + Sync> Arg for T {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        self
    }
    fn pg(&self) -> &(dyn postgres::types::ToSql + Sync) {
        self
    }
}

/// A value a row gives, on either engine.
pub trait Out: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a> {}

impl<T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>> Out for T {}

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

/// A row read, from either engine.
pub enum Row<'a> {
    Lite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl Row<'_> {
    pub fn get<T: Out>(&self, i: usize) -> Result<T> {
        match self {
            Row::Lite(r) => Ok(r.get(i)?),
            Row::Pg(r) => Ok(r.try_get(i)?),
        }
    }
}

/// A connection to the server with its statements prepared once.
pub(crate) struct Pg {
    pub(crate) client: postgres::Client,
    statements: HashMap<String, Statement>,
    /// The branch this session works in.
    branch: Option<String>,
    /// The branch's commits the server told of: the cue to reload.
    changes: i64,
}

impl Pg {
    /// A session listening for its branch's commits.
    pub(crate) fn new(mut client: postgres::Client) -> Result<Pg> {
        client.batch_execute("LISTEN lobbydesk")?;
        let branch = client.query_one("SELECT lobbydesk_branch()", &[])?.get(0);
        Ok(Pg {
            client,
            statements: HashMap::new(),
            branch,
            changes: 0,
        })
    }

    /// One more for each commit of the branch told since the last look
    /// (read from what the server sent, without asking it anything).
    pub(crate) fn changes(&mut self) -> Result<i64> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut told = self.client.notifications();
        // A zero timeout lets the connection read what arrived; `iter`
        // alone sees only what an earlier call read.
        let mut news = told.timeout_iter(std::time::Duration::ZERO);
        while let Some(n) = news.next()? {
            if self.branch.as_deref().is_none_or(|b| b == n.payload()) {
                self.changes += 1;
            }
        }
        Ok(self.changes)
    }

    fn statement(&mut self, q: Q) -> Result<Statement> {
        let key = q.pg.unwrap_or(q.lite);
        if let Some(s) = self.statements.get(key) {
            return Ok(s.clone());
        }
        let text = match q.pg {
            Some(pg) => pg.to_string(),
            None => for_server(q.lite),
        };
        let s = self.client.prepare(&text)?;
        self.statements.insert(key.to_string(), s.clone());
        Ok(s)
    }
}

/// The connection a [`Db`] works on.
#[derive(Clone, Copy)]
pub(crate) enum Conn<'c> {
    Lite(&'c rusqlite::Connection),
    Pg(&'c RefCell<Pg>),
}

fn pg_args<'a>(args: &'a [&'a dyn Arg]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    args.iter().map(|a| a.pg()).collect()
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
                let rows = {
                    let mut pg = pg.borrow_mut();
                    let stmt = pg.statement(q)?;
                    pg.client.query(&stmt, &pg_args(args))?
                };
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
                let row = {
                    let mut pg = pg.borrow_mut();
                    let stmt = pg.statement(q)?;
                    pg.client.query_opt(&stmt, &pg_args(args))?
                };
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
            Conn::Pg(pg) => {
                let mut pg = pg.borrow_mut();
                let stmt = pg.statement(q)?;
                Ok(pg.client.execute(&stmt, &pg_args(args))?)
            }
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

/// A statement written for both engines, as the server reads it: `$1` for
/// `?1` (and for a bare `?`, in order), no SQLite index hints, and `INSERT
/// OR IGNORE` as `ON CONFLICT DO NOTHING`.
pub fn for_server(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let (mut next, mut quoted) = (1, false);
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    digits = next.to_string();
                    next += 1;
                }
                out.push('$');
                out.push_str(&digits);
            }
            c => out.push(c),
        }
    }
    let mut out = strip_index_hints(&out).replace("ON CONFLICT (", "ON CONFLICT (branch, ");
    out = out.replace("ON CONFLICT(", "ON CONFLICT (branch, ");
    if let Some(at) = out.find("INSERT OR IGNORE INTO") {
        out.replace_range(at..at + "INSERT OR IGNORE INTO".len(), "INSERT INTO");
        match out.find(" RETURNING ") {
            Some(r) => out.insert_str(r, " ON CONFLICT DO NOTHING"),
            None => out.push_str(" ON CONFLICT DO NOTHING"),
        }
    }
    out
}

fn strip_index_hints(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("INDEXED BY ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "INDEXED BY ".len()..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::for_server;

    #[test]
    fn shared_sql_as_the_server_reads_it() {
        assert_eq!(
            for_server("SELECT a FROM t INDEXED BY t_day WHERE day = ?1 AND x = '?' AND y = ?12"),
            "SELECT a FROM t  WHERE day = $1 AND x = '?' AND y = $12"
        );
        assert_eq!(
            for_server("INSERT OR IGNORE INTO t (a, b) VALUES (?, ?)"),
            "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        );
    }
}
