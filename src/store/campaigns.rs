//! Campaigns (营销活动): the head's definitions, the clients they reach, and
//! one row per client sent, which shows on the client's history.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{Row, Q};
use super::{from_ts, ts, Db, Result, StoreError};
use crate::args;

/// A campaign as the head defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCampaign {
    pub occasion: String,
    pub name: String,
    pub template: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub tier: Option<String>,
    pub line: Option<String>,
    pub status: Option<String>,
    pub tag: Option<String>,
    pub window_days: i64,
}

/// A saved campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub id: i64,
    pub def: NewCampaign,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A campaign sent to a client: when, the campaign's id, name and occasion.
pub type SentTo = (DateTime<Utc>, i64, String, String);

/// A consenting client a campaign's tier and tag may reach, with what the
/// rest of its audience needs: their lines, their manager, whether they are
/// on the follow-up list, and whether this campaign was sent to them.
#[derive(Clone, Debug, PartialEq)]
pub struct Reach {
    pub client_id: i64,
    pub name: String,
    pub mobile: String,
    pub tags: String,
    pub consent: bool,
    /// The dedicated manager: (code, name, roles).
    pub manager: Option<(String, String, Vec<String>)>,
    /// Lines of the client's cards and prospects.
    pub lines: Vec<String>,
    pub prospect: bool,
    pub sent: bool,
}

const COLUMNS: &str = "id, occasion, name, template, starts, ends, tier, line, status, tag,
 window_days, created_at, created_by";

fn date(r: &Row, i: usize) -> Result<NaiveDate> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| {
        StoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            "date".into(),
        ))
    })
}

fn campaign(r: &Row) -> Result<Campaign> {
    Ok(Campaign {
        id: r.get(0)?,
        def: NewCampaign {
            occasion: r.get(1)?,
            name: r.get(2)?,
            template: r.get(3)?,
            starts: date(r, 4)?,
            ends: date(r, 5)?,
            tier: r.get(6)?,
            line: r.get(7)?,
            status: r.get(8)?,
            tag: r.get(9)?,
            window_days: r.get(10)?,
        },
        created_at: from_ts(r.get(11)?),
        created_by: r.get(12)?,
    })
}

/// The SQL of [`Db::campaign_reach`]: every client with a name and a mobile
/// who consented to contact, of the tier asked (any for NULL); the line, the
/// standing and the tag are the operation's to apply.
pub const REACH: &str =
    "SELECT c.id, c.name, c.mobile, c.tags, c.consent, c.manager, s.name, s.roles,
   (SELECT group_concat(line) FROM (SELECT line FROM cards WHERE client_id = c.id
      UNION SELECT line FROM prospects WHERE client_id = c.id AND line IS NOT NULL)),
   EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = c.id AND p.stage = 'open'),
   EXISTS (SELECT 1 FROM campaign_sends k WHERE k.campaign_id = ?1 AND k.client_id = c.id)
 FROM clients c LEFT JOIN staff s ON s.code = c.manager
 WHERE c.consent = 1 AND c.name IS NOT NULL AND c.name <> '' AND c.mobile IS NOT NULL
   AND (?2 IS NULL OR c.tier = ?2)
 ORDER BY c.id";

/// [`REACH`] as the server reads it: `string_agg` for `group_concat` (in
/// the lines' order), the flags as numbers.
const REACH_PG: &str =
    "SELECT c.id, c.name, c.mobile, c.tags, c.consent, c.manager, s.name, s.roles,
   (SELECT string_agg(line, ',' ORDER BY line) FROM (SELECT line FROM cards WHERE client_id = c.id
      UNION SELECT line FROM prospects WHERE client_id = c.id AND line IS NOT NULL) AS l),
   CAST(CASE WHEN EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = c.id AND p.stage = 'open')
     THEN 1 ELSE 0 END AS BIGINT),
   CAST(CASE WHEN EXISTS (SELECT 1 FROM campaign_sends k
       WHERE k.campaign_id = $1 AND k.client_id = c.id) THEN 1 ELSE 0 END AS BIGINT)
 FROM clients c LEFT JOIN staff s ON s.code = c.manager
 WHERE c.consent = 1 AND c.name IS NOT NULL AND c.name <> '' AND c.mobile IS NOT NULL
   AND (CAST($2 AS TEXT) IS NULL OR c.tier = $2)
 ORDER BY c.id";

