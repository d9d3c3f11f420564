//! Cross-sell prompts (交叉销售时机): which of the branch's trigger rules a
//! client's record meets today (a new account, a large deposit, a card just
//! activated, a single product, a good tier with no card on the need's line
//! this year). Pure: the caller reads the record and the cards.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// What a trigger rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The account was opened within `days` days.
    OpenedWithin,
    /// A deposit of at least `amount` yuan within `days` days.
    DepositWithin,
    /// The card was activated within `days` days.
    CardWithin,
    /// The client holds exactly one product.
    SingleProduct,
    /// The client's tier is one of `tiers` and no card went to the
    /// suggested need's line since 1 January.
    TierWithoutWealthThisYear,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::OpenedWithin,
        Rule::DepositWithin,
        Rule::CardWithin,
        Rule::SingleProduct,
        Rule::TierWithoutWealthThisYear,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::OpenedWithin => "opened_within",
            Rule::DepositWithin => "deposit_within",
            Rule::CardWithin => "card_within",
            Rule::SingleProduct => "single_product",
            Rule::TierWithoutWealthThisYear => "tier_without_wealth_this_year",
        }
    }

    /// Whether the rule needs `days` (and `amount`, `tiers`).
    pub fn needs_days(self) -> bool {
        matches!(
            self,
            Rule::OpenedWithin | Rule::DepositWithin | Rule::CardWithin
        )
    }

    pub fn needs_amount(self) -> bool {
        self == Rule::DepositWithin
    }

    pub fn needs_tiers(self) -> bool {
        self == Rule::TierWithoutWealthThisYear
    }
}

/// A trigger's condition as the settings give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub rule: Rule,
    /// Days back from today, today included as day 0.
    pub days: Option<i64>,
    /// Yuan, at least.
    pub amount: Option<i64>,
    /// Tier codes.
    pub tiers: Vec<String>,
}

/// What the rules read of a client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub tier: String,
    pub products_held: Option<u32>,
    pub opened: Option<NaiveDate>,
    pub last_large_deposit: Option<NaiveDate>,
    /// Yuan.
    pub large_deposit_amount: Option<i64>,
    pub card_activated: Option<NaiveDate>,
    /// The days the client's cards were made, on the suggested need's line.
    pub line_cards: Vec<NaiveDate>,
}

/// `date` is within `days` before `today` (not in the future).
fn within(date: Option<NaiveDate>, days: Option<i64>, today: NaiveDate) -> bool {
    match (date, days) {
        (Some(d), Some(n)) => {
            let age = (today - d).num_days();
            (0..=n).contains(&age)
        }
        _ => false,
    }
}

/// Whether the client's facts meet the condition today.
pub fn fires(c: &Condition, f: &Facts, today: NaiveDate) -> bool {
    match c.rule {
        Rule::OpenedWithin => within(f.opened, c.days, today),
        Rule::CardWithin => within(f.card_activated, c.days, today),
        Rule::DepositWithin => {
            within(f.last_large_deposit, c.days, today)
                && matches!((f.large_deposit_amount, c.amount), (Some(a), Some(min)) if a >= min)
        }
        Rule::SingleProduct => f.products_held == Some(1),
        Rule::TierWithoutWealthThisYear => {
            let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
            c.tiers.contains(&f.tier) && !f.line_cards.iter().any(|d| *d >= year_start)
        }
    }
}

/// The tier a client's assets (yuan) put them in: the last of `tiers`
/// (code, least assets, ascending) whose least they reach; `None` when no
/// tier gives a least or the assets reach none.
pub fn tier_for(assets: i64, tiers: &[(&str, Option<i64>)]) -> Option<String> {
    tiers
        .iter()
        .rev()
        .find(|(_, least)| least.is_some_and(|l| assets >= l))
        .map(|(code, _)| code.to_string())
}

#[cfg(test)]
mod tests;
