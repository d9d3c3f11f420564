//! Moving a branch onto a PostgreSQL server, with the real binary: `init`
//! on a server, `copy` verified, run again without duplicating anything,
//! refused half-way leaving nothing, refused when the file's trail is broken
//! or the branch has worked on the server since; and the plain sentences of
//! a server that cannot be reached or refuses the login.

mod support;

use std::path::Path;
use std::process::Output;

use support::pg::{fresh_db, lobbydesk, TestDb};
use tempfile::TempDir;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A branch's file with a few days of made-up history.
fn branch_file(dir: &TempDir) -> std::path::PathBuf {
    let file = dir.path().join("branch.db");
    let o = lobbydesk(
        dir.path(),
        &["demo", "--days", "3", "--db", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    file
}

fn copy(dir: &TempDir, file: &Path, db: &TestDb, branch: &str) -> Output {
    lobbydesk(
        dir.path(),
        &[
            "copy",
            "--from",
            file.to_str().unwrap(),
            "--to",
            &db.admin_url,
            "--branch",
            branch,
            "--name",
            "城东支行",
        ],
    )
}

fn count(db: &TestDb, sql: &str) -> i64 {
    db.admin_sql(sql).trim().parse().expect("a number")
}

fn sqlite_count(file: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_init_makes_the_schema_once_and_refuses_a_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db("init");
    let o = lobbydesk(dir.path(), &["init", "--db", &db.admin_url]);
    assert!(o.status.success(), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains("The server database is ready"), "{said}");
    let password = db
        .admin_url
        .split('@')
        .next()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap();
    assert!(
        !said.contains(password),
        "the password is never shown: {said}"
    );
    db.admin_sql("UPDATE lobbydesk_schema SET version = version + 1");
    let o = lobbydesk(dir.path(), &["init", "--db", &db.admin_url]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("comes from a newer lobbydesk"),
        "{}",
        text(&o)
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_copy_is_verified_and_a_second_run_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = branch_file(&dir);
    let db = fresh_db("copy");
    let o = copy(&dir, &file, &db, "CD01");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("the chain verified on the server"),
        "{}",
        text(&o)
    );
    for table in [
        "tickets",
        "events",
        "clients",
        "cards",
        "prospects",
        "contacts",
        "staff",
    ] {
        let want = sqlite_count(&file, table);
        assert!(want > 0 || table == "cards", "{table} has rows to copy");
        assert_eq!(
            count(
                &db,
                &format!("SELECT count(*) FROM {table} WHERE branch = 'CD01'")
            ),
            want,
            "{table}"
        );
    }
    let o = copy(&dir, &file, &db, "CD01");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("(0 new this time)"), "{}", text(&o));
    assert_eq!(
        count(&db, "SELECT count(*) FROM tickets"),
        sqlite_count(&file, "tickets")
    );
    // A second branch from the same file keeps its own records.
    let o = copy(&dir, &file, &db, "CD02");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        count(&db, "SELECT count(*) FROM events"),
        2 * sqlite_count(&file, "events")
    );
    let o = lobbydesk(dir.path(), &["doctor", "--db", &db.admin_url]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("CD02: Event chain"), "{}", text(&o));
    // Without its append-only guard, the trail is not in good health.
    db.admin_sql("DROP TRIGGER events_no_delete ON events");
    let o = lobbydesk(dir.path(), &["doctor", "--db", &db.admin_url]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("events_no_delete"), "{}", text(&o));
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_copy_refused_half_way_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = branch_file(&dir);
    let db = fresh_db("half");
    // The server refuses the prospects, which come after the tickets and
    // the events.
    db.admin_sql("ALTER TABLE prospects ADD CONSTRAINT test_refuses CHECK (id < 0) NOT VALID");
    let o = copy(&dir, &file, &db, "CD01");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Nothing was changed on the server"),
        "{}",
        text(&o)
    );
    for table in ["branches", "staff", "tickets", "events", "clients"] {
        assert_eq!(
            count(&db, &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_broken_trail_or_a_branch_that_moved_on_is_not_copied() {
    let dir = tempfile::tempdir().unwrap();
    let file = branch_file(&dir);
    let db = fresh_db("moved");
    assert!(copy(&dir, &file, &db, "CD01").status.success());
    // The branch works on the server: an event the file does not have.
    let mut admin = db.admin();
    let (id, prev): (i64, String) = {
        let r = admin
            .query_one(
                "SELECT id, hash FROM events WHERE branch = 'CD01' ORDER BY id DESC LIMIT 1",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let hash = lobbydesk::store::events::event_hash(
        &prev,
        id + 1,
        1_800_000_000,
        "H01",
        "staff.pin",
        "staff",
        None,
        "{}",
    );
    admin
        .execute(
            "INSERT INTO events (branch, id, at, actor, kind, record, record_id, details, hash)
             VALUES ('CD01', $1, 1800000000, 'H01', 'staff.pin', 'staff', NULL, '{}', $2)",
            &[&(id + 1), &hash],
        )
        .unwrap();
    let tickets = count(&db, "SELECT count(*) FROM tickets");
    let o = copy(&dir, &file, &db, "CD01");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("has worked on the server since"),
        "{}",
        text(&o)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM tickets"), tickets);

    // A file whose trail was rewritten is not copied anywhere.
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "DROP TRIGGER events_no_update; UPDATE events SET actor = 'X' WHERE id = 2;",
    )
    .unwrap();
    drop(conn);
    let o = copy(&dir, &file, &db, "CD09");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("was changed from event 2 on"),
        "{}",
        text(&o)
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM branches WHERE code = 'CD09'"),
        0
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_only_the_administrator_copies_and_a_refused_login_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let file = branch_file(&dir);
    let db = fresh_db("login");
    let login = format!("{}_clerk", db.name);
    db.admin_sql(&format!("CREATE ROLE {login} LOGIN PASSWORD 'right'"));
    db.admin_sql(&format!("GRANT ALL ON DATABASE {} TO {login}", db.name));
    let o = lobbydesk(
        dir.path(),
        &[
            "copy",
            "--from",
            file.to_str().unwrap(),
            "--to",
            &db.url_as(&login, "right"),
            "--branch",
            "CD01",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        text(&o).contains("Only the server's administrator"),
        "{}",
        text(&o)
    );

    let o = lobbydesk(dir.path(), &["init", "--db", &db.url_as(&login, "wrong")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains(&format!("refused the login {login}")),
        "{}",
        text(&o)
    );
    assert!(
        !text(&o).contains("wrong"),
        "the password is not shown: {}",
        text(&o)
    );

    // The password from ~/.pgpass, as every PostgreSQL client finds it.
    let password = db
        .admin_url
        .split('@')
        .next()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap();
    let pgpass = dir.path().join(".pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{}:*:lobby_admin:{password}\n", db.port),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let bare = format!("postgresql://lobby_admin@127.0.0.1:{}/{}", db.port, db.name);
    let o = lobbydesk(dir.path(), &["doctor", "--db", &bare]);
    assert!(o.status.success(), "{}", text(&o));
    // Readable by others, the file is ignored, as libpq ignores it.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = lobbydesk(dir.path(), &["doctor", "--db", &bare]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));

    // Nobody listening: a sentence and exit 1, within the connect timeout.
    let o = lobbydesk(
        dir.path(),
        &["init", "--db", "postgresql://nobody@127.0.0.1:1/none"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("Cannot reach the database server 127.0.0.1:1"),
        "{}",
        text(&o)
    );
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_an_older_server_schema_is_said_plainly_to_a_login_that_cannot_upgrade_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db("older");
    let kiosk = format!("{}_k01", db.name);
    db.admin_sql(&format!(
        "INSERT INTO branches VALUES ('B1', 'B1');
         INSERT INTO staff (branch, code, name, roles) VALUES ('B1', 'K01', 'kiosk', 'kiosk');
         SELECT lobbydesk_add_login('{kiosk}', 'B1', 'K01');
         ALTER ROLE {kiosk} PASSWORD 'pw';
         UPDATE lobbydesk_schema SET version = version - 1"
    ));
    let url = db.url_as(&kiosk, "pw");
    let o = lobbydesk(
        dir.path(),
        &["--db", &url, "walkin", "add", "--service", "A"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("the server's administrator upgrades it with lobbydesk init"),
        "{}",
        text(&o)
    );
    // The administrator's init brings it up to date; then the kiosk works.
    assert!(lobbydesk(dir.path(), &["init", "--db", &db.admin_url])
        .status
        .success());
    let o = lobbydesk(
        dir.path(),
        &["--db", &url, "walkin", "add", "--service", "A"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).starts_with("A001"), "{}", text(&o));
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_kiosk_registers_a_named_walk_in_through_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db("kiosk");
    let kiosk = format!("{}_k01", db.name);
    db.admin_sql(&format!(
        "INSERT INTO branches VALUES ('B1', 'B1');
         INSERT INTO staff (branch, code, name, roles) VALUES
             ('B1', 'K01', 'kiosk', 'kiosk'), ('B1', 'W01', '刘洋', 'wealth');
         INSERT INTO clients (branch, name, mobile, created_at, manager)
             VALUES ('B1', '韩梅梅', '13800001111', 0, 'W01');
         SELECT lobbydesk_add_login('{kiosk}', 'B1', 'K01');
         ALTER ROLE {kiosk} PASSWORD 'pw'"
    ));
    let url = db.url_as(&kiosk, "pw");
    let walkin = |name: &str, mobile: &str| {
        lobbydesk(
            dir.path(),
            &[
                "--db",
                &url,
                "walkin",
                "add",
                "--service",
                "A",
                "--name",
                name,
                "--mobile",
                mobile,
            ],
        )
    };
    // A known client: found by the server, their dedicated manager told.
    let o = walkin("韩梅梅", "13800001111");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM tickets t JOIN clients c ON c.id = t.client_id
             WHERE c.mobile = '13800001111'"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM notices WHERE to_staff = 'W01' AND kind = 'client.arrived'"
        ),
        1
    );
    // Another name for that mobile: refused, nothing saved.
    let o = walkin("李雷", "13800001111");
    assert!(!o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM tickets"), 1);
    // A new client: added, with its event.
    let o = walkin("王五", "13900002222");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 2);
    assert_eq!(
        count(&db, "SELECT count(*) FROM events WHERE kind = 'client.add'"),
        1
    );
}
