//! The sweep's scope against the authority table itself, for every kind of
//! person and every card and prospect they could meet.
use super::*;
use crate::domain::authority::{
    allowed, Act, ProspectState, Target, DISPLAY, HEAD, KIOSK, LOBBY, TELLER,
};
use crate::domain::card::tests::card;
use crate::domain::followup::Stage;

fn person(code: &str, roles: &[&str], counter: Option<u32>, lines: &[&str]) -> Person {
    Person {
        code: code.into(),
        roles: roles.iter().map(|s| s.to_string()).collect(),
        counter,
        lines: lines.iter().map(|s| s.to_string()).collect(),
    }
}

fn people() -> Vec<Person> {
    vec![
        person("H01", &[HEAD], None, &[]),
        person("L01", &[LOBBY], None, &[]),
        person("T01", &[TELLER], Some(1), &[]),
        person("W01", &["wealth"], None, &["wealth"]),
        person("W02", &["wealth"], Some(5), &["wealth"]),
        person("C01", &["credit"], None, &["credit"]),
        person("X01", &[LOBBY, "wealth"], None, &["wealth"]),
        person("K01", &[KIOSK], None, &[]),
        person("D01", &[DISPLAY], None, &[]),
    ]
}

#[test]
fn the_card_scope_is_the_authority_tables() {
    let codes = [
        None,
        Some("H01"),
        Some("L01"),
        Some("W01"),
        Some("W02"),
        Some("C01"),
        Some("X01"),
    ];
    let mut seen = 0;
    for who in people() {
        for line in ["wealth", "credit"] {
            let scope = cards(&who, line);
            let mut any = false;
            for status in CardStatus::ALL {
                for receiver in codes {
                    for assigned in [None, Some("W02")] {
                        let mut c = card(1, line);
                        c.status = status;
                        c.receiver = receiver.map(str::to_string);
                        c.assigned_to = assigned.map(str::to_string);
                        let table = c.status.is_open()
                            && [Act::SweepCardLater, Act::RecordOutcome]
                                .into_iter()
                                .any(|act| allowed(&who, act, Target::Card(&c)).is_ok());
                        assert_eq!(
                            scope.admits(&c),
                            table,
                            "{} on {line}: {status:?} received by {receiver:?}",
                            who.code
                        );
                        seen += usize::from(table);
                        any |= table;
                    }
                }
            }
            assert_eq!(scope.is_empty(), !any, "{} on {line}", who.code);
        }
    }
    assert!(seen > 0, "some cards are offered");
}

#[test]
fn the_prospect_scope_is_the_authority_tables() {
    let owners = ["H01", "L01", "T01", "W01", "C01", "K01"];
    for who in people() {
        let scope = prospects(&who);
        for owner in owners {
            let p = ProspectState {
                owner,
                stage: Stage::Open,
                consent: false,
            };
            let table = allowed(&who, Act::Reschedule, Target::Prospect(p)).is_ok();
            let admits = match &scope {
                ProspectScope::Nobody => false,
                ProspectScope::All => true,
                ProspectScope::Owner(o) => o == owner,
            };
            assert_eq!(admits, table, "{} on {owner}'s prospect", who.code);
        }
    }
}
