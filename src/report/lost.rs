//! Follow-ups lost in the range by reason (流失原因): every reason of the
//! settings (zeros included), then any other code the records hold; for md,
//! csv, json (the same numbers).

use std::collections::BTreeMap;

use crate::config::Catalog;
use crate::i18n::{Lang, Msg};
use crate::store::report::Bounds;
use crate::store::{Db, Result};

/// Reason code → follow-ups ended lost in the range.
pub(super) fn figures(db: &Db, catalog: &Catalog, b: &Bounds) -> Result<BTreeMap<String, i64>> {
    let mut by: BTreeMap<String, i64> = catalog
        .lost_reasons
        .iter()
        .map(|r| (r.code.clone(), 0))
        .collect();
    for (code, n) in db.lost_by_reason(b.start, b.end)? {
        *by.entry(code).or_default() += n;
    }
    Ok(by)
}

/// The reasons in the settings' order, then codes the settings no longer name.
fn ordered<'a>(r: &'a super::Report, catalog: &'a Catalog) -> Vec<(&'a str, i64)> {
    let mut rows: Vec<(&str, i64)> = catalog
        .lost_reasons
        .iter()
        .filter_map(|e| r.lost_by_reason.get_key_value(&e.code))
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    for (c, n) in &r.lost_by_reason {
        if catalog.lost_reason(c).is_none() {
            rows.push((c.as_str(), *n));
        }
    }
    rows
}

pub(super) fn markdown(out: &mut String, r: &super::Report, catalog: &Catalog, lang: Lang) {
    use super::md::{cell, heading, table, Align};
    if r.lost_by_reason.values().all(|n| *n == 0) {
        return;
    }
    heading(out, Msg::RptLostReasons, lang);
    let header = vec![
        Msg::RptLostReason.get(lang).to_string(),
        Msg::RptLostCount.get(lang).to_string(),
    ];
    let rows: Vec<Vec<String>> = ordered(r, catalog)
        .into_iter()
        .map(|(code, n)| {
            vec![
                cell(Catalog::label(&catalog.lost_reasons, code, lang)),
                n.to_string(),
            ]
        })
        .collect();
    table(out, &header, &[Align::Left, Align::Right], &rows);
}

pub(super) fn csv_items(
    r: &super::Report,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<super::pairs::CsvItem> {
    ordered(r, catalog)
        .into_iter()
        .map(|(code, n)| {
            (
                code.to_string(),
                Catalog::label(&catalog.lost_reasons, code, lang).to_string(),
                vec![("count", n.to_string())],
            )
        })
        .collect()
}
