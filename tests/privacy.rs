//! Client privacy (客户信息保密, issue 6): names and mobiles masked on every
//! screen clients can see (王*明, 138****5678), the Ctrl-p shield that blanks
//! every client detail, a record's owner revealing it for 30 seconds as an
//! audited event, and a withdrawn consent taking the client off every
//! contact list. `App` is driven with actions on one real SQLite file with a
//! fixed clock (2026-11-23 10:30 in Beijing); screens are snapshotted at 80×24
//! in Chinese and English; the exports run the real binary.

mod support;

use insta::assert_snapshot;
use lobbydesk::app::form::Purpose;
use lobbydesk::app::{Action, Input, Tab};
use lobbydesk::args;
use lobbydesk::i18n::{Lang, Msg};
use lobbydesk::store::staff::Staff;

use support::*;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// Nobody on the roster shares a character or digit run with the clients.
fn branch() -> Vec<Staff> {
    vec![
        teller("T01", "张敏", 1),
        teller("T02", "李强", 2),
        manager("W01", "刘洋", "wealth"),
        manager("C01", "陈刚", "credit"),
        manager("H01", "周建", "head"),
    ]
}

/// The clients: (name, mobile, masked name, masked mobile).
const WANG: (&str, &str, &str, &str) = ("王小明", "13812345678", "王*明", "138****5678");
const OUYANG: (&str, &str, &str, &str) = ("欧阳娜娜", "13512340000", "欧**娜", "135****0000");
/// A walk-in who gave only a mobile.
const MOBILE_ONLY: (&str, &str) = ("13698765432", "136****5432");

/// Everything that would tell a client's name or mobile, full or masked.
fn client_traces() -> Vec<&'static str> {
    vec![
        WANG.0,
        WANG.1,
        WANG.2,
        WANG.3,
        "王",
        "5678",
        OUYANG.0,
        OUYANG.1,
        OUYANG.2,
        OUYANG.3,
        "欧",
        MOBILE_ONLY.0,
        MOBILE_ONLY.1,
        "5432",
    ]
}

/// What the front desk shows, full details only: never.
fn full_details() -> Vec<&'static str> {
    vec![WANG.0, WANG.1, OUYANG.0, OUYANG.1, MOBILE_ONLY.0]
}

fn snap(fx: &Fixture, name: &str) {
    assert_snapshot!(format!("{name}_{}_80x24", fx.lang()), fx.screen(80, 24));
}

fn assert_shows(screen: &str, texts: &[&str]) {
    for t in texts {
        assert!(screen.contains(t), "{t:?} is shown:\n{screen}");
    }
}

fn assert_hides(screen: &str, texts: &[&str]) {
    for t in texts {
        assert!(!screen.contains(t), "{t:?} is on screen:\n{screen}");
    }
}

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The `for` of an event's JSON details, as SQL on the engine the tests run on.
fn details_for() -> &'static str {
    if on_server() {
        "(details::jsonb ->> 'for')"
    } else {
        "json_extract(details, '$.for')"
    }
}

/// Reveals asked for with `v` (a pre-filled form is recorded too, `for: prefill`).
fn reveals(fx: &Fixture) -> i64 {
    fx.sql_i64(
        &format!(
            "SELECT count(*) FROM events WHERE kind = 'client.reveal'
             AND {} = 'reveal'",
            details_for()
        ),
        args![],
    )
}

/// As T01: 王小明 served at counter 1 with a wealth card (consent yes); a
/// mobile-only walk-in and 欧阳娜娜 waiting. Returns the card's id.
fn morning(lang: Lang) -> (Fixture, i64) {
    let mut fx = Fixture::new(lang, "T01", &branch());
    fx.walkin('A', '1', WANG.0, WANG.1);
    fx.act(Action::Call);
    fx.act(Action::Start);
    fx.act(Action::Referral);
    fx.input(Input::Char('1'));
    fx.input(Input::Char('y'));
    fx.type_text("想了解产品");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "card saved: {:?}", fx.app.flash);
    let card = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    fx.walkin('A', '1', "", MOBILE_ONLY.0);
    fx.walkin('V', '2', OUYANG.0, OUYANG.1);
    fx.advance(4);
    (fx, card)
}

