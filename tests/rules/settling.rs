//! Prospects settled by contracts, the two-marketer rule, points and names.

use super::*;

fn contract(product: &str, amount_cents: i64) -> Outcome {
    Outcome::Contracted {
        product: product.into(),
        amount_cents,
    }
}

const MOBILE: &str = "13812345678";

// ---------------------------------------------------------------- intent, then contracted

#[test]
fn an_intent_signed_at_last_settles_its_prospect_as_won() {
    let mut b = Branch::new();
    let first = b.today();
    let c = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", c.id).unwrap();
    let r = b.outcome("W01", c.id, Outcome::Intent);
    let prospect = r.prospect.expect("an intent makes a prospect");

    // Ten days on, overdue, the client signs: the receiver contracts the card.
    b.days_later(10);
    let before = b.report(first);
    assert_eq!((before.followups.open, before.followups.overdue), (1, 1));
    let r = b.outcome("W01", c.id, contract("wmp", 5_000_000));
    assert_eq!(r.card.status, CardStatus::Contracted);
    assert_eq!(r.won, Some(prospect), "the intent's prospect is settled");

    let p = b.store.db().prospect(prospect).unwrap().unwrap();
    assert_eq!(
        (p.stage, p.product.as_deref(), p.amount_cents),
        (Stage::Won, Some("wmp"), Some(5_000_000))
    );
    let open = b.store.db().prospects(&Filter::default()).unwrap();
    assert!(open.is_empty(), "off the follow-up list: {open:?}");
    let won = b.events("prospect.won");
    assert_eq!(won.len(), 1);
    let (actor, details) = &won[0];
    assert_eq!(actor, "W01", "closed by whoever contracted it");
    assert!(details.contains("\"credited\":\"T01\""), "{details}");
    assert!(details.contains("\"product\":\"wmp\""), "{details}");

    let after = b.report(first);
    assert_eq!(
        (
            after.followups.open,
            after.followups.overdue,
            after.followups.won
        ),
        (0, 0, 1)
    );
    assert_eq!(staff(&after, "W01").unwrap().closed, 1);
    assert_eq!(staff(&after, "T01").unwrap().converted, 1);
}

#[test]
fn a_contract_settles_the_clients_open_prospect_on_the_line_from_an_earlier_card() {
    let mut b = Branch::new();
    let c = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", c.id).unwrap();
    let r = b.outcome("W01", c.id, Outcome::NotNow);
    let prospect = r.prospect.unwrap();

    // The client comes back and signs on a new card.
    b.days_later(3);
    let again = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", again.id).unwrap();
    let r = b.outcome("W01", again.id, contract("cd", 1_000_000));
    assert_eq!(r.won, Some(prospect));
    let p = b.store.db().prospect(prospect).unwrap().unwrap();
    assert_eq!((p.stage, p.product.as_deref()), (Stage::Won, Some("cd")));
    assert_eq!(
        b.card(c.id).status,
        CardStatus::FollowUp,
        "the earlier card is not contracted twice"
    );
}

// ---------------------------------------------------------------- two marketers per client

/// A wealth card referred on to credit: C01 receiver, W01 assistant.
fn on_credit_with_wealth_assisting(b: &mut Branch) -> Card {
    let c = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", c.id).unwrap();
    let (_, child) = b
        .run("W01", |db, op| {
            cards::refer_on(db, op, c.id, "credit", "mortgage", "要房贷")
        })
        .unwrap();
    let child = b.accept("C01", child.id).unwrap();
    assert_eq!(
        (child.receiver.as_deref(), child.assistant.as_deref()),
        (Some("C01"), Some("W01"))
    );
    child
}