/// The SQL of [`Db::campaign_kept_audience`].
const KEPT_AUDIENCE: &str = "SELECT json_extract(details, '$.audience') FROM events
 WHERE record = 'campaign' AND record_id = ?1
   AND kind IN ('campaign.send', 'campaign.add')
 ORDER BY id DESC LIMIT 1";

/// [`KEPT_AUDIENCE`] as the server reads it (its events' details are text).
const KEPT_AUDIENCE_PG: &str = "SELECT CAST(details::jsonb ->> 'audience' AS BIGINT) FROM events
 WHERE record = 'campaign' AND record_id = $1
   AND kind IN ('campaign.send', 'campaign.add')
 ORDER BY id DESC LIMIT 1";

/// The SQL of [`Db::campaign_report`].
const REPORT: &str = "SELECT c.id, c.name, c.occasion, c.window_days,
   (SELECT coalesce(json_extract(e.details, '$.audience'), 0) FROM events e
     WHERE e.record = 'campaign' AND e.record_id = c.id AND e.kind = 'campaign.send'
       AND e.at >= ?1 AND e.at < ?2 ORDER BY e.id DESC LIMIT 1),
   count(*),
   sum(EXISTS (SELECT 1 FROM cards d WHERE d.client_id = k.client_id
         AND d.status = 'contracted'
         AND d.outcome_at >= k.at AND d.outcome_at < k.at + c.window_days * 86400)
       OR EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = k.client_id
         AND p.stage = 'won'
         AND p.ended_at >= k.at AND p.ended_at < k.at + c.window_days * 86400))
 FROM campaign_sends k JOIN campaigns c ON c.id = k.campaign_id
 WHERE k.at >= ?1 AND k.at < ?2
 GROUP BY c.id ORDER BY c.id";

/// [`REPORT`] as the server reads it: the audience from the details' text,
/// the contracts counted as numbers, every column read grouped by.
const REPORT_PG: &str = "SELECT c.id, c.name, c.occasion, c.window_days,
   (SELECT coalesce(CAST(e.details::jsonb ->> 'audience' AS BIGINT), 0) FROM events e
     WHERE e.record = 'campaign' AND e.record_id = c.id AND e.kind = 'campaign.send'
       AND e.at >= $1 AND e.at < $2 ORDER BY e.id DESC LIMIT 1),
   count(*),
   sum(CASE WHEN EXISTS (SELECT 1 FROM cards d WHERE d.client_id = k.client_id
         AND d.status = 'contracted'
         AND d.outcome_at >= k.at AND d.outcome_at < k.at + c.window_days * 86400)
       OR EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = k.client_id
         AND p.stage = 'won'
         AND p.ended_at >= k.at AND p.ended_at < k.at + c.window_days * 86400)
     THEN 1 ELSE 0 END)
 FROM campaign_sends k JOIN campaigns c ON c.id = k.campaign_id
 WHERE k.at >= $1 AND k.at < $2
 GROUP BY c.id, c.name, c.occasion, c.window_days ORDER BY c.id";