/// W01 accepts the card and records "not now": a prospect of W01's; the app
/// is W01's on the Follow-ups tab after.
fn to_followups(fx: &mut Fixture, card: i64) -> i64 {
    fx.switch_to("W01");
    fx.select_card_id(card);
    fx.act(Action::Accept);
    fx.act(Action::Outcome);
    fx.pick(Msg::FieldResult, "not_now");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    fx.go(Tab::Followups);
    fx.sql_i64(
        "SELECT id FROM prospects WHERE source_card = ?1",
        args![card],
    )
}

// ---------------------------------------------------------------- masking

#[test]
fn the_lobby_masks_names_and_mobiles() {
    for lang in LANGS {
        let (mut fx, _) = morning(lang);
        fx.switch_to("LOBBY");
        assert_eq!(fx.app.tab, Tab::Lobby);
        let screen = fx.screen(80, 24);
        // In the queue and at counter 1.
        let wang = screen.lines().filter(|l| l.contains(WANG.2)).count();
        assert_eq!(wang, 2, "王*明 in the queue and at the counter:\n{screen}");
        assert_shows(&screen, &[OUYANG.2, MOBILE_ONLY.1]);
        assert_hides(&screen, &full_details());
        snap(&fx, "lobby_masked");
    }
}

#[test]
fn a_line_pane_masks_names_and_mobiles() {
    for lang in LANGS {
        let (mut fx, card) = morning(lang);
        fx.switch_to("W01");
        assert_eq!(fx.app.tab, Tab::Line(0));
        fx.select_card_id(card);
        let screen = fx.screen(80, 24);
        assert_shows(&screen, &[WANG.2, WANG.3]);
        assert_hides(&screen, &full_details());
        snap(&fx, "line_masked");
    }
}

#[test]
fn the_follow_ups_list_masks_names_and_mobiles() {
    for lang in LANGS {
        let (mut fx, card) = morning(lang);
        to_followups(&mut fx, card);
        let screen = fx.screen(80, 24);
        assert_shows(&screen, &[WANG.2, WANG.3]);
        assert_hides(&screen, &full_details());
        snap(&fx, "followups_masked");
    }
}

/// On the Clients tab, `/` and a search for `query`.
fn search_clients(fx: &mut Fixture, query: &str) {
    fx.go(Tab::Clients);
    fx.act(Action::Filter);
    assert!(fx.app.form.is_some(), "/ opens the search");
    fx.type_text(query);
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
}

#[test]
fn the_clients_tab_masks_what_it_finds() {
    for lang in LANGS {
        let (mut fx, _) = morning(lang);
        fx.switch_to("LOBBY");
        // The last four digits: what the masked mobile shows anyway.
        search_clients(&mut fx, "5678");
        assert_eq!(fx.app.clients.found.len(), 1);
        let screen = fx.screen(80, 24);
        assert_shows(&screen, &[WANG.2, WANG.3]);
        assert_hides(&screen, &full_details());
        snap(&fx, "clients_masked");
    }
}

// ---------------------------------------------------------------- the shield

#[test]
fn ctrl_p_blanks_every_client_detail_until_pressed_again() {
    for lang in LANGS {
        let (mut fx, card) = morning(lang);
        let badge = by_lang(&fx, "遮挡中", "SHIELD");
        fx.switch_to("LOBBY");
        assert!(!fx.screen(80, 24).contains(badge));

        fx.act(Action::Shield);
        assert!(fx.app.shield);
        let screen = fx.screen(80, 24);
        assert_hides(&screen, &client_traces());
        let status = screen.lines().nth(22).unwrap();
        assert!(
            status.contains(badge),
            "the badge on the status line:\n{screen}"
        );
        assert_eq!(fx.flash().0, Msg::ShieldOn.get(lang));
        // The queue is still there: numbers, not people.
        assert_shows(&screen, &["A001", "A002", "V001"]);
        snap(&fx, "lobby_shield");

        // Every tab, while it is on.
        for tab in 0..fx.app.tabs().len() {
            fx.act(Action::GoTab(tab));
            let screen = fx.screen(80, 24);
            assert_hides(&screen, &client_traces());
            assert!(screen.contains(badge), "tab {tab}:\n{screen}");
        }
        fx.go(Tab::Line(0));
        fx.select_card_id(card);
        assert_hides(&fx.screen(80, 24), &client_traces());

        // Pressed again: masked as before, the badge gone.
        fx.act(Action::Shield);
        assert!(!fx.app.shield);
        let screen = fx.screen(80, 24);
        assert!(!screen.contains(badge), "{screen}");
        assert_shows(&screen, &[WANG.2, WANG.3]);
        fx.go(Tab::Lobby);
        assert_shows(&fx.screen(80, 24), &[WANG.2, OUYANG.2]);
    }
}

