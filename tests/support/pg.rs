//! The PostgreSQL half of the tests: a fresh database on the throwaway
//! server that `scripts/test.sh` starts (its administrator's URL in
//! `LOBBYDESK_TEST_PG`), with the server's migrations applied. These tests
//! are `#[ignore]`d, so that `cargo test` alone reports them as not run;
//! run without the server, they fail with a plain sentence.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

/// The administrator's URL of the test server.
pub fn admin_url() -> String {
    std::env::var("LOBBYDESK_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "LOBBYDESK_TEST_PG is not set: these tests need a PostgreSQL server; \
             scripts/test.sh starts a throwaway one"
        )
    })
}

/// One database of the test server, dropped with it.
pub struct TestDb {
    pub name: String,
    /// The administrator's URL of this database.
    pub admin_url: String,
    pub port: u16,
}

/// A new database named after `tag`, with the server's schema.
pub fn fresh_db(tag: &str) -> TestDb {
    static N: AtomicU32 = AtomicU32::new(0);
    let admin = admin_url();
    let name = format!(
        "ld_{}_{}_{}",
        tag.to_lowercase(),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let db = TestDb {
        admin_url: with_db(&admin, &name),
        port: admin
            .rsplit(':')
            .next()
            .and_then(|p| p.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("the test server's URL has a port"),
        name,
    };
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("test server");
    client
        .batch_execute(&format!("CREATE DATABASE {}", db.name))
        .expect("create the test database");
    lobbydesk::store::server::init(&db.admin_url).expect("the server's migrations");
    db
}

/// A new database with branch `branch` on it, and a store working in that
/// branch as the administrator.
pub fn fresh_store(tag: &str, branch: &str) -> (TestDb, lobbydesk::store::Store) {
    let db = fresh_db(tag);
    db.admin_sql(&format!(
        "INSERT INTO branches (code, name) VALUES ('{branch}', '{branch}')"
    ));
    let store = lobbydesk::store::Store::open_server(&db.admin_url, Some(branch))
        .expect("open the branch on the server");
    (db, store)
}

/// Run `scenario` on a file and on branch B1 of a new server database
/// (`tag` names it): what it reads back must be the same, line by line.
pub fn same_on_both(tag: &str, scenario: impl Fn(&mut lobbydesk::store::Store) -> String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let on_file = scenario(&mut super::open_store(&dir));
    let (_db, mut server) = fresh_store(tag, "B1");
    assert!(server.db().on_server());
    let on_server = scenario(&mut server);
    for (i, (s, f)) in on_server.lines().zip(on_file.lines()).enumerate() {
        assert_eq!(s, f, "line {i}");
    }
    assert_eq!(on_server, on_file);
}

/// `url` with its database replaced by `name`.
fn with_db(url: &str, name: &str) -> String {
    let cut = url.rfind('/').expect("a URL with a database");
    format!("{}/{}", &url[..cut], name)
}

impl TestDb {
    /// This database's URL signed in as `login`.
    pub fn url_as(&self, login: &str, password: &str) -> String {
        format!(
            "postgresql://{login}:{password}@127.0.0.1:{}/{}",
            self.port, self.name
        )
    }

    /// A login (named after this database, password `pw`) mapped to `code`
    /// of `branch`: its name.
    pub fn add_login(&self, branch: &str, code: &str) -> String {
        let login = format!("{}_{}", self.name, code.to_lowercase());
        self.admin()
            .batch_execute(&format!(
                "SELECT lobbydesk_add_login('{login}', '{branch}', '{code}');
                 ALTER ROLE {login} PASSWORD 'pw'"
            ))
            .expect("a login");
        login
    }

    /// Run `sql` as the administrator with psql; panics if it fails.
    pub fn admin_sql(&self, sql: &str) -> String {
        let out = psql(&self.admin_url, sql);
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A client of this database as the administrator.
    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.admin_url, postgres::NoTls).expect("test database")
    }
}

/// The real binary in English, its home (config, data, `~/.pgpass`) in
/// `home`, no password from the environment.
pub fn lobbydesk(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lobbydesk"))
        .args(["--lang", "en"])
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("PGPASSWORD")
        .env_remove("PGPASSFILE")
        .output()
        .expect("run lobbydesk")
}

/// The real `psql`, unaligned and without headers, stopping at the first error.
pub fn psql(url: &str, sql: &str) -> Output {
    Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("psql runs")
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&admin_url(), postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
            // Logins belong to the whole server: a test names its own after
            // its database.
            let logins: Vec<String> = c
                .query(
                    "SELECT rolname::text FROM pg_roles WHERE starts_with(rolname, $1)",
                    &[&format!("{}_", self.name)],
                )
                .map(|rows| rows.iter().map(|r| r.get(0)).collect())
                .unwrap_or_default();
            for login in logins {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS {login}"));
            }
        }
    }
}

