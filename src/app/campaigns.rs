//! The campaigns as the head sees them on the Review tab (营销活动, read
//! only): each one's name, occasion, dates, audience (as counted at its last
//! send or its definition: counting it live reads every client, which
//! `campaign show` does) and how many were sent it. Defining and sending
//! stay on the command line.

use chrono::NaiveDate;

use super::Cx;
use crate::config::Catalog;
use crate::domain::authority::{Act, Target};
use crate::domain::campaign::Occasion;
use crate::i18n::Msg;
use crate::store::StoreError;

/// The most campaigns listed (the newest first).
const LIMIT: usize = 50;

/// One campaign as listed, its words already in the screen's language.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignLine {
    pub id: i64,
    pub name: String,
    pub occasion: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    /// Its filters (tier, line, status, tag), or "every consenting client".
    pub filters: String,
    /// Consenting clients it reached at its last send, or at its
    /// definition; `None` when neither kept a count (defined before counts
    /// were kept and never sent).
    pub audience: Option<i64>,
    pub sent: i64,
}

/// The campaigns, newest first, for a person who may define them; none
/// for anyone else.
pub(super) fn load(cx: &Cx) -> Result<Vec<CampaignLine>, StoreError> {
    if !cx.allows(Act::Campaign, Target::Branch) {
        return Ok(Vec::new());
    }
    let db = cx.store.db();
    let lang = cx.lang;
    let mut all = db.campaigns()?;
    all.sort_by_key(|c| std::cmp::Reverse(c.id));
    all.truncate(LIMIT);
    let mut out = Vec::new();
    for c in all {
        let audience = db.campaign_kept_audience(c.id)?;
        let sent = db.campaign_sent(c.id)?;
        let d = &c.def;
        let filters: Vec<String> = [
            d.tier
                .as_deref()
                .map(|t| Catalog::label(&cx.catalog.tiers, t, lang).to_string()),
            d.line
                .as_deref()
                .map(|l| Catalog::label(&cx.catalog.lines, l, lang).to_string()),
            d.status.clone(),
            d.tag.as_ref().map(|t| format!("#{t}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        out.push(CampaignLine {
            id: c.id,
            name: d.name.clone(),
            occasion: Occasion::parse(&d.occasion).map_or(d.occasion.clone(), |o| {
                crate::i18n::occasion(o).get(lang).to_string()
            }),
            starts: d.starts,
            ends: d.ends,
            filters: match filters.is_empty() {
                true => Msg::CpAnyone.get(lang).to_string(),
                false => filters.join(" · "),
            },
            audience,
            sent,
        });
    }
    Ok(out)
}
