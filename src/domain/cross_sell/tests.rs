use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cond(rule: Rule, days: Option<i64>, amount: Option<i64>) -> Condition {
    Condition {
        rule,
        days,
        amount,
        tiers: vec!["gold".into(), "wealth".into()],
    }
}

const TODAY: &str = "2026-11-23";

#[test]
fn opened_within_fires_on_the_last_day_and_not_the_day_after() {
    let c = cond(Rule::OpenedWithin, Some(90), None);
    let at = |d: &str| Facts {
        opened: Some(day(d)),
        ..Facts::default()
    };
    assert!(fires(&c, &at("2026-08-25"), day(TODAY)), "90 days ago");
    assert!(fires(&c, &at(TODAY), day(TODAY)), "today");
    assert!(!fires(&c, &at("2026-08-24"), day(TODAY)), "91 days ago");
    assert!(!fires(&c, &at("2026-11-24"), day(TODAY)), "in the future");
    assert!(!fires(&c, &Facts::default(), day(TODAY)), "unknown");
}

#[test]
fn deposit_within_needs_both_the_date_and_the_amount() {
    let c = cond(Rule::DepositWithin, Some(30), Some(50_000));
    let f = |d: &str, a: i64| Facts {
        last_large_deposit: Some(day(d)),
        large_deposit_amount: Some(a),
        ..Facts::default()
    };
    assert!(fires(&c, &f("2026-10-24", 50_000), day(TODAY)));
    assert!(
        !fires(&c, &f("2026-10-24", 49_999), day(TODAY)),
        "too small"
    );
    assert!(!fires(&c, &f("2026-10-23", 80_000), day(TODAY)), "too old");
    let no_amount = Facts {
        last_large_deposit: Some(day(TODAY)),
        ..Facts::default()
    };
    assert!(!fires(&c, &no_amount, day(TODAY)), "amount unknown");
}

#[test]
fn card_within_fires_on_a_recent_activation_only() {
    let c = cond(Rule::CardWithin, Some(7), None);
    let f = |d: &str| Facts {
        card_activated: Some(day(d)),
        ..Facts::default()
    };
    assert!(fires(&c, &f("2026-11-16"), day(TODAY)));
    assert!(!fires(&c, &f("2026-11-15"), day(TODAY)));
}

#[test]
fn single_product_fires_on_one_and_not_on_two_or_unknown() {
    let c = cond(Rule::SingleProduct, None, None);
    let f = |n: Option<u32>| Facts {
        products_held: n,
        ..Facts::default()
    };
    assert!(fires(&c, &f(Some(1)), day(TODAY)));
    assert!(!fires(&c, &f(Some(2)), day(TODAY)));
    assert!(!fires(&c, &f(Some(0)), day(TODAY)));
    assert!(!fires(&c, &f(None), day(TODAY)));
}

#[test]
fn tier_without_wealth_fires_only_for_a_listed_tier_with_no_card_this_year() {
    let c = cond(Rule::TierWithoutWealthThisYear, None, None);
    let f = |tier: &str, cards: &[&str]| Facts {
        tier: tier.into(),
        line_cards: cards.iter().map(|d| day(d)).collect(),
        ..Facts::default()
    };
    assert!(fires(&c, &f("gold", &[]), day(TODAY)));
    assert!(
        fires(&c, &f("gold", &["2025-12-31"]), day(TODAY)),
        "last year's"
    );
    assert!(
        !fires(&c, &f("gold", &["2026-01-01"]), day(TODAY)),
        "this year's"
    );
    assert!(!fires(&c, &f("normal", &[]), day(TODAY)), "tier not listed");
}

#[test]
fn the_tier_is_the_highest_whose_least_the_assets_reach() {
    let tiers = [
        ("normal", Some(0)),
        ("gold", Some(50_000)),
        ("wealth", Some(500_000)),
        ("private", Some(6_000_000)),
    ];
    assert_eq!(tier_for(49_999, &tiers).as_deref(), Some("normal"));
    assert_eq!(tier_for(50_000, &tiers).as_deref(), Some("gold"));
    assert_eq!(tier_for(7_000_000, &tiers).as_deref(), Some("private"));
    assert_eq!(tier_for(10, &[("normal", None)]), None);
}

#[test]
fn every_rule_has_its_name() {
    let names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(names.len(), 5);
    for r in Rule::ALL {
        let parsed: Rule = serde_json::from_value(serde_json::json!(r.as_str())).unwrap();
        assert_eq!(parsed, r);
    }
}