// ---------------------------------------------------------------- the suites on a server

/// The name of the database of the test whose folder is `dir`.
fn name_of(dir: &tempfile::TempDir) -> String {
    let base = dir.path().file_name().expect("a folder's name");
    let hex: String = base
        .as_encoded_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("ld_t_{hex}")
}

/// A database with the server's schema and branch B1, which each test's
/// database copies: made once a test program.
fn template() -> &'static str {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("ld_template_{}", std::process::id());
        let admin = admin_url();
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("test server");
        for sql in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name}"),
        ] {
            client
                .batch_execute(&sql)
                .expect("make the template database");
        }
        let url = with_db(&admin, &name);
        lobbydesk::store::server::init(&url).expect("the server's migrations");
        let mut t = postgres::Client::connect(&url, postgres::NoTls).expect("template");
        // The branch's lobby desk, as a new SQLite file has it.
        t.batch_execute(
            "INSERT INTO branches (code, name) VALUES ('B1', 'B1');
             INSERT INTO staff (branch, code, name, roles, counter, active)
             VALUES ('B1', 'LOBBY', '大堂经理', 'lobby', NULL, 1)",
        )
        .expect("branch B1 and its lobby desk");
        name
    })
}

/// The administrator's URL of the database of the test whose folder is
/// `dir`, made from the template on first use.
fn url_in(dir: &tempfile::TempDir) -> String {
    static MADE: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let name = name_of(dir);
    let admin = admin_url();
    let mut made = MADE.lock().unwrap();
    if !made.contains(&name) {
        let template = template();
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("test server");
        // The template's last session may still be closing on the server.
        for attempt in 0.. {
            match client.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}")) {
                Ok(()) => break,
                Err(e) if attempt < 50 && e.to_string().contains("other users") => {
                    std::thread::sleep(std::time::Duration::from_millis(100))
                }
                Err(e) => panic!("create {name}: {e}"),
            }
        }
        made.push(name.clone());
    }
    with_db(&admin, &name)
}

/// The test's store on the server: branch B1 of its own database, as the
/// administrator.
pub fn store_in(dir: &tempfile::TempDir) -> lobbydesk::store::Store {
    lobbydesk::store::Store::open_server(&url_in(dir), Some("B1"))
        .expect("open the test's database on the server")
}

/// A plain client of the test's database, as the administrator.
pub fn client_in(dir: &tempfile::TempDir) -> postgres::Client {
    postgres::Client::connect(&url_in(dir), postgres::NoTls).expect("the test's database")
}

/// Every row of the compared tables, as text, in a fixed order.
pub fn table_rows(client: &mut postgres::Client) -> String {
    let mut out = String::new();
    for table in super::TABLES {
        let sql = format!("SELECT t::text FROM {table} t ORDER BY t::text");
        for row in client.query(&sql, &[]).expect("read a table") {
            out.push_str(&format!("{table}: {}\n", row.get::<_, String>(0)));
        }
    }
    out
}

/// Where the test's processes work: its SQLite file, or its own database on
/// the server, where each person signs in with their own login.
pub enum Place {
    File(std::path::PathBuf),
    Server {
        /// Dropped with the test: the database and its logins go.
        _db: TestDb,
        urls: std::collections::BTreeMap<String, String>,
    },
}

impl Place {
    /// The database of the test whose folder is `dir`; on the server, a
    /// login (named after the database) for each of `codes`, mapped to
    /// that code in branch B1.
    pub fn new(dir: &tempfile::TempDir, codes: &[&str]) -> Place {
        if !super::on_server() {
            return Place::File(super::db_path(dir));
        }
        let mut client = client_in(dir);
        let name: String = client
            .query_one("SELECT current_database()::text", &[])
            .expect("the test's database")
            .get(0);
        let admin = admin_url();
        let cut = admin.rfind('/').expect("a URL with a database");
        let port = admin[..cut]
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the test server's URL has a port");
        let db = TestDb {
            admin_url: format!("{}/{name}", &admin[..cut]),
            name,
            port,
        };
        let urls = codes
            .iter()
            .map(|code| (code.to_string(), db.url_as(&db.add_login("B1", code), "pw")))
            .collect();
        Place::Server { _db: db, urls }
    }

    /// What `code`'s processes are given with `--db`.
    pub fn db_for(&self, code: &str) -> std::ffi::OsString {
        match self {
            Place::File(path) => path.into(),
            Place::Server { urls, .. } => urls
                .get(code)
                .unwrap_or_else(|| panic!("{code} has a login"))
                .into(),
        }
    }
}
