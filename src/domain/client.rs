//! A client's people and details: never more than two marketers on one
//! client's open work, and a mobile that already belongs to someone else.

use super::card::{self, Card};
use super::privacy::mask_name;

/// Why a change to who works a client, or to who a client is, was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientRefusal {
    /// The client's open work already has two marketers (their codes);
    /// a third may not join.
    TooManyMarketers { on: Vec<String> },
    /// The mobile typed belongs to a client of another name (masked): which
    /// is right, the name or the mobile?
    MobileTaken { name: String },
}

/// The marketers on a client's open work: the receivers and assistants of
/// their open cards and the owners of their open prospects, each once, in
/// the order met.
pub fn marketers<'a>(
    open_cards: impl IntoIterator<Item = &'a Card>,
    prospect_owners: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let cards: Vec<&str> = open_cards
        .into_iter()
        .filter(|c| c.status.is_open())
        .flat_map(card::attached)
        .collect();
    for code in cards.into_iter().chain(prospect_owners) {
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    out
}

/// Never more than two marketers on one client: `on` are those on the
/// client's other open work, `joining` those the change attaches.
pub fn check_marketers(on: &[String], joining: &[&str]) -> Result<(), ClientRefusal> {
    let mut all: Vec<&str> = on.iter().map(String::as_str).collect();
    for j in joining {
        if !all.contains(j) {
            all.push(j);
        }
    }
    match all.len() > 2 {
        true => Err(ClientRefusal::TooManyMarketers { on: on.to_vec() }),
        false => Ok(()),
    }
}

/// A new card may be flagged unless whoever accepts it would be a third
/// marketer: the client already has two and neither works the card's line
/// (`works_line` says whether a code does).
pub fn check_new_card(
    on: &[String],
    works_line: impl Fn(&str) -> bool,
) -> Result<(), ClientRefusal> {
    match on.len() >= 2 && !on.iter().any(|c| works_line(c)) {
        true => Err(ClientRefusal::TooManyMarketers { on: on.to_vec() }),
        false => Ok(()),
    }
}

/// A name typed with a mobile that belongs to a client already: the same
/// person if the stored name is missing or the same; otherwise refused,
/// naming the stored client masked.
pub fn check_same_person(stored: Option<&str>, typed: &str) -> Result<(), ClientRefusal> {
    match stored.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) if s != typed.trim() => Err(ClientRefusal::MobileTaken { name: mask_name(s) }),
        _ => Ok(()),
    }
}

/// Whether a name typed for a stored client changes it.
pub fn renamed(stored: Option<&str>, typed: &str) -> bool {
    let typed = typed.trim();
    !typed.is_empty() && stored.map(str::trim) != Some(typed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::tests::card;

    #[test]
    fn two_marketers_per_client_counting_every_open_card_and_prospect() {
        let mut credit = card(1, "credit");
        credit.receiver = Some("C01".into());
        credit.assistant = Some("W01".into());
        let mut done = card(2, "wealth");
        done.receiver = Some("W09".into());
        done.status = crate::domain::card::CardStatus::Contracted;
        let on = marketers([&credit, &done], ["C01"]);
        assert_eq!(on, ["C01", "W01"], "a closed card attaches nobody");
        assert_eq!(check_marketers(&on, &["W01"]), Ok(()));
        assert_eq!(
            check_marketers(&on, &["W02"]),
            Err(ClientRefusal::TooManyMarketers { on: on.clone() })
        );
        assert_eq!(check_marketers(&on[..1], &["W02"]), Ok(()));
        assert_eq!(check_new_card(&on, |c| c == "W01"), Ok(()));
        assert!(check_new_card(&on, |_| false).is_err());
        assert_eq!(check_new_card(&on[..1], |_| false), Ok(()));
    }

    #[test]
    fn a_mobile_of_another_name_is_refused_naming_it_masked() {
        assert_eq!(check_same_person(Some("李四"), "李四"), Ok(()));
        assert_eq!(check_same_person(Some(""), "李斯"), Ok(()));
        assert_eq!(check_same_person(None, "李斯"), Ok(()));
        assert_eq!(
            check_same_person(Some("王小明"), "李斯"),
            Err(ClientRefusal::MobileTaken {
                name: "王*明".into()
            })
        );
        assert!(renamed(Some("李四"), "李斯"));
        assert!(renamed(None, "李斯"));
        assert!(!renamed(Some("李四"), " 李四 "));
        assert!(!renamed(Some("李四"), ""));
    }
}