#[test]
fn the_shield_hides_the_follow_ups_too() {
    let (mut fx, card) = morning(Lang::En);
    to_followups(&mut fx, card);
    assert_shows(&fx.screen(80, 24), &[WANG.2, WANG.3]);
    fx.act(Action::Shield);
    let screen = fx.screen(80, 24);
    assert_hides(&screen, &client_traces());
    assert!(screen.contains("SHIELD"));
    snap(&fx, "followups_shield");
}

#[test]
fn the_shield_hides_client_details_in_an_open_form() {
    let (mut fx, _) = morning(Lang::En);
    fx.select("A001");
    fx.act(Action::Referral);
    assert!(matches!(
        fx.app.form.as_ref().map(|f| &f.purpose),
        Some(Purpose::Card { .. })
    ));
    fx.act(Action::Shield);
    assert!(fx.app.shield);
    assert!(fx.app.form.is_some(), "the form stays open");
    assert_hides(&fx.screen(80, 24), &client_traces());
}

#[test]
fn the_shield_hides_a_client_search() {
    let (mut fx, _) = morning(Lang::En);
    fx.switch_to("LOBBY");
    search_clients(&mut fx, WANG.1);
    assert_eq!(fx.app.clients.found.len(), 1);
    fx.act(Action::Shield);
    assert_hides(&fx.screen(80, 24), &client_traces());
}

// ---------------------------------------------------------------- reveal

#[test]
fn the_owner_reveals_a_record_for_thirty_seconds_and_it_is_recorded() {
    for lang in LANGS {
        let (mut fx, card) = morning(lang);
        let prospect = to_followups(&mut fx, card);
        let wang = fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![WANG.1]);
        fx.select_prospect_id(prospect);
        let events = fx.event_count();

        fx.act(Action::Reveal);
        let (text, error) = fx.flash();
        assert!(!error, "{text}");
        assert_eq!(
            text,
            by_lang(
                &fx,
                "已显示完整信息 30 秒（已记录）",
                "Shown in full for 30 seconds (recorded)"
            )
        );
        let screen = fx.screen(80, 24);
        assert_shows(&screen, &[WANG.0, WANG.1]);
        assert_eq!(
            fx.events_after(events),
            [(
                "client.reveal".into(),
                "W01".into(),
                "client".into(),
                Some(wang)
            )]
        );
        let details: String = check(&fx.dir).one(
            &format!(
                "SELECT details FROM events WHERE kind = 'client.reveal'
                 AND {} = 'reveal'",
                details_for()
            ),
            args![],
        );
        let details: serde_json::Value = serde_json::from_str(&details).unwrap();
        assert_eq!(details["record"], "prospect");
        assert_eq!(details["id"], prospect);

        // Still shown at 29 seconds, hidden again at 30.
        fx.advance_secs(29);
        assert_shows(&fx.screen(80, 24), &[WANG.0, WANG.1]);
        fx.advance_secs(1);
        let screen = fx.screen(80, 24);
        assert_hides(&screen, &[WANG.0, WANG.1]);
        assert_shows(&screen, &[WANG.2, WANG.3]);
        assert_eq!(reveals(&fx), 1, "hiding again writes nothing");

        // The card's receiver may reveal it in the pane too.
        fx.go(Tab::Line(0));
        fx.select_card_id(card);
        fx.act(Action::Reveal);
        assert!(!fx.flash().1, "{:?}", fx.flash());
        assert_shows(&fx.screen(80, 24), &[WANG.0, WANG.1]);
        assert_eq!(reveals(&fx), 2);
    }
}

