//! The branch's cross-sell triggers (`[[cross_sell]]`), the tiers with the
//! least assets that define them (`[[tiers]]` `min_assets`) and the names a
//! client list's columns may have (`[import.columns]`): as written, and
//! checked with the rest of the settings.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::{Catalog, Label, SettingsError};
use crate::domain::cross_sell::{Condition, Rule};
use crate::domain::import::Field;

/// A cross-sell trigger: when it fires (`rule` with its `days`, `amount`,
/// `tiers`) and the need it suggests.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "RawCrossSell")]
pub struct CrossSell {
    pub code: String,
    pub label: Label,
    pub condition: Condition,
    /// A need of the settings.
    pub need: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrossSell {
    code: String,
    zh: String,
    en: String,
    rule: Rule,
    #[serde(default)]
    days: Option<i64>,
    #[serde(default)]
    amount: Option<i64>,
    #[serde(default)]
    tiers: Option<Vec<String>>,
    need: String,
}

impl From<RawCrossSell> for CrossSell {
    fn from(r: RawCrossSell) -> CrossSell {
        CrossSell {
            code: r.code,
            label: Label { zh: r.zh, en: r.en },
            condition: Condition {
                rule: r.rule,
                days: r.days,
                amount: r.amount,
                tiers: r.tiers.unwrap_or_default(),
            },
            need: r.need,
        }
    }
}

/// `[import]`: `columns` maps a column name of the branch's exports to a
/// client field (`"客户姓名" = "name"`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSettings {
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl ImportSettings {
    /// The column names the settings add, with their fields.
    pub fn extra(&self) -> Vec<(String, Field)> {
        self.columns
            .iter()
            .filter_map(|(c, f)| Some((c.clone(), Field::named(f)?)))
            .collect()
    }
}

/// Days a trigger may look back, and the amounts it may ask, inclusive.
const DAYS: (i64, i64) = (1, 3650);
const AMOUNT: (i64, i64) = (1, 1_000_000_000);

impl Catalog {
    /// The tier a client with these assets (yuan) is in, by the settings'
    /// least assets; `None` when the settings give none.
    pub fn tier_for_assets(&self, assets: i64) -> Option<String> {
        let tiers: Vec<(&str, Option<i64>)> = self
            .tiers
            .iter()
            .map(|t| (t.code.as_str(), t.min_assets))
            .collect();
        crate::domain::cross_sell::tier_for(assets, &tiers)
    }

    /// Whether the tiers define themselves by assets.
    pub fn tiers_have_assets(&self) -> bool {
        self.tiers.iter().any(|t| t.min_assets.is_some())
    }

    pub fn cross_sell(&self, code: &str) -> Option<&CrossSell> {
        self.cross_sell.iter().find(|c| c.code == code)
    }

    /// The tiers' least assets ascending, the triggers' codes, keys, tiers
    /// and needs, and the import's field names.
    pub(super) fn check_cross_sell(&self) -> Result<(), SettingsError> {
        let mut last: Option<i64> = None;
        for t in &self.tiers {
            if let Some(m) = t.min_assets {
                if m < 0 || m > AMOUNT.1 {
                    return Err(SettingsError::Range {
                        key: format!("tiers.{}.min_assets", t.code),
                        min: 0,
                        max: AMOUNT.1,
                    });
                }
                if last.is_some_and(|l| m <= l) {
                    return Err(SettingsError::TierAssets(t.code.clone()));
                }
                last = Some(m);
            }
        }
        let mut seen = BTreeSet::new();
        for c in &self.cross_sell {
            let code = c.code.clone();
            if !super::branch::is_code(&c.code) {
                return Err(SettingsError::BadCode {
                    list: "cross_sell",
                    code,
                });
            }
            if !seen.insert(c.code.as_str()) {
                return Err(SettingsError::Duplicate {
                    list: "cross_sell",
                    code,
                });
            }
            if c.label.zh.trim().is_empty() || c.label.en.trim().is_empty() {
                return Err(SettingsError::NoLabel {
                    list: "cross_sell",
                    code,
                });
            }
            check_trigger(self, c)?;
        }
        for (column, field) in &self.import.columns {
            if column.trim().is_empty() || Field::named(field).is_none() {
                return Err(SettingsError::ImportField {
                    column: column.clone(),
                    field: field.clone(),
                });
            }
        }
        Ok(())
    }
}

/// One trigger: the keys its rule reads, and only those, within bounds.
fn check_trigger(catalog: &Catalog, c: &CrossSell) -> Result<(), SettingsError> {
    let k = &c.condition;
    let rule = k.rule;
    let key = |key: &'static str, needed: bool| SettingsError::CrossSellKey {
        code: c.code.clone(),
        key,
        needed,
    };
    let given = [
        ("days", k.days.is_some(), rule.needs_days()),
        ("amount", k.amount.is_some(), rule.needs_amount()),
        ("tiers", !k.tiers.is_empty(), rule.needs_tiers()),
    ];
    for (name, is, should) in given {
        if is != should {
            return Err(key(name, should));
        }
    }
    let range = |name: &str, v: Option<i64>, (min, max): (i64, i64)| match v {
        Some(v) if v < min || v > max => Err(SettingsError::Range {
            key: format!("cross_sell.{}.{name}", c.code),
            min,
            max,
        }),
        _ => Ok(()),
    };
    range("days", k.days, DAYS)?;
    range("amount", k.amount, AMOUNT)?;
    if let Some(t) = k.tiers.iter().find(|t| catalog.tier(t).is_none()) {
        return Err(SettingsError::CrossSellTier {
            code: c.code.clone(),
            tier: t.clone(),
        });
    }
    if catalog.need(&c.need).is_none() {
        return Err(SettingsError::CrossSellNeed {
            code: c.code.clone(),
            need: c.need.clone(),
        });
    }
    Ok(())
}
