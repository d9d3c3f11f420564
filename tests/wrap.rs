//! Text that wraps in a pane (a client's history, a card's details) never
//! runs a wide character across the pane's right border, whatever its
//! length: each row of the screen keeps its borders and hides no cell.

mod support;

use lobbydesk::app::{Action, App};
use lobbydesk::config::Catalog;
use lobbydesk::i18n::Lang;
use lobbydesk::store::prospects::Contact;
use support::*;

/// The Follow-ups tab comes after the lobby and the two line panes (key 4).
const FOLLOWUPS: usize = 3;

#[test]
fn a_long_chinese_history_keeps_the_panes_borders() {
    for lang in [Lang::Zh, Lang::En] {
        let fx = Fixture::new(
            lang,
            "H01",
            &[
                manager("H01", "周建", "head"),
                manager("W01", "刘洋", "wealth"),
                teller("T01", "王芳", 1),
            ],
        );
        let now = fx.clock.now();
        let today = fx.clock.today();
        open_store(&fx.dir)
            .write(|db| consenting_prospect(db, ("杜诺", "18200005420"), "W01", today, now))
            .unwrap();
        let prospect: i64 = raw(&fx.dir)
            .query_row("SELECT id FROM prospects", [], |r| r.get(0))
            .unwrap();
        open_store(&fx.dir)
            .write(|db| {
                // Summaries of every length from 20 to 31 characters: one of
                // them puts a character on the pane's last cell at any width.
                for n in 20..32 {
                    let summary: String =
                        "电话约客户来网点有兴趣要再考虑发送新产品资料看看下月资金情况再说"
                            .chars()
                            .take(n)
                            .collect();
                    db.add_contact(&Contact {
                        prospect_id: prospect,
                        at: now - chrono::Duration::minutes(40 - n as i64),
                        by: "W01".into(),
                        channel: "phone".into(),
                        summary,
                        result: "有兴趣，要再考虑".into(),
                        next_step: String::new(),
                        next_due: None,
                    })?;
                }
                Ok::<_, lobbydesk::store::StoreError>(())
            })
            .unwrap();
        let store = open_store(&fx.dir);
        let me = store.db().staff("H01").unwrap().unwrap();
        let mut app = App::new(store, fx.clock.clone(), Catalog::shipped(), lang, me).unwrap();
        app.update(Action::GoTab(FOLLOWUPS));
        for (w, h) in [(80, 40), (81, 40), (120, 40)] {
            let (text, problems) = draw_checked(&app, w, h);
            assert!(problems.is_empty(), "{w}×{h}:\n{text}\n{problems:?}");
            assert!(text.contains("电话约客户"), "{text}");
        }
    }
}
