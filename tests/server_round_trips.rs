//! What a desk's save costs on a branch server, in statements. Each is a
//! round trip, and the key that saves waits for every one of them: the
//! save's own (its rules' reads, its writes, its events) and the reads that
//! show the result. A statement added to the common saves shows here.

mod support;

use lobbydesk::app::App;
use lobbydesk::clock::Clock;
use lobbydesk::config::Catalog;
use lobbydesk::i18n::Lang;
use support::{beijing, t0, Fixture};

/// The lobby manager's desk on a database of its own on the server.
fn lobby_on_server() -> Fixture {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    let store = support::pg::store_in(&dir);
    let me = store
        .db()
        .staff("LOBBY")
        .unwrap()
        .expect("the lobby manager");
    let clock = Clock::fixed(t0(), beijing());
    let app = App::new(store, clock.clone(), Catalog::shipped(), Lang::En, me).expect("the app");
    Fixture { dir, clock, app }
}

/// The statements `f` ran, each line of the recorded script that executes
/// one (the write's begin and commit are sent with no statement of their
/// own to prepare, and are not counted).
fn statements(fx: &mut Fixture, f: impl FnOnce(&mut Fixture)) -> Vec<String> {
    fx.app.store.record_sql();
    f(fx);
    let script = fx.app.store.recorded_sql().expect("recorded on the server");
    script
        .lines()
        .filter(|l| l.starts_with("EXECUTE") || l.starts_with("PREPARE"))
        .map(str::to_string)
        .collect()
}

#[test]
#[ignore = "needs PostgreSQL: scripts/test.sh starts a server"]
fn pg_a_walkin_saved_and_shown_takes_at_most_its_statements() {
    let mut fx = lobby_on_server();
    // The first: the statements are prepared, the day read. Then 14: the
    // save's 5 (the day still open, the service's last number, the ticket,
    // read back, its event) and the lobby's 9 (what changed, the open
    // tickets, the paused counters, the last calls, the recent service
    // times, the finished tickets, the day's figures, the appointments,
    // the cross-sell prompts). It was 25 before the notices were asked
    // only when one was written and the open tickets read once.
    fx.walkin('A', '1', "", "");
    let walkin = statements(&mut fx, |fx| {
        fx.walkin('A', '1', "", "");
    });
    let executed = walkin.iter().filter(|l| l.starts_with("EXECUTE")).count();
    assert!(
        executed <= 14,
        "a walk-in saved and shown: {executed} statements\n{}",
        walkin.join("\n")
    );
}
