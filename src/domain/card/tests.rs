//! The card's life cycle, re-referral and attribution, rule by rule.
use super::*;
use chrono::TimeZone;

pub fn at(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap() + chrono::Duration::minutes(min)
}

pub fn card(id: i64, line: &str) -> Card {
    Card {
        id,
        ..Card::new(Some(1), 7, "T01", line, "fund", "想了解基金", true, at(0))
    }
}

fn contracted() -> Outcome {
    Outcome::Contracted {
        product: "cd".into(),
        amount_cents: 5_000_000,
    }
}

#[test]
fn accept_then_each_outcome() {
    let c = accept(&card(1, "wealth"), "W01", at(1)).unwrap();
    assert_eq!(c.status, CardStatus::Accepted);
    assert_eq!(c.receiver.as_deref(), Some("W01"));
    let done = record(&c, "W01", &contracted(), None, at(2)).unwrap();
    assert_eq!(
        (done.status, done.amount_cents),
        (CardStatus::Contracted, Some(5_000_000))
    );
    let intent = record(&c, "W01", &Outcome::Intent, None, at(2)).unwrap();
    assert!(intent.status.is_open(), "intent keeps the card open");
    let later = record(&intent, "W01", &contracted(), None, at(3)).unwrap();
    assert_eq!(later.status, CardStatus::Contracted);
    let no = Outcome::Declined {
        objection: "no_need".into(),
    };
    let declined = record(&c, "W01", &no, Some("已有产品".into()), at(2)).unwrap();
    assert_eq!(declined.status, CardStatus::Declined);
    assert_eq!(declined.objection.as_deref(), Some("no_need"));
    for o in [Outcome::NotNow, Outcome::ClientLeft] {
        assert_eq!(
            record(&c, "W01", &o, None, at(2)).unwrap().status,
            CardStatus::FollowUp
        );
        assert!(o.makes_prospect());
    }
    assert!(!contracted().makes_prospect());
}

#[test]
fn illegal_steps_are_refused() {
    let new = card(1, "wealth");
    assert_eq!(
        record(&new, "W01", &Outcome::NotNow, None, at(1)),
        Err(CardRefusal::NotAccepted)
    );
    let c = accept(&new, "W01", at(1)).unwrap();
    assert_eq!(
        accept(&c, "W02", at(2)),
        Err(CardRefusal::AlreadyAccepted { by: "W01".into() })
    );
    assert_eq!(
        record(&c, "W02", &Outcome::NotNow, None, at(2)),
        Err(CardRefusal::NotReceiver {
            receiver: "W01".into()
        })
    );
    let intent = record(&c, "W01", &Outcome::Intent, None, at(2)).unwrap();
    assert!(record(&intent, "W01", &Outcome::Intent, None, at(3)).is_err());
    // Every closed status refuses every further step.
    for closed in [
        CardStatus::Contracted,
        CardStatus::Declined,
        CardStatus::FollowUp,
        CardStatus::Referred,
    ] {
        let mut x = c.clone();
        x.status = closed;
        assert!(record(&x, "W01", &Outcome::NotNow, None, at(3)).is_err());
        assert!(refer_on(&x, "W01", "credit", "mortgage", "", at(3)).is_err());
        x.receiver = None;
        assert!(accept(&x, "W01", at(3)).is_err());
    }
}

#[test]
fn refer_on_carries_the_history_and_the_credit() {
    let c = accept(&card(1, "wealth"), "W01", at(1)).unwrap();
    assert_eq!(
        refer_on(&c, "W01", "wealth", "fund", "", at(2)),
        Err(CardRefusal::SameLine)
    );
    assert!(matches!(
        refer_on(&c, "C01", "credit", "mortgage", "", at(2)),
        Err(CardRefusal::NotReceiver { .. })
    ));
    let (parent, mut child) = refer_on(&c, "W01", "credit", "mortgage", "要房贷", at(2)).unwrap();
    assert_eq!(parent.status, CardStatus::Referred);
    assert_eq!(child.parent_id, Some(1));
    assert_eq!(child.root_id, Some(1));
    assert_eq!(
        child.referrer, "T01",
        "the original referrer keeps the credit"
    );
    assert_eq!(child.referred_by, "W01");
    assert_eq!(child.assistant.as_deref(), Some("W01"));
    assert_eq!((child.client_id, child.consent), (7, true));
    child.id = 2;
    let child = accept(&child, "C01", at(3)).unwrap();
    assert_eq!(attached(&child), vec!["C01", "W01"]);
    // And on again, back to wealth: still the original referrer, still two staff.
    let (_, mut third) = refer_on(&child, "C01", "wealth", "fund", "", at(4)).unwrap();
    third.id = 3;
    assert_eq!(third.root_id, Some(1));
    assert_eq!(third.assistant.as_deref(), Some("C01"));
    let third = accept(&third, "W01", at(5)).unwrap();
    assert_eq!(attached(&third).len(), 2);
    assert_eq!(credited(&[c, child, third]), Some("T01"));
}

#[test]
fn the_sweep_settles_a_card_nobody_accepted() {
    let new = card(1, "wealth");
    let c = settle(&new, &Outcome::NotNow, None, at(9)).unwrap();
    assert_eq!(
        (c.status, c.receiver.as_deref()),
        (CardStatus::FollowUp, None)
    );
    assert!(settle(&c, &Outcome::NotNow, None, at(10)).is_err());
}

#[test]
fn a_prospect_won_later_contracts_its_card() {
    let c = accept(&card(1, "wealth"), "W01", at(1)).unwrap();
    let later = record(&c, "W01", &Outcome::NotNow, None, at(2)).unwrap();
    let won = win_later(&later, "cd", 100, at(9)).unwrap();
    assert_eq!(
        (won.status, won.amount_cents),
        (CardStatus::Contracted, Some(100))
    );
    assert!(win_later(&won, "cd", 100, at(10)).is_err());
}

#[test]
fn the_assistant_accepting_leaves_one_marketer() {
    let mut c = card(2, "credit");
    c.assistant = Some("W01".into());
    let c = accept(&c, "W01", at(1)).unwrap();
    assert_eq!(attached(&c), vec!["W01"]);
}

#[test]
fn a_second_open_card_on_the_line_is_refused() {
    let mut open = card(4, "wealth");
    assert_eq!(
        check_duplicate(std::slice::from_ref(&open)),
        Err(CardRefusal::Duplicate {
            card: 4,
            owner: "T01".into(),
            line: "wealth".into()
        })
    );
    open.receiver = Some("W01".into());
    open.status = CardStatus::Intent;
    assert_eq!(
        check_duplicate(std::slice::from_ref(&open)),
        Err(CardRefusal::Duplicate {
            card: 4,
            owner: "W01".into(),
            line: "wealth".into()
        })
    );
    open.status = CardStatus::Declined;
    assert_eq!(check_duplicate(&[open]), Ok(()));
    assert_eq!(check_duplicate(&[]), Ok(()));
}

#[test]
fn status_round_trips() {
    for s in CardStatus::ALL {
        assert_eq!(CardStatus::parse(s.as_str()), Some(s));
    }
}