#[test]
fn a_third_marketer_may_not_accept_a_clients_new_card() {
    let mut b = Branch::new();
    on_credit_with_wealth_assisting(&mut b);
    // Another teller, another visit: a new wealth card is allowed, since
    // W01 (already on the client) works the line.
    let ticket = b.walkin("T02", "王小明", MOBILE).unwrap();
    let card = b.flag("T02", ticket, "wealth").unwrap();

    let before = b.state();
    let e = b.accept("W02", card.id).unwrap_err();
    assert!(
        matches!(&e, OpError::Client(ClientRefusal::TooManyMarketers { on }) if on == &["C01", "W01"]),
        "{e:?}"
    );
    assert_eq!(
        b.message(&e),
        "This client already has two marketers (陈刚, 王芳): no third may join."
    );
    assert_eq!(b.state(), before, "refused, nothing written");
    // One of the two may.
    b.accept("W01", card.id).unwrap();
}

#[test]
fn reassigning_or_adding_a_prospect_may_not_make_a_third_marketer() {
    let mut b = Branch::new();
    // W01 keeps an intent on wealth and passes the client on to credit.
    let c = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", c.id).unwrap();
    let prospect = b.outcome("W01", c.id, Outcome::Intent).prospect.unwrap();
    let (_, child) = b
        .run("W01", |db, op| {
            cards::refer_on(db, op, c.id, "credit", "mortgage", "要房贷")
        })
        .unwrap();
    b.accept("C01", child.id).unwrap();

    let before = b.state();
    let e = b
        .run("H01", |db, op| prospects::reassign(db, op, prospect, "W02"))
        .unwrap_err();
    assert!(
        matches!(&e, OpError::Client(ClientRefusal::TooManyMarketers { .. })),
        "{e:?}"
    );
    assert_eq!(b.state(), before);
    // Putting the client on W02's own list by hand: refused too.
    let client = c.client_id;
    let new = ByHand {
        client: Some(client),
        name: None,
        mobile: None,
        line: "credit".into(),
        consent: true,
        note: String::new(),
        next_due: b.today() + Duration::days(2),
    };
    let e = b
        .run("C02", |db, op| prospects::add_prospect(db, op, &new))
        .unwrap_err();
    assert!(matches!(e, OpError::Client(_)), "{e:?}");
    assert_eq!(b.state(), before);
    // To someone already on the client: allowed.
    b.run("H01", |db, op| prospects::reassign(db, op, prospect, "C01"))
        .unwrap();
}

#[test]
fn a_card_whoever_accepts_would_be_a_third_marketer_is_refused_when_flagged() {
    let mut b = Branch::new();
    // C02 follows the client up on credit; C01 has their new credit card.
    let c = b.visit("王小明", MOBILE, "credit");
    b.accept("C01", c.id).unwrap();
    let prospect = b.outcome("C01", c.id, Outcome::NotNow).prospect.unwrap();
    b.run("H01", |db, op| prospects::reassign(db, op, prospect, "C02"))
        .unwrap();
    let again = b.visit("王小明", MOBILE, "credit");
    b.accept("C01", again.id).unwrap();

    // Nobody on the client works wealth: a wealth card would need a third.
    let ticket = b.walkin("T01", "王小明", MOBILE).unwrap();
    let before = b.state();
    let e = b.flag("T01", ticket, "wealth").unwrap_err();
    assert!(
        matches!(&e, OpError::Client(ClientRefusal::TooManyMarketers { on }) if on == &["C01", "C02"]),
        "{e:?}"
    );
    assert_eq!(b.state(), before);
}

// ---------------------------------------------------------------- closed points to the closer

#[test]
fn a_prospect_reassigned_and_won_gives_the_closed_points_to_the_new_owner() {
    let mut b = Branch::new();
    let first = b.today();
    let c = b.visit("王小明", MOBILE, "credit");
    b.accept("C01", c.id).unwrap();
    let prospect = b.outcome("C01", c.id, Outcome::NotNow).prospect.unwrap();
    b.run("H01", |db, op| prospects::reassign(db, op, prospect, "C02"))
        .unwrap();
    b.days_later(2);
    let won = b
        .run("C02", |db, op| {
            prospects::win(db, op, prospect, "mortgage", 80_000_000)
        })
        .unwrap();
    assert_eq!(won.credited.as_deref(), Some("T01"));
    let card = b.card(c.id);
    assert_eq!(
        (card.status, card.closed_by.as_deref()),
        (CardStatus::Contracted, Some("C02"))
    );

    let r = b.report(first);
    let points = &b.catalog.points;
    let c02 = staff(&r, "C02").expect("C02 closed a contract");
    assert_eq!((c02.closed, c02.points), (1, points.closed));
    assert_eq!(
        staff(&r, "C01").map_or(0, |s| s.closed),
        0,
        "C01 received the card but did not close it"
    );
    let t01 = staff(&r, "T01").unwrap();
    assert_eq!(
        (t01.converted, t01.points),
        (1, points.referral + points.converted)
    );
}

