//! What one statement costs on the server, as the desks' own client sends
//! it: the floor every key that asks the server stands on.

use super::support::Samples;
use super::Row;

/// Runs of each statement.
const RUNS: usize = 2000;

/// The head's one round trip (`SELECT 1`) and one row read by its key
/// (row-level security applied), over the default connection (TLS where the
/// server offers it) and without TLS; the same read by the administrator,
/// which row-level security does not apply to. `me` is the head's URL,
/// `admin` the administrator's (of any database of the server).
pub fn rows(admin: &str, me: &str, code: &str) -> Vec<Row> {
    let database = me.rsplit('/').next().expect("a URL with a database");
    let admin = format!("{}/{database}", &admin[..admin.rfind('/').expect("a URL")]);
    let plain = |url: &str| format!("{url}?sslmode=disable");
    let row = "SELECT code, name, roles, counter, active FROM staff WHERE code = $1";
    [
        (
            "one round trip (SELECT 1), the head, TLS",
            me.to_string(),
            "SELECT 1",
        ),
        ("the same, without TLS", plain(me), "SELECT 1"),
        (
            "one row by its key (staff), the head, TLS",
            me.to_string(),
            row,
        ),
        ("the same, without TLS", plain(me), row),
        (
            "the same by the administrator (no row-level security), TLS",
            admin,
            row,
        ),
    ]
    .into_iter()
    .map(|(measure, url, sql)| Row {
        measure: format!("statement: {measure}"),
        samples: time(&url, sql, code),
        target: "—",
        limit_ms: f64::INFINITY,
    })
    .collect()
}

/// `sql` run `RUNS` times on one connection to `url`, after 200 unmeasured.
fn time(url: &str, sql: &str, code: &str) -> Samples {
    let mut client = lobbydesk::store::server::connect(url).expect("the server");
    let statement = client.prepare(sql).expect("prepared");
    let takes_code = sql.contains("$1");
    let mut run = || {
        let args: &[&(dyn postgres::types::ToSql + Sync)] = if takes_code { &[&code] } else { &[] };
        client.query(&statement, args).expect("run");
    };
    for _ in 0..200 {
        run();
    }
    let mut s = Samples::default();
    for _ in 0..RUNS {
        s.time(&mut run);
    }
    s
}
