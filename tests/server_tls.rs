//! An encrypted connection to the server, as libpq's `sslmode` asks for it,
//! against the throwaway server of `scripts/test.sh`, which offers TLS with a
//! certificate for the name `localhost` signed by a test authority (its
//! folder in `LOBBYDESK_TEST_PG_TLS`): encrypted when asked and when offered;
//! the server proven by its certificate when asked; refused in a sentence,
//! with nothing sent, when it cannot be proven.

mod support;

use std::io::{Read, Write};
use std::path::PathBuf;

use lobbydesk::store::server::connect;
use lobbydesk::store::StoreError;
use support::pg::{fresh_db, lobbydesk, TestDb};

/// The test server's certificate authorities.
fn tls_dir() -> PathBuf {
    PathBuf::from(std::env::var("LOBBYDESK_TEST_PG_TLS").unwrap_or_else(|_| {
        panic!("LOBBYDESK_TEST_PG_TLS is not set: scripts/test.sh starts a server offering TLS")
    }))
}

/// Branch B1 with its head H01, whose login is returned.
fn branch(db: &TestDb) -> String {
    db.admin_sql(
        "INSERT INTO branches VALUES ('B1', '城东支行');
         INSERT INTO staff (branch, code, name, roles, counter) VALUES
             ('B1', 'H01', '周建国', 'head', NULL)",
    );
    db.add_login("B1", "H01")
}

/// The head's URL to `host`, with `query` after it.
fn url(db: &TestDb, head: &str, host: &str, query: &str) -> String {
    format!(
        "postgresql://{head}:pw@{host}:{}/{}?{query}",
        db.port, db.name
    )
}

/// Whether the session at `url` is encrypted, as the server sees it.
fn encrypted(url: &str) -> Result<bool, StoreError> {
    let mut c = connect(url)?;
    let row = c
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap();
    Ok(row.get(0))
}

#[test]
#[ignore = "needs a PostgreSQL server: scripts/test.sh"]
fn pg_tls_each_sslmode_encrypts_and_proves_as_libpq_does() {
    let db = fresh_db("tls");
    let head = branch(&db);
    let ca = tls_dir().join("ca.crt");
    let other = tls_dir().join("other-ca.crt");
    let ca_q =
        |mode: &str, root: &PathBuf| format!("sslmode={mode}&sslrootcert={}", root.display());

    // Offered, taken: the default (prefer) and require encrypt; disable does not.
    let home = tempfile::tempdir().unwrap();
    assert!(encrypted(&url(&db, &head, "127.0.0.1", "")).unwrap());
    assert!(encrypted(&url(&db, &head, "127.0.0.1", "sslmode=require")).unwrap());
    assert!(!encrypted(&url(&db, &head, "127.0.0.1", "sslmode=disable")).unwrap());

    // The server proven: signed by the authority, for the name.
    assert!(encrypted(&url(&db, &head, "localhost", &ca_q("verify-full", &ca))).unwrap());
    assert!(encrypted(&url(&db, &head, "127.0.0.1", &ca_q("verify-ca", &ca))).unwrap());

    // Not for the name the address gives.
    let e = encrypted(&url(&db, &head, "127.0.0.1", &ca_q("verify-full", &ca))).unwrap_err();
    assert!(
        matches!(e, StoreError::TlsName(ref h) if h == "127.0.0.1"),
        "{e:?}"
    );
    // Signed by another authority: refused however it is asked.
    for mode in ["verify-full", "verify-ca", "require"] {
        let e = encrypted(&url(&db, &head, "localhost", &ca_q(mode, &other))).unwrap_err();
        assert!(matches!(e, StoreError::TlsUntrusted(_)), "{mode}: {e:?}");
    }
    // No root certificate to prove it with.
    let missing = home.path().join("none.crt");
    let e = encrypted(&url(
        &db,
        &head,
        "localhost",
        &ca_q("verify-full", &missing),
    ))
    .unwrap_err();
    assert!(matches!(e, StoreError::NoRootCert(_)), "{e:?}");
    let e = encrypted(&url(&db, &head, "localhost", "sslmode=verify-ca")).unwrap_err();
    assert!(matches!(e, StoreError::NoRootCert(_)), "{e:?}");
}

/// `staff list` by the real binary at `url`, its home in `home`: the
/// roster it printed, or the sentence it was refused with (exit code 1).
fn staff_list(home: &std::path::Path, url: &str) -> Result<String, String> {
    let o = lobbydesk(home, &["--db", url, "staff", "list"]);
    match o.status.code() {
        Some(0) => Ok(String::from_utf8_lossy(&o.stdout).into_owned()),
        Some(1) => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
        _ => panic!("{o:?}"),
    }
}

#[test]
#[ignore = "needs a PostgreSQL server: scripts/test.sh"]
fn pg_tls_the_binary_works_over_a_proven_connection_and_refuses_an_unproven_one() {
    let db = fresh_db("tlsbin");
    let head = branch(&db);
    let home = tempfile::tempdir().unwrap();
    let root = format!("sslrootcert={}", tls_dir().join("ca.crt").display());
    let full = format!("sslmode=verify-full&{root}");
    let roster = staff_list(home.path(), &url(&db, &head, "localhost", &full)).unwrap();
    assert!(roster.contains("周建国"), "{roster}");

    let said = staff_list(home.path(), &url(&db, &head, "127.0.0.1", &full)).unwrap_err();
    assert!(said.contains("certificate is not for 127.0.0.1"), "{said}");
    assert!(!said.contains("pw@"), "the password is never shown: {said}");
    let written = db.admin_sql("SELECT count(*) FROM events");
    assert_eq!(
        written.trim(),
        "0",
        "nothing written through the refused connection"
    );

    // libpq's default root certificate, ~/.postgresql/root.crt: with it,
    // require proves the server too, and verify-full needs no sslrootcert.
    let default_root = home.path().join(".postgresql/root.crt");
    std::fs::create_dir_all(default_root.parent().unwrap()).unwrap();
    std::fs::copy(tls_dir().join("other-ca.crt"), &default_root).unwrap();
    let require = url(&db, &head, "localhost", "sslmode=require");
    let said = staff_list(home.path(), &require).unwrap_err();
    assert!(said.contains("could not be proven"), "{said}");
    std::fs::copy(tls_dir().join("ca.crt"), &default_root).unwrap();
    let full = url(&db, &head, "localhost", "sslmode=verify-full");
    assert!(staff_list(home.path(), &full).is_ok());
}

/// A server that answers "no encryption" to the request for it: an
/// address that asks for TLS is refused in a sentence, and the login's
/// password is never sent.
#[test]
fn an_address_asking_for_tls_is_refused_by_a_server_offering_none() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut request = [0u8; 8];
        s.read_exact(&mut request).unwrap();
        s.write_all(b"N").unwrap();
        let mut after = Vec::new();
        let _ = s.read_to_end(&mut after);
        (request, after)
    });
    let url = format!("postgresql://t01:secret@127.0.0.1:{port}/branchdb?sslmode=require");
    let e = connect(&url).err().expect("refused");
    assert!(matches!(e, StoreError::NoTls(_)), "{e:?}");
    let said = e.message(lobbydesk::i18n::Lang::En);
    assert!(said.contains("offers no encrypted connection"), "{said}");
    let (request, after) = server.join().unwrap();
    // The SSLRequest code, 80877103.
    assert_eq!(request, [0, 0, 0, 8, 4, 210, 22, 47]);
    assert!(after.is_empty(), "nothing after the refusal: {after:?}");
}