impl Db<'_> {
    pub fn add_campaign(&self, c: &NewCampaign, by: &str, now: DateTime<Utc>) -> Result<i64> {
        self.insert(
            "INSERT INTO campaigns (occasion, name, template, starts, ends, tier, line, status,
             tag, window_days, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            args![
                c.occasion,
                c.name,
                c.template,
                c.starts.to_string(),
                c.ends.to_string(),
                c.tier,
                c.line,
                c.status,
                c.tag,
                c.window_days,
                ts(now),
                by
            ],
        )
    }

    pub fn campaign(&self, id: i64) -> Result<Option<Campaign>> {
        self.opt(
            &format!("SELECT {COLUMNS} FROM campaigns WHERE id = ?1"),
            args![id],
            campaign,
        )
    }

    /// Every campaign, newest first.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        self.all(
            &format!("SELECT {COLUMNS} FROM campaigns ORDER BY id DESC"),
            args![],
            campaign,
        )
    }

    /// The consenting clients of `tier` (any for `None`), as `campaign` sees them.
    pub fn campaign_reach(&self, campaign: i64, tier: Option<&str>) -> Result<Vec<Reach>> {
        self.all(Q::per_engine(REACH, REACH_PG), args![campaign, tier], |r| {
            let manager = match (r.get::<Option<String>>(5)?, r.get::<Option<String>>(6)?) {
                (Some(code), Some(name)) => {
                    let roles: String = r.get::<Option<String>>(7)?.unwrap_or_default();
                    let roles = roles.split(',').map(|s| s.trim().to_string()).collect();
                    Some((code, name, roles))
                }
                _ => None,
            };
            let lines: Option<String> = r.get(8)?;
            Ok(Reach {
                client_id: r.get(0)?,
                name: r.get(1)?,
                mobile: r.get(2)?,
                tags: r.get(3)?,
                consent: r.get::<i64>(4)? != 0,
                manager,
                lines: lines
                    .map(|l| l.split(',').map(String::from).collect())
                    .unwrap_or_default(),
                prospect: r.get::<i64>(9)? != 0,
                sent: r.get::<i64>(10)? != 0,
            })
        })
    }

    /// The audience counted at the campaign's last send, or at its
    /// definition (`None` when neither kept one): the newest of its
    /// `campaign.send` and `campaign.add` events, by `events_record`.
    pub fn campaign_kept_audience(&self, campaign: i64) -> Result<Option<i64>> {
        Ok(self
            .opt(
                Q::per_engine(KEPT_AUDIENCE, KEPT_AUDIENCE_PG),
                args![campaign],
                |r| r.get::<Option<i64>>(0),
            )?
            .flatten())
    }

    /// Record that `campaign` was sent to `client`. False if it was already.
    pub fn add_campaign_send(
        &self,
        campaign: i64,
        client: i64,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = self.run(
            "INSERT OR IGNORE INTO campaign_sends (campaign_id, client_id, at, by)
             VALUES (?1, ?2, ?3, ?4)",
            args![campaign, client, ts(now), by],
        )?;
        Ok(n == 1)
    }

    /// How many clients `campaign` was sent to.
    pub fn campaign_sent(&self, campaign: i64) -> Result<i64> {
        self.one(
            "SELECT count(*) FROM campaign_sends WHERE campaign_id = ?1",
            args![campaign],
            |r| r.get(0),
        )
    }

    /// The campaigns sent to a client, newest first: (at, campaign id, its
    /// name, its occasion).
    pub fn client_campaigns(&self, client: i64, limit: usize) -> Result<Vec<SentTo>> {
        self.all(
            "SELECT k.at, c.id, c.name, c.occasion FROM campaign_sends k
             JOIN campaigns c ON c.id = k.campaign_id
             WHERE k.client_id = ?1 ORDER BY k.at DESC LIMIT ?2",
            args![client, limit as i64],
            |r| Ok((from_ts(r.get(0)?), r.get(1)?, r.get(2)?, r.get(3)?)),
        )
    }

    /// A campaign's clients who contracted (a card contracted, a prospect
    /// won) within `window_days` of being sent it, each client once.
    pub fn campaign_contracts(&self, campaign: i64, window_days: i64) -> Result<i64> {
        self.one(
            "SELECT count(*) FROM campaign_sends k WHERE k.campaign_id = ?1 AND (
               EXISTS (SELECT 1 FROM cards d WHERE d.client_id = k.client_id
                 AND d.status = 'contracted'
                 AND d.outcome_at >= k.at AND d.outcome_at < k.at + CAST(?2 AS BIGINT) * 86400)
               OR EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = k.client_id
                 AND p.stage = 'won'
                 AND p.ended_at >= k.at AND p.ended_at < k.at + CAST(?2 AS BIGINT) * 86400))",
            args![campaign, window_days],
            |r| r.get(0),
        )
    }
}

/// One campaign's figures over a report's range.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub occasion: String,
    pub window_days: i64,
    /// The audience when it was last sent in the range (sent before, and
    /// sent then).
    pub audience: i64,
    pub sent: i64,
    pub contracts: i64,
}

impl Db<'_> {
    /// The campaigns sent in `[start, end)` (UTC seconds): each with its
    /// audience at its last send there, the clients sent it there, and how
    /// many of them contracted (a card contracted, a prospect won) within
    /// its window of being sent it.
    pub fn campaign_report(&self, start: i64, end: i64) -> Result<Vec<CampaignRow>> {
        self.all(Q::per_engine(REPORT, REPORT_PG), args![start, end], |r| {
            Ok(CampaignRow {
                id: r.get(0)?,
                name: r.get(1)?,
                occasion: r.get(2)?,
                window_days: r.get(3)?,
                audience: r.get::<Option<i64>>(4)?.unwrap_or(0),
                sent: r.get(5)?,
                contracts: r.get(6)?,
            })
        })
    }
}
