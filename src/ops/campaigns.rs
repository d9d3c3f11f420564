//! Campaigns (营销活动): the branch head defines one (occasion, audience,
//! template, dates) and sends it: the list of consenting clients not yet
//! sent it, each written on the client's history in the same transaction.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{Op, OpError};
use crate::config::Catalog;
use crate::domain::authority::{Act, Target};
use crate::domain::campaign::{self as rules, CampaignRefusal, Occasion, Standing};
use crate::domain::event::EventKind;
use crate::domain::validate;
use crate::i18n::{Lang, Msg};
use crate::store::campaigns::{Campaign, NewCampaign, Reach};
use crate::store::{Db, StoreError};

impl CampaignRefusal {
    /// The refusal in one sentence.
    pub fn message(&self, lang: Lang) -> String {
        use CampaignRefusal as R;
        match self {
            R::Occasion(s) => Msg::CpBadOccasion.fill(lang, &[("v", s)]),
            R::Status(s) => Msg::CpBadStatus.fill(lang, &[("v", s)]),
            R::NoName => Msg::CpNoName.get(lang).to_string(),
            R::NoNamePlaceholder => Msg::CpNoNamePlaceholder.get(lang).to_string(),
            R::Placeholder(p) => Msg::CpBadPlaceholder.fill(lang, &[("v", p)]),
            R::TooLong => Msg::CpTooLong.get(lang).to_string(),
            R::Dates => Msg::CpDates.get(lang).to_string(),
            R::Window => Msg::CpWindow.fill(lang, &[("n", &rules::MAX_WINDOW_DAYS)]),
            R::Unknown(v) => Msg::CpUnknown.fill(lang, &[("v", v)]),
            R::NoCampaign(id) => Msg::CpNoCampaign.fill(lang, &[("id", id)]),
            R::NotManager(m) => Msg::DormantNotManager.fill(lang, &[("m", m)]),
            R::NotRunning { starts, ends } => {
                Msg::CpNotRunning.fill(lang, &[("a", starts), ("b", ends)])
            }
        }
    }
}

impl From<CampaignRefusal> for OpError {
    fn from(r: CampaignRefusal) -> Self {
        OpError::Campaign(r)
    }
}

/// The head defines a campaign. Every field is checked first; nothing is
/// saved when one is wrong. Returns the campaign's id.
pub fn add(db: &Db, op: &Op, def: &NewCampaign) -> Result<i64, OpError> {
    op.require(Act::Campaign, Target::Branch)?;
    let def = checked(op.catalog, def)?;
    let id = db.add_campaign(&def, &op.who.code, op.now)?;
    // Its audience at definition, kept for the Review's list (counted live
    // by `campaign show` and at each send).
    let audience = self::audience(db, op.catalog, op.now, &find(db, id)?)?.len();
    op.event(
        db,
        EventKind::CampaignAdd,
        Some(id),
        json!({
            "occasion": def.occasion,
            "starts": def.starts.to_string(),
            "ends": def.ends.to_string(),
            "tier": def.tier,
            "line": def.line,
            "status": def.status,
            "tag": def.tag.is_some(),
            "window_days": def.window_days,
            "audience": audience,
        }),
    )?;
    Ok(id)
}

/// The definition with its texts trimmed, or why it is refused.
fn checked(catalog: &Catalog, def: &NewCampaign) -> Result<NewCampaign, OpError> {
    let name = validate::text(&def.name, 40, true)
        .map_err(|e| OpError::Field(Msg::CpNoName, e))?
        .ok_or(CampaignRefusal::NoName)?;
    let template = def.template.trim().to_string();
    rules::check_template(&template)?;
    validate::text(&template, 300, true).map_err(|e| OpError::Field(Msg::CpTooLong, e))?;
    let occasion = Occasion::parse(&def.occasion)?;
    let status = def.status.as_deref().map(Standing::parse).transpose()?;
    rules::check_dates(def.starts, def.ends, def.window_days)?;
    let known = |list: &[crate::config::Entry], v: &Option<String>| match v {
        Some(code) if !list.iter().any(|e| &e.code == code) => {
            Err(CampaignRefusal::Unknown(code.clone()))
        }
        _ => Ok(()),
    };
    known(&catalog.tiers, &def.tier)?;
    known(&catalog.lines, &def.line)?;
    let tag = match &def.tag {
        Some(t) => {
            validate::text(t, 20, false).map_err(|e| OpError::Field(Msg::ImpFieldTags, e))?
        }
        None => None,
    };
    Ok(NewCampaign {
        occasion: occasion.as_str().to_string(),
        name,
        template,
        status: status.map(|s| s.as_str().to_string()),
        tag,
        ..def.clone()
    })
}

