//! A common surname finds more clients than the Clients tab lists: it lists
//! the latest visitors first, at most `app::clients::LIMIT`, and says so in
//! its title, in both languages; a search that finds fewer says nothing more.

mod support;

use lobbydesk::app::clients::LIMIT;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::i18n::Lang;
use support::*;

fn search(fx: &mut Fixture, q: &str) {
    fx.go(Tab::Clients);
    fx.act(Action::Filter);
    // The form opens on the last search.
    for _ in 0..8 {
        fx.input(Input::Backspace);
    }
    fx.type_text(q);
    fx.input(Input::Submit);
}

#[test]
fn a_common_name_lists_the_latest_visitors_and_says_so() {
    for (lang, said) in [
        (Lang::Zh, "最近来访前 100 位"),
        (Lang::En, "latest 100 visitors"),
    ] {
        let mut fx = Fixture::lobby(lang);
        let db = raw(&fx.dir);
        let now = t0().timestamp();
        for i in 0..LIMIT as i64 + 20 {
            db.execute(
                "INSERT INTO clients (name, mobile, created_at, visits, last_visit)
                 VALUES (?1, ?2, ?3, 1, ?4)",
                rusqlite::params![format!("王{i:03}"), format!("139{i:08}"), now, now - i * 60],
            )
            .unwrap();
        }
        db.execute(
            "INSERT INTO clients (name, mobile, created_at) VALUES ('李四', '13900009999', ?1)",
            [now],
        )
        .unwrap();
        fx.app.reload().unwrap();

        search(&mut fx, "王");
        let found = &fx.app.clients.found;
        assert_eq!(found.len(), LIMIT);
        assert_eq!(
            found[0].client.name.as_deref(),
            Some("王000"),
            "latest first"
        );
        assert!(fx.screen(80, 24).contains(said), "{}", fx.screen(80, 24));

        search(&mut fx, "李");
        assert_eq!(fx.app.clients.found.len(), 1);
        assert!(!fx.screen(80, 24).contains(said));
    }
}
