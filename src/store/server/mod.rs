//! A PostgreSQL branch server: its address, signing in to it, and its own
//! numbered migrations. Several branches share one server: each record
//! carries its branch, and the server's row-level security shows a login
//! its own branch only.

use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config};

use super::{Result, StoreError};

pub mod copy;
pub mod pgpass;
pub mod tls;

/// The server's numbered migrations; schema version N is the first N applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_schema.sql"),
    include_str!("migrations/002_security.sql"),
    include_str!("migrations/003_policies.sql"),
    include_str!("migrations/004_helpers.sql"),
    include_str!("migrations/005_notify.sql"),
    include_str!("migrations/006_shared_sql.sql"),
    include_str!("migrations/007_writes.sql"),
    include_str!("migrations/008_identity_plans.sql"),
    include_str!("migrations/009_notify_every_change.sql"),
    include_str!("migrations/010_trail_ends.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The triggers that keep a server's event trail append-only and chained.
pub const TRAIL_TRIGGERS: [&str; 4] = [
    "events_no_update",
    "events_no_delete",
    "events_no_truncate",
    "events_chain",
];

/// The trail's triggers missing on the server.
pub fn missing_trail_triggers(
    client: &mut impl postgres::GenericClient,
) -> Result<Vec<&'static str>> {
    let present: Vec<String> = client
        .query(
            "SELECT tgname::text FROM pg_trigger
             WHERE tgrelid = to_regclass('public.events') AND NOT tgisinternal",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(TRAIL_TRIGGERS
        .into_iter()
        .filter(|t| !present.iter().any(|p| p == t))
        .collect())
}

/// The advisory lock a migration holds, so that two first starts migrate
/// one after the other ("LBDK").
const MIGRATION_LOCK: i64 = 0x4C42_444B;

/// How long signing in waits for an unreachable server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether `db` names a server rather than a file.
pub fn is_server(db: &str) -> bool {
    ["postgres://", "postgresql://"]
        .iter()
        .any(|scheme| db.starts_with(scheme))
}

/// The address without its password, for a sentence on screen.
pub fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let auth = &url[s + 3..at];
            let user = auth.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// Sign in to the server at `url` (a libpq-style URL) as every PostgreSQL
/// client does: what the URL leaves out comes from `PGHOST`, `PGPORT`,
/// `PGUSER` and `PGDATABASE`, the password from `PGPASSWORD` or `~/.pgpass`.
pub fn connect(url: &str) -> Result<Client> {
    let bad = || StoreError::BadAddress(shown(url));
    let (rest, tls) = tls::split(url).ok_or_else(bad)?;
    let mut config: Config = rest.parse().map_err(|_| bad())?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if config.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(h) if h.starts_with('/') => config.host_path(h),
            Some(h) => config.host(&h),
            None => config.host_path("/var/run/postgresql"),
        };
    }
    if config.get_ports().is_empty() {
        let port = env("PGPORT").and_then(|p| p.parse().ok()).unwrap_or(5432);
        config.port(port);
    }
    let user = config.get_user().unwrap_or_default().to_string();
    if config.get_dbname().is_none() {
        config.dbname(&env("PGDATABASE").unwrap_or_else(|| user.clone()));
    }
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => String::new(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    if config.get_password().is_none() {
        let db = config.get_dbname().unwrap_or_default().to_string();
        if let Some(p) = pgpass::password(&host, port, &db, &user) {
            config.password(p);
        }
    }
    let unix = matches!(
        config.get_hosts().first(),
        Some(postgres::config::Host::Unix(_))
    );
    let mode = tls.ssl_mode(unix);
    config
        .ssl_mode(mode)
        .connect_timeout(CONNECT_TIMEOUT)
        .application_name("lobbydesk");
    let connected = match mode {
        postgres::config::SslMode::Disable => config.connect(postgres::NoTls),
        _ => config.connect(tls.connector()?),
    };
    connected.map_err(|e| {
        if let Some(refused) = tls::refusal(&e, &host) {
            return refused;
        }
        let code = e.as_db_error().map(|d| d.code().clone());
        match code {
            Some(c)
                if c == SqlState::INVALID_PASSWORD
                    || c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                StoreError::LoginRefused(user.clone())
            }
            Some(c) if c == SqlState::UNDEFINED_DATABASE => StoreError::NoDatabase(shown(url)),
            Some(_) => StoreError::Postgres(e),
            // Refused before the server said anything: no password to give.
            None if e.to_string().contains("password missing") => {
                StoreError::LoginRefused(user.clone())
            }
            None => StoreError::Unreachable(format!("{host}:{port}")),
        }
    })
}

/// Bring the server's schema to this version (in one transaction, one
/// process at a time); a newer schema is refused, a database holding other
/// tables is not taken over. Returns the version found before.
pub fn migrate(client: &mut Client, url: &str) -> Result<i64> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    let found = version(&mut tx, url)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(found);
    }
    if found == 0 {
        tx.batch_execute("CREATE TABLE lobbydesk_schema (version BIGINT NOT NULL)")?;
        tx.execute("INSERT INTO lobbydesk_schema VALUES (0)", &[])?;
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // Only the administrator brings a server's schema up to date.
        tx.batch_execute(sql).map_err(|e| match e.code() {
            Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE && found > 0 => {
                StoreError::ServerOlder {
                    found,
                    supported: SCHEMA_VERSION,
                }
            }
            _ => StoreError::from(e),
        })?;
        tx.execute(
            "UPDATE lobbydesk_schema SET version = $1",
            &[&(i as i64 + 1)],
        )?;
    }
    tx.commit()?;
    Ok(found)
}

/// The schema version of the database at `url` (0 for an empty one).
pub fn version_of(client: &mut impl postgres::GenericClient, url: &str) -> Result<i64> {
    version(client, url)
}

fn version(tx: &mut impl postgres::GenericClient, url: &str) -> Result<i64> {
    let (ours, tables): (bool, i64) = {
        let row = tx.query_one(
            "SELECT to_regclass('public.lobbydesk_schema') IS NOT NULL,
                    (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')",
            &[],
        )?;
        (row.get(0), row.get(1))
    };
    match (ours, tables) {
        (true, _) => Ok(tx
            .query_one("SELECT version FROM lobbydesk_schema", &[])?
            .get(0)),
        (false, 0) => Ok(0),
        (false, _) => Err(StoreError::NotLobbydeskServer(shown(url))),
    }
}

/// Connect and migrate: `lobbydesk init --db postgresql://…`.
pub fn init(url: &str) -> Result<i64> {
    let mut client = connect(url)?;
    migrate(&mut client, url)
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        let going = [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
        ];
        let lost = match e.as_db_error() {
            Some(d) => going.contains(d.code()),
            None => {
                e.is_closed()
                    || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>())
            }
        };
        if lost {
            StoreError::ConnectionLost
        } else {
            StoreError::Postgres(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn the_password_is_never_shown() {
        assert_eq!(
            shown("postgresql://w01:s3cret@lobby-server:5432/branchdb"),
            "postgresql://w01@lobby-server:5432/branchdb"
        );
        assert_eq!(
            shown("postgresql://lobby-server/branchdb"),
            "postgresql://lobby-server/branchdb"
        );
    }
}
