//! Withdrawn consent, searches by mobile, and full details as recorded disclosures.

use super::*;

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