/// The campaign's audience at `now`: consenting clients of its tier, line,
/// standing and tag, sent or not. A client who has not consented is never
/// in it, whatever the filter.
pub fn audience(
    db: &Db,
    catalog: &Catalog,
    now: DateTime<Utc>,
    c: &Campaign,
) -> Result<Vec<Reach>, StoreError> {
    let reach = db.campaign_reach(c.id, c.def.tier.as_deref())?;
    let standing = c
        .def
        .status
        .as_deref()
        .and_then(|s| Standing::parse(s).ok());
    let dormant: HashSet<i64> = match standing {
        Some(Standing::Dormant | Standing::Active) => {
            super::dormancy::list(db, catalog, now, usize::MAX >> 1)?
                .into_iter()
                .map(|d| d.client.id)
                .collect()
        }
        _ => HashSet::new(),
    };
    let role = c
        .def
        .line
        .as_deref()
        .and_then(|l| catalog.line(l))
        .and_then(|l| l.role.clone());
    Ok(reach
        .into_iter()
        .filter(|r| rules::may_message(r.consent))
        .filter(|r| match &c.def.line {
            None => true,
            Some(line) => {
                r.lines.contains(line)
                    || r.manager.as_ref().is_some_and(|(_, _, roles)| {
                        role.as_ref().is_some_and(|x| roles.contains(x))
                    })
            }
        })
        .filter(|r| match standing {
            None => true,
            Some(Standing::Prospect) => r.prospect,
            Some(Standing::Dormant) => dormant.contains(&r.client_id),
            Some(Standing::Active) => !r.prospect && !dormant.contains(&r.client_id),
        })
        .filter(|r| {
            c.def
                .tag
                .as_deref()
                .is_none_or(|t| rules::has_tag(&r.tags, t))
        })
        .collect())
}

/// The campaign by id, or its refusal.
pub fn find(db: &Db, id: i64) -> Result<Campaign, OpError> {
    Ok(db.campaign(id)?.ok_or(CampaignRefusal::NoCampaign(id))?)
}

/// One client's line of a sent list.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub client_id: i64,
    pub name: String,
    pub mobile: String,
    /// Their dedicated manager's name, or the branch's.
    pub manager: String,
    pub text: String,
}

/// What sending a campaign did.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub campaign: Campaign,
    pub rows: Vec<Message>,
    /// Clients of the audience sent this campaign before: left out.
    pub skipped: usize,
}

/// Send the campaign on one of its days: the clients of its audience not
/// yet sent it, each recorded as sent (on their history), and one
/// `campaign.send` with the counts. Discloses full names and mobiles: the
/// head's.
pub fn send(db: &Db, op: &Op, id: i64) -> Result<Sent, OpError> {
    op.require(Act::Campaign, Target::Branch)?;
    let c = find(db, id)?;
    rules::check_running(c.def.starts, c.def.ends, op.day)?;
    let reach = audience(db, op.catalog, op.now, &c)?;
    let skipped = reach.iter().filter(|r| r.sent).count();
    let branch = op.catalog.branch.name_zh.clone();
    let mut rows = Vec::new();
    for r in reach.into_iter().filter(|r| !r.sent) {
        if !db.add_campaign_send(c.id, r.client_id, &op.who.code, op.now)? {
            continue;
        }
        let manager = r
            .manager
            .map_or_else(|| branch.clone(), |(_, name, _)| name);
        rows.push(Message {
            client_id: r.client_id,
            text: rules::render(&c.def.template, &r.name, &manager),
            name: r.name,
            mobile: r.mobile,
            manager,
        });
    }
    op.event(
        db,
        EventKind::CampaignSend,
        Some(c.id),
        json!({"rows": rows.len(), "skipped": skipped, "audience": rows.len() + skipped}),
    )?;
    Ok(Sent {
        campaign: c,
        rows,
        skipped,
    })
}

/// A campaign's figures: its audience now, how many were sent it, and how
/// many of those contracted within its window.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Figures {
    pub id: i64,
    pub name: String,
    pub occasion: String,
    pub audience: i64,
    pub sent: i64,
    pub contracts: i64,
    pub window_days: i64,
}

pub fn figures(
    db: &Db,
    catalog: &Catalog,
    now: DateTime<Utc>,
    c: &Campaign,
) -> Result<Figures, StoreError> {
    Ok(Figures {
        id: c.id,
        name: c.def.name.clone(),
        occasion: c.def.occasion.clone(),
        audience: audience(db, catalog, now, c)?.len() as i64,
        sent: db.campaign_sent(c.id)?,
        contracts: db.campaign_contracts(c.id, c.def.window_days)?,
        window_days: c.def.window_days,
    })
}
