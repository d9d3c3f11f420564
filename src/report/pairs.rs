//! The pairs' figures (接对子): per teller, line and manager, the cards that
//! went by the pair in the range (created in range, the pair as it was when
//! the card was flagged), how long they waited to be accepted (median, by
//! anyone) and how many were contracted, for the review and every format.
//!
//! - `referrals`: cards the teller flagged for the line that went to the
//!   paired manager (by default or as the form named them);
//! - `accepted` and `median_accept_minutes`: of them, accepted by now, and
//!   the median of created → accepted (minutes, one decimal; 0 when none);
//! - `contracted` and `conversion`: of them, contracted by now, and
//!   contracted / referrals (three decimals).

use serde::{Deserialize, Serialize};

use super::{minutes, Names};
use crate::config::Catalog;
use crate::i18n::{Lang, Msg};
use crate::store::pairs::PairCards;
use crate::store::report::Bounds;
use crate::store::staff::Staff;
use crate::store::{from_ts, Db, Result};

/// One pair's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairFigures {
    pub teller: String,
    pub teller_name: String,
    pub line: String,
    pub label: Names,
    pub manager: String,
    pub manager_name: String,
    pub referrals: i64,
    pub accepted: i64,
    pub median_accept_minutes: f64,
    pub contracted: i64,
    pub conversion: f64,
}

/// The median of some seconds, in minutes with one decimal (0 for none).
fn median_minutes(mut secs: Vec<i64>) -> f64 {
    if secs.is_empty() {
        return 0.0;
    }
    secs.sort_unstable();
    let n = secs.len();
    let mid = match n % 2 {
        1 => secs[n / 2] as f64,
        _ => (secs[n / 2 - 1] + secs[n / 2]) as f64 / 2.0,
    };
    minutes(mid)
}

/// The pairs' figures of the range `b`.
pub(super) fn figures(db: &Db, catalog: &Catalog, b: &Bounds) -> Result<Vec<PairFigures>> {
    let roster = db.roster()?;
    let name = |code: &str| {
        roster
            .iter()
            .find(|s: &&Staff| s.code == code)
            .map_or(code.to_string(), |s| s.name.clone())
    };
    let rows = db.pair_cards(from_ts(b.start), from_ts(b.end))?;
    Ok(rows
        .into_iter()
        .map(|(p, c): (_, PairCards)| PairFigures {
            teller_name: name(&p.teller),
            manager_name: name(&p.manager),
            label: catalog
                .line(&p.line)
                .map_or(Names::same(&p.line), |l| (&l.label).into()),
            referrals: c.referrals,
            accepted: c.accepted,
            median_accept_minutes: median_minutes(c.waits),
            contracted: c.contracted,
            conversion: match c.referrals {
                0 => 0.0,
                r => (c.contracted as f64 / r as f64 * 1000.0).round() / 1000.0,
            },
            teller: p.teller,
            line: p.line,
            manager: p.manager,
        })
        .collect())
}

/// The pairs' section of the Markdown report.
pub(super) fn markdown(out: &mut String, r: &super::Report, lang: Lang) {
    use super::md::{cell, heading, table, Align};
    heading(out, Msg::RvPairs, lang);
    if r.pairs.is_empty() {
        out.push_str(&format!("{}\n\n", Msg::RptNone.get(lang)));
        return;
    }
    let header: Vec<String> = [
        Msg::RvTeller,
        Msg::FieldLine,
        Msg::RvManager,
        Msg::RvReferrals,
        Msg::RvAcceptedN,
        Msg::RvPairWait,
        Msg::RvContractedN,
        Msg::RvConversion,
    ]
    .iter()
    .map(|m| m.get(lang).to_string())
    .collect();
    let rows: Vec<Vec<String>> = r
        .pairs
        .iter()
        .map(|p| {
            vec![
                cell(&format!("{} ({})", p.teller_name, p.teller)),
                cell(p.label.get(lang)),
                cell(&format!("{} ({})", p.manager_name, p.manager)),
                p.referrals.to_string(),
                p.accepted.to_string(),
                format!("{:.1}", p.median_accept_minutes),
                p.contracted.to_string(),
                format!("{:.1}%", p.conversion * 100.0),
            ]
        })
        .collect();
    let mut align = vec![Align::Right; 8];
    align[..3].fill(Align::Left);
    table(out, &header, &align, &rows);
}

/// One CSV item: its key, its name, and its fields with their values.
pub(super) type CsvItem = (String, String, Vec<(&'static str, String)>);

/// The pairs' rows of the CSV report: item `TELLER/LINE/MANAGER`, the
/// teller's and manager's names, and the fields with their values.
pub(super) fn csv_items(r: &super::Report, lang: Lang) -> Vec<CsvItem> {
    r.pairs
        .iter()
        .map(|p| {
            (
                format!("{}/{}/{}", p.teller, p.line, p.manager),
                format!(
                    "{} — {} — {}",
                    p.teller_name,
                    p.label.get(lang),
                    p.manager_name
                ),
                vec![
                    ("referrals", p.referrals.to_string()),
                    ("accepted", p.accepted.to_string()),
                    (
                        "median_accept_minutes",
                        format!("{:.1}", p.median_accept_minutes),
                    ),
                    ("contracted", p.contracted.to_string()),
                    ("conversion", format!("{:.3}", p.conversion)),
                ],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::median_minutes;

    #[test]
    fn the_median_wait_of_odd_and_even_counts() {
        assert_eq!(median_minutes(vec![]), 0.0);
        assert_eq!(median_minutes(vec![600, 60, 120]), 2.0);
        assert_eq!(median_minutes(vec![60, 120, 180, 600]), 2.5);
    }
}