#[test]
fn the_head_recording_a_win_leaves_the_closed_points_to_the_owner() {
    let mut b = Branch::new();
    let c = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", c.id).unwrap();
    let prospect = b.outcome("W01", c.id, Outcome::NotNow).prospect.unwrap();
    b.run("H01", |db, op| {
        prospects::win(db, op, prospect, "wmp", 100_000)
    })
    .unwrap();
    let r = b.report(b.today());
    assert_eq!(staff(&r, "W01").unwrap().closed, 1);
    assert!(staff(&r, "H01").is_none_or(|s| s.closed == 0));
}

// ---------------------------------------------------------------- sign and pass on

#[test]
fn a_client_who_signs_and_needs_a_loan_is_passed_on() {
    let mut b = Branch::new();
    let first = b.today();
    let c = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", c.id).unwrap();
    let signed = b.outcome("W01", c.id, contract("wmp", 5_000_000)).card;

    // The hint line offers `t` on the contracted card to its receiver only.
    let w01 = b.person("W01");
    assert!(authority::allowed(&w01, Act::ReferOn, Target::Card(&signed)).is_ok());
    let w02 = b.person("W02");
    assert_eq!(
        authority::allowed(&w02, Act::ReferOn, Target::Card(&signed)),
        Err(Denial::NotReceiver("W01".into()))
    );

    let (parent, child) = b
        .run("W01", |db, op| {
            cards::refer_on(db, op, c.id, "credit", "mortgage", "还要房贷")
        })
        .unwrap();
    assert_eq!(parent, signed, "the parent stays contracted");
    assert_eq!(b.card(c.id), signed);
    assert_eq!(
        (
            child.referrer.as_str(),
            child.root_id,
            child.parent_id,
            child.assistant.as_deref()
        ),
        ("T01", Some(c.id), Some(c.id), Some("W01"))
    );
    b.accept("C01", child.id).unwrap();
    b.outcome("C01", child.id, contract("mortgage", 90_000_000));

    let r = b.report(first);
    assert_eq!(r.referrals.contracted, 2);
    assert_eq!(r.referrals.funnel.contracted, 1, "one chain");
    assert_eq!(staff(&r, "T01").unwrap().converted, 2);
    assert_eq!(staff(&r, "W01").unwrap().closed, 1);
    assert_eq!(staff(&r, "C01").unwrap().closed, 1);
}

#[test]
fn a_card_referred_on_refuses_an_outcome() {
    let mut b = Branch::new();
    let c = b.visit("王小明", MOBILE, "wealth");
    b.accept("W01", c.id).unwrap();
    b.run("W01", |db, op| {
        cards::refer_on(db, op, c.id, "credit", "mortgage", "要房贷")
    })
    .unwrap();
    let before = b.state();
    let e = b
        .run("W01", |db, op| {
            cards::record_outcome(db, op, c.id, &contract("wmp", 1), None, false)
        })
        .unwrap_err();
    assert!(
        matches!(e, OpError::Denied(Denial::Card(CardStatus::Referred))),
        "{e:?}"
    );
    assert_eq!(b.state(), before);
}

// ---------------------------------------------------------------- consent

