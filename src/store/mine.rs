//! The Mine tab's queries (我的): the cards a person referred, at every depth
//! of re-referral, that something happened to in a range of business days,
//! and the records that earned them points there, one row each.
//!
//! Both read the person's own rows of the range through their person-and-time
//! indexes (migration 026: `cards_referrer_*`, `cards_referred_by_created`,
//! `cards_closer_outcome`, `contacts_by_at`), so a quarter reads only that
//! person's rows of that quarter (`tests/query_plans.rs`).

use std::collections::HashMap;

use super::report::Bounds;
use super::sql::{any_json_id, Q};
use super::{from_ts, Db, Result};
use crate::args;
use crate::domain::card::CardStatus;
use chrono::{DateTime, Utc};

/// At most this many cards, and this many earning records, are listed.
pub const LIMIT: usize = 500;

/// A listed card's columns, for the cards picked (`m`: id, root_id), in
/// the order picked. The parameters of every statement here: `?1` the
/// range's start, `?2` its end (exclusive), `?3` the person, `?4` the limit.
macro_rules! my_cards {
    ($pick:expr) => {
        concat!(
            "SELECT k.id, k.parent_id, k.root_id, k.client_id, k.line, k.need, k.status,
        k.objection, k.product, k.amount_cents, k.created_at, k.outcome_at, k.receiver,
        rv.name, c.name, c.mobile, k.referred_by
 FROM (",
            $pick,
            ") m
 CROSS JOIN cards k
 JOIN clients c ON c.id = k.client_id
 LEFT JOIN staff rv ON rv.code = k.receiver
 WHERE k.id = m.id
 ORDER BY k.root_id DESC, k.id"
        )
    };
}

/// The SQL of [`Db::my_referrals`] for a range with few of the person's
/// cards: the cards crediting the person as original referrer (`referrer`,
/// kept through re-referral) made, accepted or settled in the range, newest
/// chain first, each chain in the order it grew: the first `?4` chosen off
/// the referrer's time indexes before a client is read.
pub const MY_REFERRALS: &str = my_cards!(
    "SELECT id, root_id FROM cards WHERE created_at >= ?1 AND created_at < ?2 AND referrer = ?3
     UNION
     SELECT id, root_id FROM cards WHERE accepted_at >= ?1 AND accepted_at < ?2 AND referrer = ?3
     UNION
     SELECT id, root_id FROM cards WHERE outcome_at >= ?1 AND outcome_at < ?2 AND referrer = ?3
     ORDER BY root_id DESC, id LIMIT ?4"
);

/// The same cards for a range holding at least `?4` the person made
/// ([`MY_MADE`]): read newest chain first off `cards_referrer_root`, each
/// entry's times checked in the index, until `?4` are found, instead of
/// gathering and sorting every card of the range.
pub const MY_REFERRALS_BY_CHAIN: &str = my_cards!(
    "SELECT id, root_id FROM cards INDEXED BY cards_referrer_root
     WHERE referrer = ?3
       AND (created_at >= ?1 AND created_at < ?2 OR accepted_at >= ?1 AND accepted_at < ?2
            OR outcome_at >= ?1 AND outcome_at < ?2)
     ORDER BY root_id DESC, id LIMIT ?4"
);

/// How many cards the person made in the range, counted up to `?4`.
pub const MY_MADE: &str = "SELECT count(*) FROM (SELECT 1 FROM cards
     WHERE referrer = ?3 AND created_at >= ?1 AND created_at < ?2 LIMIT ?4) m";

/// The SQL of [`Db::chain_links`]: each card of the given chains (a JSON
/// array of root ids, `?1`) with its parent, by `cards_root`.
pub const CHAIN_LINKS: &str = "SELECT id, parent_id FROM cards
 WHERE root_id IN (SELECT value FROM json_each(?1))";

/// [`CHAIN_LINKS`] as the server reads it: the root ids from the JSON text.
const CHAIN_LINKS_PG: &str = concat!(
    "SELECT id, parent_id FROM cards WHERE root_id = ",
    any_json_id!()
);

/// The SQL of [`Db::my_credits`]: what earned the person points in the range,
/// by the report's rules (`report::REPORT_STAFF`, one row per record here):
/// a card made, a contract crediting them as original referrer, a contract
/// they closed, a contact logged. Newest first: one compound statement
/// whose arms are read newest first off their person-and-time indexes
/// (migration 026; `+status` keeps the converted arm on the referrer's) and
/// merged, so it stops at the limit rather than sorting the whole range.
pub const MY_CREDITS: &str = "SELECT 'referral' AS kind, id, created_at AS at, line FROM cards
    WHERE created_at >= ?1 AND created_at < ?2 AND referred_by = ?3
    UNION ALL
    SELECT 'converted', id, outcome_at, line FROM cards
    WHERE +status = 'contracted' AND outcome_at >= ?1 AND outcome_at < ?2 AND referrer = ?3
    UNION ALL
    SELECT 'closed', id, outcome_at, line FROM cards
    WHERE status = 'contracted' AND outcome_at >= ?1 AND outcome_at < ?2
      AND coalesce(closed_by, receiver) = ?3
    UNION ALL
    SELECT 'contact', prospect_id, at, NULL FROM contacts
    WHERE at >= ?1 AND at < ?2 AND \"by\" = ?3
 ORDER BY at DESC, id DESC LIMIT ?4";