#[test]
fn reveal_is_refused_to_someone_else_and_nothing_is_recorded() {
    for lang in LANGS {
        let (mut fx, card) = morning(lang);
        to_followups(&mut fx, card);
        // T02 did not refer 王小明 and does not work the card.
        fx.switch_to("T02");
        fx.go(Tab::Line(0));
        fx.select_card_id(card);
        let before = fx.db_state();
        fx.act(Action::Reveal);
        let (text, error) = fx.flash();
        assert!(error, "refused: {text}");
        assert_eq!(
            text,
            by_lang(
                &fx,
                "只有负责人或支行长可以查看完整信息。",
                "Only the record's owner or the branch head can reveal it."
            )
        );
        assert_eq!(fx.db_state(), before, "no event, nothing changed");
        assert_eq!(reveals(&fx), 0);
        assert_eq!(fx.app.revealed_client(), None);
        let screen = fx.screen(80, 24);
        assert_hides(&screen, &[WANG.0, WANG.1]);
        assert_shows(&screen, &[WANG.2]);

        // Nor at the lobby: 王小明 is at T01's counter.
        fx.go(Tab::Lobby);
        fx.select("A001");
        fx.act(Action::Reveal);
        assert!(fx.flash().1);
        assert_eq!(reveals(&fx), 0);
        assert_hides(&fx.screen(80, 24), &[WANG.0]);

        // The branch head may reveal anyone's.
        fx.switch_to("H01");
        fx.act(Action::Reveal);
        assert!(!fx.flash().1, "{:?}", fx.flash());
        assert_shows(&fx.screen(80, 24), &[WANG.0, WANG.1]);
        assert_eq!(reveals(&fx), 1);
    }
}

#[test]
fn the_shield_hides_a_revealed_record_too() {
    let (mut fx, card) = morning(Lang::En);
    to_followups(&mut fx, card);
    fx.act(Action::Reveal);
    assert_shows(&fx.screen(80, 24), &[WANG.0]);
    fx.act(Action::Shield);
    assert_hides(&fx.screen(80, 24), &client_traces());
    // Lifting the shield does not bring the reveal back.
    fx.act(Action::Shield);
    let screen = fx.screen(80, 24);
    assert_hides(&screen, &[WANG.0, WANG.1]);
    assert_shows(&screen, &[WANG.2]);
}

// ---------------------------------------------------------------- consent and contact lists

/// An export by the branch head (H01), who may write everyone's lists.
fn export(fx: &Fixture, args: &[&str]) -> String {
    let db = db_path(&fx.dir);
    let mut all = vec![
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "en",
        "--as",
        "H01",
        "export",
    ];
    all.extend_from_slice(args);
    let o = run_lobbydesk(fx.dir.path(), &all);
    assert_eq!(o.status.code(), Some(0), "{}", describe_output(&o));
    String::from_utf8(o.stdout).unwrap()
}

fn lists(fx: &Fixture) -> [String; 2] {
    [
        export(fx, &["prospects", "--due", "all"]),
        export(fx, &["campaign"]),
    ]
}

#[test]
fn a_client_who_withdraws_consent_leaves_every_contact_list() {
    let (mut fx, card) = morning(Lang::En);
    // A second wealth prospect: 欧阳娜娜, referred by T01 as well.
    fx.switch_to("T01");
    fx.select("V001");
    fx.act(Action::Call);
    fx.act(Action::Start);
    fx.act(Action::Referral);
    fx.input(Input::Char('2'));
    fx.input(Input::Char('y'));
    fx.type_text("理财到期");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let second = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    let p1 = to_followups(&mut fx, card);
    let p2 = to_followups(&mut fx, second);
    assert_ne!(p1, p2);

    for list in lists(&fx) {
        assert_shows(&list, &[WANG.0, WANG.1, OUYANG.0, OUYANG.1]);
    }

    // 王小明 withdraws consent (recorded elsewhere): off both lists at once.
    check(&fx.dir).run(
        "UPDATE clients SET consent = 0 WHERE mobile = ?1",
        args![WANG.1],
    );
    for list in lists(&fx) {
        assert_hides(&list, &[WANG.0, WANG.1]);
        assert_shows(&list, &[OUYANG.0, OUYANG.1]);
    }

    // 欧阳娜娜 withdraws it through the app.
    fx.act(Action::Tick);
    fx.select_prospect_id(p2);
    fx.act(Action::Consent);
    assert!(matches!(
        fx.app.form.as_ref().map(|f| &f.purpose),
        Some(Purpose::Consent { .. })
    ));
    fx.pick(Msg::FieldConsent, "no");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(
        fx.flash().0,
        "The client does not agree to contact: kept off every contact list."
    );
    assert_eq!(
        fx.sql_i64(
            "SELECT consent FROM clients WHERE mobile = ?1",
            args![OUYANG.1]
        ),
        0
    );
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM events WHERE kind = 'client.consent' AND actor = 'W01'",
            args![]
        ),
        1
    );
    for list in lists(&fx) {
        assert_hides(&list, &[WANG.0, WANG.1, OUYANG.0, OUYANG.1]);
        assert_eq!(list.lines().count(), 1, "the header alone:\n{list}");
    }
    // They stay on the follow-up list, flagged, but cannot be contacted.
    assert_eq!(fx.listed_prospects().len(), 2);
}

