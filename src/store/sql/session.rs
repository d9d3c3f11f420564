//! One session with the server: its statements prepared once, its branch,
//! what the server told it of its branch's commits, and a new connection
//! when the one it had was lost.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use postgres::Statement;

use super::script::Script;
use super::translate::for_server;
use super::{Arg, Value, Q};
use crate::store::{server, Result, StoreError};

/// How the application's sessions run their statements. They are small and
/// many a second: compiling one is never worth it.
pub(crate) const SETTINGS: &str = "SET jit = off; LISTEN lobbydesk";

/// How often a lost connection is tried again.
const RETRY: Duration = Duration::from_secs(1);

/// A session with the server.
pub(crate) struct Pg {
    pub(crate) client: postgres::Client,
    url: String,
    /// The branch the session named (the administrator, head office), named
    /// again on a new connection.
    chosen: Option<String>,
    statements: HashMap<String, Statement>,
    /// The branch this session works in.
    branch: Option<String>,
    /// Inside a write's transaction.
    pub(crate) in_write: bool,
    /// Inside a write: the trail's newest event (its id and hash; 0 and the
    /// genesis hash before the first), read as the write began and moved by
    /// each event it adds. The write holds the branch's lock, so nobody
    /// else appends.
    pub(crate) head: Option<(i64, String)>,
    /// The branch's commits the server told of: the cue to reload.
    changes: i64,
    /// When a new connection was last tried.
    tried: Option<Instant>,
    /// What the session ran, while it is recorded.
    pub(crate) script: Option<Script>,
    /// The server's process for this connection: the commits it tells of
    /// are this session's own, not news.
    pid: i32,
}

impl Pg {
    /// A session on `client`, signed in at `url`, listening for its
    /// branch's commits.
    pub(crate) fn new(client: postgres::Client, url: &str, chosen: Option<&str>) -> Result<Pg> {
        let mut pg = Pg {
            client,
            url: url.to_string(),
            chosen: chosen.map(str::to_string),
            statements: HashMap::new(),
            branch: None,
            in_write: false,
            head: None,
            changes: 0,
            tried: None,
            script: None,
            pid: 0,
        };
        pg.start()?;
        Ok(pg)
    }

    fn start(&mut self) -> Result<()> {
        if let Some(code) = &self.chosen {
            self.client
                .execute("SELECT set_config('lobbydesk.branch', $1, false)", &[code])?;
        }
        self.client.batch_execute(SETTINGS)?;
        let me = self
            .client
            .query_one("SELECT lobbydesk_branch(), pg_backend_pid()", &[])?;
        (self.branch, self.pid) = (me.get(0), me.get(1));
        Ok(())
    }

    pub(crate) fn set_branch(&mut self, code: &str) -> Result<()> {
        self.chosen = Some(code.to_string());
        self.start()
    }

    /// Whether the connection is gone (the server restarted, the network
    /// fell).
    pub(crate) fn lost(&self) -> bool {
        self.client.is_closed()
    }

    /// A new connection in place of a lost one (tried at most once a
    /// second): what was prepared is prepared again as it is used, and the
    /// screens read everything again.
    pub(crate) fn reconnect(&mut self) -> Result<()> {
        if self.tried.is_some_and(|t| t.elapsed() < RETRY) {
            return Err(StoreError::ConnectionLost);
        }
        self.tried = Some(Instant::now());
        let client = server::connect(&self.url).map_err(|_| StoreError::ConnectionLost)?;
        self.client = client;
        self.statements.clear();
        self.in_write = false;
        self.head = None;
        self.start()?;
        self.tried = None;
        self.changes += 1;
        Ok(())
    }

    /// Whether the write with request id `id`, whose commit the lost
    /// connection left unanswered, was saved: asked on a new connection,
    /// waiting up to `patience` for the server to be back.
    pub(crate) fn was_saved(&mut self, id: &str, patience: Duration) -> Result<bool> {
        let since = Instant::now();
        loop {
            self.tried = None;
            match self.reconnect().and_then(|()| self.saved(id)) {
                Err(StoreError::ConnectionLost) if since.elapsed() < patience => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                done => return done,
            }
        }
    }

    /// Whether the write with request id `id` was saved.
    fn saved(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .client
            .query_opt("SELECT 1 FROM writes WHERE id = $1", &[&id])?
            .is_some())
    }

    /// One more for each commit of the branch told since the last look
    /// (read from what the server sent, without asking it anything); a lost
    /// connection is tried again here, the screens' cue.
    pub(crate) fn changes(&mut self) -> Result<i64> {
        use postgres::fallible_iterator::FallibleIterator;
        if self.lost() {
            self.reconnect()?;
        }
        let mut told = self.client.notifications();
        // A zero timeout lets the connection read what arrived; `iter`
        // alone sees only what an earlier call read.
        let mut news = told.timeout_iter(Duration::ZERO);
        while let Some(n) = news.next()? {
            // An empty notice: a change by a session of no branch.
            let ours = self.branch.as_deref().is_none_or(|b| b == n.payload());
            if n.process_id() != self.pid && (ours || n.payload().is_empty()) {
                self.changes += 1;
            }
        }
        Ok(self.changes)
    }

    /// The rows of `q` run with `args`.
    pub(super) fn query(&mut self, q: Q, args: &[&dyn Arg]) -> Result<Vec<postgres::Row>> {
        let values: Vec<Value> = args.iter().map(|a| a.pg()).collect();
        let stmt = self.prepared(q, &values)?;
        Ok(self.client.query(&stmt, &refs(&values))?)
    }

    /// Run the write `q` with `args`; the rows it changed.
    pub(super) fn execute(&mut self, q: Q, args: &[&dyn Arg]) -> Result<u64> {
        let values: Vec<Value> = args.iter().map(|a| a.pg()).collect();
        let stmt = self.prepared(q, &values)?;
        Ok(self.client.execute(&stmt, &refs(&values))?)
    }

    /// The statement `q`, prepared on first use; run with `values` (noted
    /// in the script while one is recorded).
    fn prepared(&mut self, q: Q, values: &[Value]) -> Result<Statement> {
        let s = self.statement(q)?;
        if let Some(script) = &mut self.script {
            script.execute(s_text(q).as_str(), values);
        }
        Ok(s)
    }

    fn statement(&mut self, q: Q) -> Result<Statement> {
        let key = q.pg.unwrap_or(q.lite);
        if let Some(s) = self.statements.get(key) {
            return Ok(s.clone());
        }
        let text = s_text(q);
        let s = self.client.prepare(&text).inspect_err(|_| {
            if std::env::var_os("LOBBYDESK_SQL_TRACE").is_some() {
                eprintln!("the server refused: {text}");
            }
        })?;
        // A statement with optional filters (`?2 IS NULL OR …`) is prepared
        // again at each run, and so planned for the values it runs with: a
        // plan kept for any values cannot tell which filters are off, and
        // scanned every client to list a few ended follow-ups (2 ms planned
        // for the values, 40-60 ms kept, on five years).
        if !text.contains("IS NULL OR") {
            self.statements.insert(key.to_string(), s.clone());
        }
        Ok(s)
    }
}

/// The server's text of `q`.
fn s_text(q: Q) -> String {
    match q.pg {
        Some(pg) => pg.to_string(),
        None => for_server(q.lite),
    }
}

/// `values` as the client takes them.
fn refs(values: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    values
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}