/// [`MY_CREDITS`] as the server reads it: without SQLite's `+`, which keeps
/// an index out of SQLite's plan and is no operator on text here.
const MY_CREDITS_PG: &str = "SELECT 'referral' AS kind, id, created_at AS at, line FROM cards
    WHERE created_at >= $1 AND created_at < $2 AND referred_by = $3
    UNION ALL
    SELECT 'converted', id, outcome_at, line FROM cards
    WHERE status = 'contracted' AND outcome_at >= $1 AND outcome_at < $2 AND referrer = $3
    UNION ALL
    SELECT 'closed', id, outcome_at, line FROM cards
    WHERE status = 'contracted' AND outcome_at >= $1 AND outcome_at < $2
      AND coalesce(closed_by, receiver) = $3
    UNION ALL
    SELECT 'contact', prospect_id, at, NULL FROM contacts
    WHERE at >= $1 AND at < $2 AND \"by\" = $3
 ORDER BY at DESC, id DESC LIMIT $4";

/// One card of a person's referrals, as the Mine tab lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct MyCard {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub root_id: i64,
    /// Re-referrals above it in its chain: 0 for the card the person made.
    pub depth: usize,
    pub client_id: i64,
    pub client_name: Option<String>,
    pub client_mobile: Option<String>,
    pub line: String,
    pub need: String,
    pub status: CardStatus,
    pub objection: Option<String>,
    pub product: Option<String>,
    pub amount_cents: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub outcome_at: Option<DateTime<Utc>>,
    pub receiver: Option<String>,
    pub receiver_name: Option<String>,
    /// Who made this card (me, or the manager who referred it on).
    pub referred_by: String,
}

/// One record that earned a person points: its kind (`referral`,
/// `converted`, `closed`, `contact`), the card's or prospect's id, when, and
/// the card's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditRow {
    pub kind: String,
    pub id: i64,
    pub at: DateTime<Utc>,
    pub line: Option<String>,
}

impl Db<'_> {
    /// The cards crediting `me` that were made, accepted or settled in the
    /// range, each with its depth in its chain; newest chain first.
    pub fn my_referrals(&self, me: &str, b: &Bounds) -> Result<Vec<MyCard>> {
        let args = args![b.start, b.end, me, LIMIT as i64];
        let made: i64 = self.one(MY_MADE, args, |r| r.get(0))?;
        let sql = if made as usize >= LIMIT {
            MY_REFERRALS_BY_CHAIN
        } else {
            MY_REFERRALS
        };
        let mut cards = self.all(sql, args, |r| {
            let status: String = r.get(6)?;
            Ok(MyCard {
                id: r.get(0)?,
                parent_id: r.get(1)?,
                root_id: r.get::<Option<i64>>(2)?.unwrap_or(r.get(0)?),
                depth: 0,
                client_id: r.get(3)?,
                line: r.get(4)?,
                need: r.get(5)?,
                status: CardStatus::parse(&status).unwrap_or(CardStatus::New),
                objection: r.get(7)?,
                product: r.get(8)?,
                amount_cents: r.get(9)?,
                created_at: from_ts(r.get(10)?),
                outcome_at: r.get::<Option<i64>>(11)?.map(from_ts),
                receiver: r.get(12)?,
                receiver_name: r.get(13)?,
                client_name: r.get(14)?,
                client_mobile: r.get(15)?,
                referred_by: r.get(16)?,
            })
        })?;
        let parents = self.chain_links(cards.iter().map(|c| c.root_id))?;
        for c in &mut cards {
            c.depth = depth(&parents, c.id);
        }
        Ok(cards)
    }

    /// Each card of the chains begun by `roots`, with its parent.
    pub fn chain_links(
        &self,
        roots: impl Iterator<Item = i64>,
    ) -> Result<HashMap<i64, Option<i64>>> {
        let mut roots: Vec<i64> = roots.collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.is_empty() {
            return Ok(HashMap::new());
        }
        let json = serde_json::to_string(&roots).unwrap_or_else(|_| "[]".into());
        let mut links = HashMap::new();
        self.each(
            Q::per_engine(CHAIN_LINKS, CHAIN_LINKS_PG),
            args![json],
            |r| {
                links.insert(r.get(0)?, r.get(1)?);
                Ok(())
            },
        )?;
        Ok(links)
    }

    /// What earned `me` points in the range, newest first.
    pub fn my_credits(&self, me: &str, b: &Bounds) -> Result<Vec<CreditRow>> {
        self.all(
            Q::per_engine(MY_CREDITS, MY_CREDITS_PG),
            args![b.start, b.end, me, LIMIT as i64],
            |r| {
                Ok(CreditRow {
                    kind: r.get(0)?,
                    id: r.get(1)?,
                    at: from_ts(r.get(2)?),
                    line: r.get(3)?,
                })
            },
        )
    }
}

/// How many parents a card has above it (a chain is short; a loop, which
/// the store never writes, stops at the number of cards).
fn depth(parents: &HashMap<i64, Option<i64>>, id: i64) -> usize {
    let mut n = 0;
    let mut at = id;
    while let Some(Some(parent)) = parents.get(&at) {
        n += 1;
        at = *parent;
        if n > parents.len() {
            break;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_the_parents() {
        let links: HashMap<i64, Option<i64>> =
            [(1, None), (2, Some(1)), (3, Some(2)), (9, Some(9))].into();
        assert_eq!(depth(&links, 1), 0);
        assert_eq!(depth(&links, 3), 2);
        assert_eq!(depth(&links, 7), 0);
        assert!(depth(&links, 9) <= links.len() + 1);
    }
}
