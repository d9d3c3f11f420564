//! The line panes read again only what a change touches: after cards arrive,
//! are accepted, closed and passed on, by this person or another on the same
//! file, each pane lists exactly what reading it whole lists, in the same
//! order, its selection on its card.

mod support;

use lobbydesk::app::{Action, App, Input, Tab};
use lobbydesk::i18n::Lang;
use lobbydesk::store::staff::Staff;

use support::*;

const WEALTH: usize = 1;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("C01", "陈刚", "credit"),
    ]
}

/// As the teller on `app`: a walk-in referred to the line of `need` (2 the
/// wealth line); the card's id.
fn card_from(fx: &mut Fixture, teller: App, name: &str, mobile: &str, need: char) -> App {
    let manager = std::mem::replace(&mut fx.app, teller);
    let n = fx.walkin('A', '1', name, mobile);
    fx.select(&n);
    fx.act(Action::Referral);
    fx.input(Input::Char(need));
    fx.input(Input::Char('y'));
    fx.type_text("想了解产品");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    std::mem::replace(&mut fx.app, manager)
}

/// Each pane of `app` lists what its line's whole read lists.
fn same_as_whole(app: &App, step: &str) {
    let since = app.clock.start_of_today();
    for pane in &app.lines {
        let whole = app.store.db().line_cards(&pane.line, since).unwrap();
        assert_eq!(pane.cards, whole, "{step}: pane {}", pane.line);
    }
}

#[test]
fn a_pane_patched_lists_what_a_whole_read_lists() {
    let mut fx = Fixture::new(Lang::Zh, "T01", &branch());
    let mut teller = fx.switch_to("W01");
    for (i, (name, mobile)) in [("李雷", "13800000001"), ("韩梅", "13800000002")]
        .into_iter()
        .enumerate()
    {
        teller = card_from(&mut fx, teller, name, mobile, '2');
        fx.advance(1);
        fx.act(Action::Tick);
        same_as_whole(&fx.app, &format!("card {i} arrived"));
    }
    fx.act(Action::GoTab(WEALTH));
    assert_eq!(fx.app.tab, Tab::Line(0));
    // Accept the newest; the selection stays on it as it moves down the list.
    fx.act(Action::Top);
    let first = fx.app.lines[0].selected_card().unwrap().id;
    fx.act(Action::Accept);
    same_as_whole(&fx.app, "accepted");
    assert_eq!(fx.app.lines[0].selected_card().map(|c| c.id), Some(first));
    assert_eq!(fx.app.lines[0].new_count(), 1);
    // Another card arrives from the teller's process; then its ticket moves on.
    teller = card_from(&mut fx, teller, "赵强", "13800000003", '2');
    fx.advance(1);
    fx.act(Action::Tick);
    same_as_whole(&fx.app, "a third card arrived");
    assert_eq!(fx.app.lines[0].new_count(), 2);
    assert_eq!(fx.app.lines[0].cards.len(), 3);
    drop(teller);
}