// ---------------------------------------------------------------- the Clients tab's `n`

/// The add-prospect form's name and mobile, as filled in.
fn add_form_values(fx: &Fixture) -> (String, String) {
    let form = fx.app.form.as_ref().expect("n opens the add-prospect form");
    assert_eq!(form.purpose, Purpose::AddProspect);
    (
        form.field(Msg::FieldName).get().to_string(),
        form.field(Msg::FieldMobile).get().to_string(),
    )
}

#[test]
fn searching_by_a_full_mobile_shows_only_the_masked_form() {
    for lang in LANGS {
        let (mut fx, _) = morning(lang);
        fx.switch_to("LOBBY");
        search_clients(&mut fx, WANG.1);
        assert_eq!(fx.app.clients.found.len(), 1);
        let screen = fx.screen(80, 24);
        assert_shows(&screen, &[WANG.2, WANG.3]);
        assert_hides(&screen, &full_details());
        // Nobody found: the search is named masked too.
        fx.act(Action::Filter);
        for _ in WANG.1.chars() {
            fx.input(Input::Backspace);
        }
        fx.type_text("13900000000");
        fx.input(Input::Submit);
        assert!(fx.app.clients.found.is_empty());
        let screen = fx.screen(80, 24);
        assert_shows(&screen, &["139****0000"]);
        assert_hides(&screen, &["13900000000"]);
    }
}

#[test]
fn the_clients_tab_n_shows_a_teller_masked_details_and_writes_no_event() {
    let (mut fx, _) = morning(Lang::En);
    let wang = fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![WANG.1]);
    search_clients(&mut fx, WANG.1);
    let events = fx.event_count();
    fx.act(Action::AddProspect);
    assert_eq!(add_form_values(&fx), (WANG.2.into(), WANG.3.into()));
    assert_eq!(
        fx.event_count(),
        events,
        "nothing disclosed, nothing written"
    );
    let screen = fx.screen(80, 24);
    assert_hides(&screen, &full_details());

    // The consent is asked, not pre-selected: saving without it is refused.
    let before = fx.db_state();
    fx.input(Input::Submit);
    let form = fx.app.form.as_ref().expect("the form stays open");
    assert!(form.field(Msg::FieldConsent).error.is_some());
    assert_eq!(fx.db_state(), before);

    // Saved with the masked values left as shown: the stored client, unchanged.
    fx.pick(Msg::FieldLine, "credit");
    fx.pick(Msg::FieldConsent, "yes");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    let (client, owner): (i64, String) = check(&fx.dir).one(
        "SELECT client_id, owner FROM prospects WHERE line = 'credit'",
        args![],
    );
    assert_eq!((client, owner.as_str()), (wang, "T01"));
    assert_eq!(
        fx.sql_i64(
            "SELECT count(*) FROM clients WHERE id = ?1 AND name = ?2 AND mobile = ?3",
            args![wang, WANG.0, WANG.1]
        ),
        1
    );
    assert_eq!(fx.sql_i64("SELECT count(*) FROM clients", args![]), 3);
    assert_eq!(reveals(&fx), 0);
}

