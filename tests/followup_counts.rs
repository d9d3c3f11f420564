//! The Follow-ups tab's section counts after a save: a prospect shown and
//! still open is moved between the sections' counts instead of the list
//! being counted again, and the counts equal the records' after a contact
//! logged here (the clock moved on) and a date changed at another desk.

mod support;

use chrono::Duration;
use lobbydesk::app::{Action, App, Input, Tab};
use lobbydesk::config::Catalog;
use lobbydesk::domain::followup::Bucket;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::ops::{self, Op};
use lobbydesk::store::staff::Staff;
use support::*;

/// The Follow-ups tab comes after the lobby and the two line panes (key 4).
const FOLLOWUPS: usize = 3;

fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        manager("W01", "王芳", "wealth"),
        manager("H01", "周建", "head"),
    ]
}

/// The sections' counts as the records have them (the head sees every
/// prospect; ended ones for 30 days).
fn from_records(fx: &Fixture) -> [i64; 4] {
    let today = fx.clock.today().to_string();
    let since = (fx.clock.now() - Duration::days(30)).timestamp();
    let n = |q: &str| -> i64 {
        raw(&fx.dir)
            .query_row(q, rusqlite::params![today, since], |r| r.get(0))
            .unwrap()
    };
    [
        n("SELECT count(*) + 0 * ?2 FROM prospects WHERE stage = 'open' AND next_due < ?1"),
        n("SELECT count(*) + 0 * ?2 FROM prospects WHERE stage = 'open' AND next_due = ?1"),
        n("SELECT count(*) + 0 * ?2 FROM prospects WHERE stage = 'open' AND (next_due > ?1 OR next_due IS NULL)"),
        n("SELECT count(*) + 0 * length(?1) FROM prospects WHERE stage != 'open' AND ended_at >= ?2"),
    ]
}

fn shown(fx: &Fixture) -> [i64; 4] {
    let f = &fx.app.followups;
    [
        Bucket::Overdue,
        Bucket::DueToday,
        Bucket::Upcoming,
        Bucket::Ended,
    ]
    .map(|b| f.count(b) as i64)
}

#[test]
fn the_sections_count_what_the_records_hold_after_every_change() {
    let mut fx = Fixture::new(Lang::En, "H01", &branch());
    let today = fx.clock.today();
    let now = fx.clock.now();
    open_store(&fx.dir)
        .write(|db| {
            for i in 0..24i64 {
                let who = (format!("客户{i}"), format!("138{i:08}"));
                let due = today + Duration::days(i % 8 - 3);
                consenting_prospect(db, (&who.0, &who.1), "W01", due, now)?;
            }
            Ok::<_, lobbydesk::store::StoreError>(())
        })
        .unwrap();
    // The head starts with the list as it is.
    let store = open_store(&fx.dir);
    let me = store.db().staff("H01").unwrap().unwrap();
    fx.app = App::new(store, fx.clock.clone(), Catalog::shipped(), Lang::En, me).unwrap();
    fx.act(Action::GoTab(FOLLOWUPS));
    assert_eq!(fx.app.tab, Tab::Followups);
    assert_eq!(shown(&fx), from_records(&fx));
    let due_today: Vec<i64> = fx
        .app
        .followups
        .shown(0..fx.app.followups.len())
        .iter()
        .filter(|(b, _)| *b == Bucket::DueToday)
        .map(|(_, p)| p.id)
        .collect();
    assert!(due_today.len() >= 3);

    // A contact logged here: from today to a later day (moved).
    fx.advance(10);
    fx.select_prospect_id(due_today[0]);
    fx.act(Action::LogContact);
    fx.pick(Msg::FieldChannel, "phone");
    fx.retype(Msg::FieldSummary, "电话回访");
    fx.retype(
        Msg::FieldDue,
        &(today + Duration::days(9)).format("%m-%d").to_string(),
    );
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    assert_eq!(shown(&fx), from_records(&fx), "after a contact");
    assert_eq!(
        fx.app.followups.count(Bucket::DueToday) + 1,
        due_today.len()
    );

    // Another desk moves a shown prospect to a later day.
    let mut other = open_store(&fx.dir);
    let w01 = person_of(&other, "W01");
    let catalog = Catalog::shipped();
    let op = Op {
        who: &w01,
        now: fx.clock.now(),
        day: today,
        catalog: &catalog,
    };
    let later = today + Duration::days(4);
    other
        .write(|db| ops::prospects::reschedule(db, &op, due_today[1], later))
        .unwrap();
    fx.act(Action::Tick);
    assert_eq!(shown(&fx), from_records(&fx), "after another's change");
}
