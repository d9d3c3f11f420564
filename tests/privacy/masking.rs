//! Masked names and mobiles, the shield, and recorded reveals.

use super::*;

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

fn snap(fx: &Fixture, name: &str) {
    assert_snapshot!(format!("{name}_{}_80x24", fx.lang()), fx.screen(80, 24));
}

fn by_lang<'a>(fx: &Fixture, zh: &'a str, en: &'a str) -> &'a str {
    match fx.app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
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
