//! Dormant clients (休眠客户): the tiers' thresholds as cutoffs, and putting a
//! dormant client on a manager's follow-up list (their dedicated manager's,
//! or the one chosen when they have none).

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{clients, prospects, Op, OpError};
use crate::config::Catalog;
use crate::domain::authority::{Act, Target};
use crate::domain::campaign::{dormant_before, CampaignRefusal};
use crate::domain::event::Record;
use crate::store::dormancy::{Dormant, TierCutoff};
use crate::store::prospects::NewProspect;
use crate::store::{Db, StoreError};

/// Each tier with a `dormant_days`, with the instant before which its
/// clients are dormant at `now`; later tiers in the settings rank higher.
pub fn cutoffs(catalog: &Catalog, now: DateTime<Utc>) -> Vec<TierCutoff> {
    catalog
        .tiers
        .iter()
        .enumerate()
        .filter_map(|(rank, t)| {
            t.dormant_days.map(|d| TierCutoff {
                tier: t.code.clone(),
                before: dormant_before(now, d),
                rank,
            })
        })
        .collect()
}

/// The dormant clients at `now`, biggest tiers first (at most `limit`).
pub fn list(
    db: &Db,
    catalog: &Catalog,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Dormant>, StoreError> {
    db.dormant_clients(&cutoffs(catalog, now), limit)
}

/// `f` on the dormant list: put the client on `owner`'s follow-ups, on the
/// owner's line, due by the cadence's first step. The owner is a line's
/// manager on the roster; the client keeps the consent they gave. Returns
/// the new prospect's id.
pub fn follow_up(db: &Db, op: &Op, client: i64, owner: &str) -> Result<i64, OpError> {
    op.require(Act::FollowDormant, Target::Branch)?;
    db.client(client)?.ok_or(OpError::Changed(Record::Client))?;
    let staff = db
        .staff(owner)?
        .filter(|s| s.active)
        .ok_or_else(|| OpError::Campaign(CampaignRefusal::NotManager(owner.to_string())))?;
    let person = super::person(&staff, op.catalog);
    let Some(line) = person.lines.first().cloned() else {
        return Err(OpError::Campaign(CampaignRefusal::NotManager(staff.name)));
    };
    if db.open_prospect(client, Some(&line))?.is_some() {
        return Err(OpError::AlreadyProspect);
    }
    clients::check_marketers(db, client, None, None, &[owner])?;
    let next_due = prospects::first_due(op.catalog, op.day);
    let prospect = NewProspect {
        client_id: client,
        owner: owner.to_string(),
        source_card: None,
        line: Some(line.clone()),
        next_due,
    };
    prospects::put(
        db,
        op,
        &prospect,
        json!({
            "dormant": true,
            "client": client,
            "owner": owner,
            "line": line,
            "next_due": next_due.to_string(),
        }),
    )
}
