//! The campaigns' figures (营销活动): each campaign sent in the range, with
//! its audience when last sent there, the clients sent it, and how many of
//! them contracted within its window of being sent it; for md, csv, json.

use serde::{Deserialize, Serialize};

use crate::domain::campaign::Occasion;
use crate::i18n::{Lang, Msg};
use crate::store::report::Bounds;
use crate::store::{Db, Result};

/// One campaign's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignFigures {
    pub id: i64,
    pub name: String,
    pub occasion: String,
    pub audience: i64,
    pub sent: i64,
    pub contracts: i64,
    pub window_days: i64,
}

pub(super) fn figures(db: &Db, b: &Bounds) -> Result<Vec<CampaignFigures>> {
    Ok(db
        .campaign_report(b.start, b.end)?
        .into_iter()
        .map(|r| CampaignFigures {
            id: r.id,
            name: r.name,
            occasion: r.occasion,
            audience: r.audience,
            sent: r.sent,
            contracts: r.contracts,
            window_days: r.window_days,
        })
        .collect())
}

fn occasion(c: &CampaignFigures, lang: Lang) -> String {
    Occasion::parse(&c.occasion).map_or(c.occasion.clone(), |o| {
        crate::i18n::occasion(o).get(lang).to_string()
    })
}

pub(super) fn markdown(out: &mut String, r: &super::Report, lang: Lang) {
    use super::md::{cell, heading, table, Align};
    if r.campaigns.is_empty() {
        return;
    }
    heading(out, Msg::RptCampaigns, lang);
    let header: Vec<String> = [
        Msg::RptCampaign,
        Msg::RptAudience,
        Msg::RptSent,
        Msg::RptCampaignContracts,
    ]
    .iter()
    .map(|m| m.get(lang).to_string())
    .collect();
    let rows: Vec<Vec<String>> = r
        .campaigns
        .iter()
        .map(|c| {
            vec![
                cell(&format!("{} {} ({})", c.id, c.name, occasion(c, lang))),
                c.audience.to_string(),
                c.sent.to_string(),
                Msg::RptWithinDays.fill(lang, &[("n", &c.contracts), ("d", &c.window_days)]),
            ]
        })
        .collect();
    let mut align = vec![Align::Right; 4];
    align[0] = Align::Left;
    table(out, &header, &align, &rows);
}

pub(super) fn csv_items(r: &super::Report, lang: Lang) -> Vec<super::pairs::CsvItem> {
    r.campaigns
        .iter()
        .map(|c| {
            (
                c.id.to_string(),
                format!("{} ({})", c.name, occasion(c, lang)),
                vec![
                    ("audience", c.audience.to_string()),
                    ("sent", c.sent.to_string()),
                    ("contracts", c.contracts.to_string()),
                    ("window_days", c.window_days.to_string()),
                ],
            )
        })
        .collect()
}
