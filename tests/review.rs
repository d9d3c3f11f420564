//! The end-of-day review tab and the closing sweep, driven through `App`.

mod support;

use lobbydesk::app::review::SweepItem;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::i18n::{Lang, Msg};
use support::*;

const REVIEW_TAB: usize = 6;

fn snap(fx: &Fixture, name: &str, w: u16, h: u16) {
    insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", fx.lang()), fx.screen(w, h));
}

fn snap_sizes(fx: &Fixture, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        snap(fx, name, w, h);
    }
}

/// A morning: two walk-ins served at counter 1, one still waiting, one
/// referral card left open on the wealth line.
fn morning(lang: Lang) -> Fixture {
    let staff = [
        teller("T01", "王芳", 1),
        manager("W01", "刘洋", "wealth"),
        manager("H01", "周建国", "head"),
    ];
    let mut fx = Fixture::new(lang, "T01", &staff);
    fx.walkin('A', '1', "李雷", "13800000001");
    fx.walkin('A', '1', "韩梅梅", "13800000002");
    fx.walkin('C', '1', "", "");
    for i in 0..2 {
        fx.advance(4);
        fx.act(Action::Call);
        fx.act(Action::Start);
        if i == 0 {
            // At the counter, a referral for 李雷: need 2 (wealth product), consent yes.
            fx.act(Action::Referral);
            fx.input(Input::Char('2'));
            fx.input(Input::Char('y'));
            fx.type_text("想了解理财");
            fx.input(Input::Submit);
            assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
        }
        fx.advance(5);
        fx.act(Action::Finish);
    }
    fx
}

#[test]
fn the_review_shows_the_days_figures() {
    for lang in [Lang::Zh, Lang::En] {
        let mut fx = morning(lang);
        fx.act(Action::GoTab(REVIEW_TAB));
        assert_eq!(fx.app.tab, Tab::Review);
        let r = fx.app.review.report.clone().expect("figures computed");
        assert_eq!(r.date_from, "2026-11-23");
        assert_eq!(r.visits.arrived, 3);
        assert_eq!(r.visits.served, 2);
        assert_eq!(r.visits.waiting, 1);
        assert_eq!(r.referrals.created, 1);
        // A001 waited 4 minutes, A002 4 + 5 + 4 = 13; C001 still waits 18.
        assert_eq!(r.waits.all.max_minutes, 18.0);
        let t01 = r
            .staff
            .iter()
            .find(|s| s.code == "T01")
            .expect("T01 did things");
        assert_eq!((t01.referrals, t01.served), (1, 2));
        snap_sizes(&fx, "review");

        // `[` and `]` move a day; an empty day reports zeros.
        fx.act(Action::PrevDay);
        let r = fx.app.review.report.clone().unwrap();
        assert_eq!(r.date_from, "2026-11-22");
        assert_eq!((r.visits.arrived, r.referrals.created), (0, 0));
        fx.act(Action::NextDay);
        assert_eq!(fx.app.review.report.as_ref().unwrap().visits.arrived, 3);
    }
}

#[test]
fn the_sweep_leaves_nothing_open() {
    let mut fx = morning(Lang::En);
    fx.switch_to("H01");
    fx.act(Action::GoTab(REVIEW_TAB));
    fx.act(Action::Sweep);
    let (items, _) = fx.app.review.sweep.clone().expect("the sweep runs");
    assert_eq!(items.len(), 1, "today's open card");
    assert!(matches!(items.get(0), Some(SweepItem::Card(v)) if v.card.status.is_open()));
    snap(&fx, "sweep_card", 80, 24);

    // z: the card goes on the follow-up list, due by the cadence.
    fx.act(Action::Reschedule);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM cards WHERE status = 'follow_up'",
            args![]
        ),
        1
    );
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM prospects WHERE stage = 'open' AND next_due = '2026-11-25'",
            args![]
        ),
        1
    );
    let (items, _) = fx.app.review.sweep.clone().unwrap();
    assert!(items.is_empty(), "nothing left: {items:?}");
    assert!(fx
        .screen(80, 24)
        .contains("Nothing left open that is yours to settle."));

    // Two days on, the prospect is due: the sweep offers it; b hands it back.
    fx.act(Action::Form(Input::Cancel));
    assert!(fx.app.review.sweep.is_none(), "Esc ends the sweep");
    fx.advance(2 * 24 * 60);
    fx.act(Action::Sweep);
    let (items, _) = fx.app.review.sweep.clone().unwrap();
    assert!(
        items.len() == 1 && matches!(items.get(0), Some(SweepItem::Prospect(_))),
        "{items:?}"
    );
    fx.act(Action::HandBack);
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM prospects WHERE stage = 'handed_back'",
            args![]
        ),
        1
    );
    assert!(fx.app.review.sweep.as_ref().unwrap().0.is_empty());
}

#[test]
fn the_sweep_records_an_outcome_only_for_the_cards_receiver() {
    let mut fx = morning(Lang::Zh);
    // The lobby manager may move the card nobody accepted, not win it for the line.
    fx.switch_to("LOBBY");
    fx.act(Action::GoTab(REVIEW_TAB));
    fx.act(Action::Sweep);
    assert_eq!(fx.app.review.sweep.as_ref().unwrap().0.len(), 1);
    assert!(fx.app.offers(&Action::Reschedule) && fx.app.offers(&Action::HandBack));
    assert!(!fx.app.offers(&Action::Won) && !fx.app.offers(&Action::Lost));
    let before = fx.event_count();
    fx.act(Action::Won);
    assert!(fx.app.form.is_none(), "no form for a refused act");
    assert!(fx.flash().1, "refused: {:?}", fx.flash());
    fx.act(Action::Lost);
    assert!(fx.app.form.is_none());
    assert_eq!(fx.event_count(), before, "nothing written");
    let screen = fx.screen(80, 24);
    assert!(
        screen.contains("z ") && !screen.contains("w 成交"),
        "{screen}"
    );

    // A teller has nothing of their own to settle.
    fx.switch_to("T01");
    fx.act(Action::GoTab(REVIEW_TAB));
    fx.act(Action::Sweep);
    assert!(fx.app.review.sweep.as_ref().unwrap().0.is_empty());

    // The receiver wins it through the outcome form.
    fx.switch_to("W01");
    fx.act(Action::GoTab(1));
    fx.act(Action::Accept);
    fx.act(Action::GoTab(REVIEW_TAB));
    fx.act(Action::Sweep);
    fx.act(Action::Won);
    let form = fx.app.form.as_ref().expect("the outcome form opens");
    assert_eq!(form.field(Msg::FieldResult).get(), "contracted");
    fx.pick(Msg::FieldProduct, "fund");
    fx.focus_field(2);
    fx.type_text("20000");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(
        fx.sql_i64(
            "SELECT amount_cents FROM cards WHERE status = 'contracted'",
            args![]
        ),
        2_000_000
    );
    assert!(fx.app.review.sweep.as_ref().unwrap().0.is_empty());
}