#[test]
fn a_campaign_never_includes_a_client_whose_consent_was_never_answered() {
    let mut b = Branch::new();
    let due = b.today() + Duration::days(2);
    // One client on the list with no answer at all (as an old file may hold).
    let now = b.now;
    b.store
        .write(|db| {
            let (client, _) = db.find_or_add_client(Some("未答复"), Some("13900000001"), now)?;
            db.add_prospect(
                &lobbydesk::store::prospects::NewProspect {
                    client_id: client,
                    owner: "W01".into(),
                    source_card: None,
                    line: Some("wealth".into()),
                    next_due: due,
                },
                now,
            )
        })
        .unwrap();
    // Two more by hand: one said no, one said yes.
    for (mobile, consent) in [("13900000002", false), ("13900000003", true)] {
        let new = ByHand {
            client: None,
            name: Some(format!("客户{}", &mobile[9..])),
            mobile: Some(mobile.into()),
            line: "wealth".into(),
            consent,
            note: String::new(),
            next_due: due,
        };
        b.run("W01", |db, op| prospects::add_prospect(db, op, &new))
            .unwrap();
    }
    let listed = b
        .run("H01", |db, op| export::campaign(db, op, None))
        .unwrap();
    let mobiles: Vec<&str> = listed
        .iter()
        .filter_map(|p| p.client_mobile.as_deref())
        .collect();
    assert_eq!(mobiles, ["13900000003"]);
    let calls = b
        .run("W01", |db, op| {
            export::call_list(db, op, export::Due::All, None)
        })
        .unwrap();
    assert_eq!(calls.len(), 1);
    // Only the two explicit answers are recorded.
    assert_eq!(b.events("client.consent").len(), 2);
}

// ---------------------------------------------------------------- edits that vanish

#[test]
fn a_name_changed_on_the_card_is_saved_with_its_event() {
    let mut b = Branch::new();
    let ticket = b.walkin("T01", "李四", MOBILE).unwrap();
    let input = card_input(ticket, "wmp", "wealth", Some("李斯"), None);
    let c = b
        .run("T01", |db, op| cards::flag_card(db, op, &input))
        .unwrap();
    let client = b.store.db().client(c.client_id).unwrap().unwrap();
    assert_eq!(client.name.as_deref(), Some("李斯"));
    let updates = b.events("client.update");
    assert_eq!(updates.len(), 1);
    assert_eq!(
        updates[0],
        ("T01".to_string(), r#"{"fields":["name"]}"#.to_string())
    );
    // The name as stored, typed again: no change, no event.
    let ticket = b.walkin("T01", "李斯", MOBILE).unwrap();
    let input = card_input(ticket, "mortgage", "credit", Some("李斯"), Some(MOBILE));
    b.run("T01", |db, op| cards::flag_card(db, op, &input))
        .unwrap();
    assert_eq!(b.events("client.update").len(), 1);
}

#[test]
fn a_mobile_of_a_client_with_another_name_is_refused_naming_them_masked() {
    let mut b = Branch::new();
    b.walkin("T01", "王小明", MOBILE).unwrap();
    let before = b.state();
    let e = b.walkin("T02", "李斯", MOBILE).unwrap_err();
    assert!(
        matches!(&e, OpError::Client(ClientRefusal::MobileTaken { name }) if name == "王*明"),
        "{e:?}"
    );
    assert!(b.message(&e).contains("王*明"), "{}", b.message(&e));
    assert_eq!(b.state(), before, "not linked to 王小明, nothing written");

    // On the card form: a walk-in 李斯 without a mobile, then 王小明's mobile typed.
    let ticket = b.walkin("T02", "李斯", "").unwrap();
    let before = b.state();
    let input = card_input(ticket, "wmp", "wealth", None, Some(MOBILE));
    let e = b
        .run("T02", |db, op| cards::flag_card(db, op, &input))
        .unwrap_err();
    assert!(
        matches!(&e, OpError::Client(ClientRefusal::MobileTaken { .. })),
        "{e:?}"
    );
    assert_eq!(b.state(), before);

    // The same name (or none) with the mobile: the same client.
    b.walkin("T02", "王小明", MOBILE).unwrap();
    b.walkin("T02", "", MOBILE).unwrap();
    let clients: i64 = raw(&b.dir)
        .query_row(
            "SELECT count(*) FROM clients WHERE mobile = ?1",
            [MOBILE],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(clients, 1);
    assert!(b.events("client.update").is_empty());
}
