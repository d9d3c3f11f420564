//! The cross-sell prompts' figures (交叉销售时机), per trigger: `shown`
//! prompts on the range's tickets (once per ticket and trigger), `referred`
//! cards flagged from them in the range (the card's ticket showed the
//! trigger and the card is for its need), and of those `contracted` by now
//! (the card, or a card referred on from it). Every trigger of the settings
//! is listed (zeros when idle), then any code found in the data but no
//! longer in the settings.

use serde::{Deserialize, Serialize};

use super::Names;
use crate::config::Catalog;
use crate::i18n::{Lang, Msg};
use crate::store::report::Bounds;
use crate::store::{Db, Result};

/// One trigger's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TriggerFigures {
    pub trigger: String,
    pub label: Names,
    /// The need it suggests (as the settings say now).
    pub need: String,
    pub shown: i64,
    pub referred: i64,
    pub contracted: i64,
}

/// The triggers' figures of the range `b`.
pub(super) fn figures(db: &Db, catalog: &Catalog, b: &Bounds) -> Result<Vec<TriggerFigures>> {
    let counts = db.cross_sell_counts(&b.day_from, &b.day_to, b.start, b.end)?;
    let mut out: Vec<TriggerFigures> = catalog
        .cross_sell
        .iter()
        .map(|c| TriggerFigures {
            trigger: c.code.clone(),
            label: (&c.label).into(),
            need: c.need.clone(),
            shown: 0,
            referred: 0,
            contracted: 0,
        })
        .collect();
    for c in counts {
        let at = match out.iter().position(|f| f.trigger == c.trigger) {
            Some(at) => at,
            None => {
                out.push(TriggerFigures {
                    label: Names {
                        zh: c.trigger.clone(),
                        en: c.trigger.clone(),
                    },
                    trigger: c.trigger.clone(),
                    need: String::new(),
                    shown: 0,
                    referred: 0,
                    contracted: 0,
                });
                out.len() - 1
            }
        };
        let f = &mut out[at];
        f.shown = c.shown;
        f.referred = c.referred;
        f.contracted = c.contracted;
    }
    Ok(out)
}

/// The triggers' section of the Markdown report (none when the settings
/// have no trigger and nothing was counted).
pub(super) fn markdown(out: &mut String, r: &super::Report, catalog: &Catalog, lang: Lang) {
    use super::md::{cell, heading, table, Align};
    if r.cross_sell.is_empty() {
        return;
    }
    heading(out, Msg::RptCrossSell, lang);
    let header: Vec<String> = [
        Msg::RvTrigger,
        Msg::FieldNeed,
        Msg::RvShown,
        Msg::RvReferrals,
        Msg::RvContractedN,
    ]
    .iter()
    .map(|m| m.get(lang).to_string())
    .collect();
    let rows: Vec<Vec<String>> = r
        .cross_sell
        .iter()
        .map(|f| {
            vec![
                cell(f.label.get(lang)),
                cell(Catalog::label(&catalog.needs, &f.need, lang)),
                f.shown.to_string(),
                f.referred.to_string(),
                f.contracted.to_string(),
            ]
        })
        .collect();
    let mut align = vec![Align::Right; 5];
    align[..2].fill(Align::Left);
    table(out, &header, &align, &rows);
}

/// The triggers' rows of the CSV report: section `cross_sell`, item the
/// trigger's code.
pub(super) fn csv_items(r: &super::Report, lang: Lang) -> Vec<super::pairs::CsvItem> {
    r.cross_sell
        .iter()
        .map(|f| {
            (
                f.trigger.clone(),
                f.label.get(lang).to_string(),
                vec![
                    ("shown", f.shown.to_string()),
                    ("referred", f.referred.to_string()),
                    ("contracted", f.contracted.to_string()),
                ],
            )
        })
        .collect()
}
