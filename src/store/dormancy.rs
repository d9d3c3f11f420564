//! Dormant clients (休眠客户): known clients with no visit, card or contact
//! since their tier's threshold, read in one indexed query.

use super::clients::Client;
use super::sql::Q;
use super::{from_ts, ts, Db, Result};
use crate::args;
use chrono::{DateTime, Utc};

/// A dormant client and when they were last seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Dormant {
    pub client: Client,
    /// Their dedicated manager's code, if any.
    pub manager: Option<String>,
    /// The latest of their visits, cards, contacts, last large deposit and
    /// the day they were first recorded.
    pub last_seen: DateTime<Utc>,
}

/// One tier's rule for [`Db::dormant_clients`]: its code, the instant
/// before which its clients are dormant, and its rank (bigger tiers higher).
#[derive(Clone, Debug, PartialEq)]
pub struct TierCutoff {
    pub tier: String,
    pub before: DateTime<Utc>,
    pub rank: usize,
}

/// The SQL of [`Db::dormant_clients`]. The clients table is read through
/// once; each client's last visit, card and contact are one probe each on
/// `tickets_client`, `cards_client_created` and `prospects_client` with
/// `contacts_prospect`. A client on the follow-up list (an open prospect)
/// is being worked already and is left out, as is a purged one.
pub const DORMANT: &str = "WITH t AS (
   SELECT json_extract(value, '$[0]') AS tier, json_extract(value, '$[1]') AS before,
          json_extract(value, '$[2]') AS rank FROM json_each(?1)),
 seen AS (
   SELECT c.id, c.name, c.mobile, c.tier, c.consent, c.manager, t.rank, t.before,
     max(c.created_at,
         coalesce((SELECT max(arrived_at) FROM tickets WHERE client_id = c.id), 0),
         coalesce((SELECT max(created_at) FROM cards WHERE client_id = c.id), 0),
         coalesce((SELECT max(k.at) FROM prospects p JOIN contacts k ON k.prospect_id = p.id
                   WHERE p.client_id = c.id), 0),
         coalesce(CAST(strftime('%s', c.last_large_deposit) AS INTEGER), 0)) AS last_seen
   FROM clients c JOIN t ON t.tier = c.tier
   WHERE (c.name IS NOT NULL OR c.mobile IS NOT NULL)
     AND NOT EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = c.id AND p.stage = 'open'))
 SELECT id, name, mobile, tier, consent, manager, last_seen FROM seen
 WHERE last_seen < before
 ORDER BY rank DESC, last_seen ASC, id ASC LIMIT ?2";

/// [`DORMANT`] as the server reads it: the rules from the JSON text,
/// `greatest` for SQLite's scalar `max`, the day of the last large deposit
/// (`YYYY-MM-DD`) as the UTC seconds of its midnight, as SQLite's
/// `strftime('%s', …)` reads it.
const DORMANT_PG: &str = "WITH t AS (
   SELECT value->>0 AS tier, CAST(value->>1 AS BIGINT) AS before,
          CAST(value->>2 AS BIGINT) AS rank
   FROM jsonb_array_elements(CAST($1 AS TEXT)::jsonb)),
 seen AS (
   SELECT c.id, c.name, c.mobile, c.tier, c.consent, c.manager, t.rank, t.before,
     greatest(c.created_at,
         coalesce((SELECT max(arrived_at) FROM tickets WHERE client_id = c.id), 0),
         coalesce((SELECT max(created_at) FROM cards WHERE client_id = c.id), 0),
         coalesce((SELECT max(k.at) FROM prospects p JOIN contacts k ON k.prospect_id = p.id
                   WHERE p.client_id = c.id), 0),
         coalesce(CAST(extract(epoch FROM CAST(c.last_large_deposit AS date)) AS BIGINT), 0))
       AS last_seen
   FROM clients c JOIN t ON t.tier = c.tier
   WHERE (c.name IS NOT NULL OR c.mobile IS NOT NULL)
     AND NOT EXISTS (SELECT 1 FROM prospects p WHERE p.client_id = c.id AND p.stage = 'open'))
 SELECT id, name, mobile, tier, consent, manager, last_seen FROM seen
 WHERE last_seen < before
 ORDER BY rank DESC, last_seen ASC, id ASC LIMIT $2";

impl Db<'_> {
    /// Clients silent since their tier's cutoff, biggest tiers first, the
    /// longest silent first within a tier; at most `limit`.
    pub fn dormant_clients(&self, tiers: &[TierCutoff], limit: usize) -> Result<Vec<Dormant>> {
        let rules = serde_json::Value::Array(
            tiers
                .iter()
                .map(|t| serde_json::json!([t.tier, ts(t.before), t.rank]))
                .collect(),
        );
        self.all(
            Q::per_engine(DORMANT, DORMANT_PG),
            args![rules.to_string(), limit as i64],
            |r| {
                Ok(Dormant {
                    client: super::clients::client_of(r)?,
                    manager: r.get(5)?,
                    last_seen: from_ts(r.get(6)?),
                })
            },
        )
    }
}