#[test]
fn the_clients_tab_n_shows_the_branch_head_full_details_as_one_reveal() {
    let (mut fx, _) = morning(Lang::En);
    let wang = fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![WANG.1]);
    fx.switch_to("H01");
    search_clients(&mut fx, WANG.1);
    let events = fx.event_count();
    fx.act(Action::AddProspect);
    assert_eq!(add_form_values(&fx), (WANG.0.into(), WANG.1.into()));
    assert_eq!(
        fx.events_after(events),
        [(
            "client.reveal".into(),
            "H01".into(),
            "client".into(),
            Some(wang)
        )]
    );
    let details: String = check(&fx.dir).one(
        "SELECT details FROM events WHERE kind = 'client.reveal' ORDER BY id DESC LIMIT 1",
        args![],
    );
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["for"], "prefill");
    assert_eq!(details["record"], "client");

    fx.pick(Msg::FieldLine, "credit");
    fx.pick(Msg::FieldConsent, "no");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "{:?}", fx.app.flash);
    assert_eq!(
        fx.sql_i64(
            "SELECT client_id FROM prospects WHERE line = 'credit'",
            args![]
        ),
        wang
    );
    assert_eq!(fx.sql_i64("SELECT count(*) FROM clients", args![]), 3);
    assert_eq!(
        fx.sql_i64(
            &format!(
                "SELECT count(*) FROM events WHERE kind = 'client.reveal' AND actor = 'H01'
                 AND {} = 'prefill'",
                details_for()
            ),
            args![]
        ),
        1,
        "one disclosure, when the form opened"
    );
}

// ---------------------------------------------------------------- the card form, pre-filled

#[test]
fn the_card_form_filled_in_full_is_a_recorded_disclosure_and_masked_otherwise() {
    let (mut fx, _) = morning(Lang::En);
    let wang = fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![WANG.1]);
    let a001 = fx.ticket("A001").id;

    // T01 serves A001: the form shows the client in full, recorded once.
    fx.select("A001");
    let events = fx.event_count();
    fx.act(Action::Referral);
    let form = fx.app.form.as_ref().expect("r opens the card form");
    assert_eq!(form.field(Msg::FieldName).get(), WANG.0);
    assert_eq!(form.field(Msg::FieldMobile).get(), WANG.1);
    assert_eq!(
        fx.events_after(events),
        [(
            "client.reveal".to_string(),
            "T01".to_string(),
            "client".to_string(),
            Some(wang)
        )]
    );
    let details: String = check(&fx.dir).one(
        "SELECT details FROM events ORDER BY id DESC LIMIT 1",
        args![],
    );
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["for"], "prefill");
    assert_eq!(
        (&details["record"], &details["id"]),
        (&"ticket".into(), &a001.into())
    );
    fx.discard();

    // V001 waits, nobody's at a counter yet: T01 sees it masked, nothing recorded.
    let ouyang = fx.sql_i64("SELECT id FROM clients WHERE mobile = ?1", args![OUYANG.1]);
    let clients = fx.sql_i64("SELECT count(*) FROM clients", args![]);
    fx.select("V001");
    let events = fx.event_count();
    fx.act(Action::Referral);
    let form = fx.app.form.as_ref().expect("r opens the card form");
    assert_eq!(form.field(Msg::FieldName).get(), OUYANG.2);
    assert_eq!(form.field(Msg::FieldMobile).get(), OUYANG.3);
    assert_eq!(
        fx.event_count(),
        events,
        "nothing disclosed, nothing recorded"
    );

    // Saved with the masked values as shown: the stored ones are kept.
    fx.input(Input::Char('3'));
    fx.input(Input::Char('y'));
    fx.type_text("想了解基金");
    fx.input(Input::Submit);
    assert!(fx.app.form.is_none(), "saved: {:?}", fx.app.flash);
    let card = fx.sql_i64("SELECT max(id) FROM cards", args![]);
    assert_eq!(
        fx.sql_i64("SELECT client_id FROM cards WHERE id = ?1", args![card]),
        ouyang
    );
    let (name, mobile): (String, String) = check(&fx.dir).one(
        "SELECT name, mobile FROM clients WHERE id = ?1",
        args![ouyang],
    );
    assert_eq!((name.as_str(), mobile.as_str()), (OUYANG.0, OUYANG.1));
    assert_eq!(fx.sql_i64("SELECT count(*) FROM clients", args![]), clients);
    assert_eq!(fx.ticket("V001").client_id, Some(ouyang));
    let kinds: Vec<String> = fx.events_after(events).into_iter().map(|e| e.0).collect();
    assert_eq!(kinds, ["client.consent", "card.add", "notice.send"]);
}
