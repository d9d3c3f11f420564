//! Pairs (接对子) and dedicated managers (专属客户经理): who a teller works
//! with on each line, and which manager a client has as their own.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{ts, Db, Result};

/// The SQL of [`Db::pair_cards`]: off the index of the cards flagged through
/// a pair alone, grouped by pair in memory.
pub const PAIR_CARDS: &str =
    "SELECT referrer, line, assigned_to, created_at, accepted_at, status = 'contracted'
 FROM cards INDEXED BY cards_pair
 WHERE via_pair = 1 AND assigned_to IS NOT NULL AND created_at >= ?1 AND created_at < ?2";

/// One pair: a teller and the manager they work with on a line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    pub teller: String,
    pub line: String,
    pub manager: String,
}

/// A pair's cards over a span, as the review and the report count them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairCards {
    /// Cards the teller flagged for the line that were meant for the manager.
    pub referrals: i64,
    /// Of them, accepted (by anyone) and contracted.
    pub accepted: i64,
    pub contracted: i64,
    /// Seconds from each accepted card's creation to its acceptance.
    pub waits: Vec<i64>,
}

impl Db<'_> {
    /// Every pair, by teller then line.
    pub fn pairs(&self) -> Result<Vec<Pair>> {
        let mut stmt = self
            .lite()?
            .prepare_cached("SELECT teller, line, manager FROM pairs ORDER BY teller, line")?;
        let rows = stmt.query_map([], |r| {
            Ok(Pair {
                teller: r.get(0)?,
                line: r.get(1)?,
                manager: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The manager a teller works with on a line, if any.
    pub fn pair_manager(&self, teller: &str, line: &str) -> Result<Option<String>> {
        Ok(self
            .lite()?
            .prepare_cached("SELECT manager FROM pairs WHERE teller = ?1 AND line = ?2")?
            .query_row(params![teller, line], |r| r.get(0))
            .optional()?)
    }

    /// Set (or replace) a teller's manager on a line.
    pub fn set_pair(&self, p: &Pair, now: DateTime<Utc>) -> Result<()> {
        self.lite()?
            .prepare_cached(
                "INSERT INTO pairs (teller, line, manager, set_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (teller, line) DO UPDATE SET manager = ?3, set_at = ?4",
            )?
            .execute(params![p.teller, p.line, p.manager, ts(now)])?;
        Ok(())
    }

    /// Remove a teller's pair on a line: whether there was one.
    pub fn remove_pair(&self, teller: &str, line: &str) -> Result<bool> {
        let n = self
            .lite()?
            .prepare_cached("DELETE FROM pairs WHERE teller = ?1 AND line = ?2")?
            .execute(params![teller, line])?;
        Ok(n == 1)
    }

    /// A client's dedicated manager, if any.
    pub fn client_manager(&self, client: i64) -> Result<Option<String>> {
        Ok(self
            .lite()?
            .prepare_cached("SELECT manager FROM clients WHERE id = ?1")?
            .query_row([client], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Set or clear a client's dedicated manager.
    pub fn set_client_manager(&self, client: i64, manager: Option<&str>) -> Result<()> {
        self.lite()?
            .prepare_cached("UPDATE clients SET manager = ?2 WHERE id = ?1")?
            .execute(params![client, manager])?;
        Ok(())
    }

    /// Mark a card as gone to its teller's paired manager.
    pub fn mark_via_pair(&self, card: i64) -> Result<()> {
        self.lite()?
            .prepare_cached("UPDATE cards SET via_pair = 1 WHERE id = ?1")?
            .execute([card])?;
        Ok(())
    }

    /// Each pair's cards created in `[from, to)` (the pair as it was when
    /// the card was flagged): how many, accepted, contracted, and the waits
    /// before acceptance; by teller, line, manager.
    pub fn pair_cards(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(Pair, PairCards)>> {
        let mut stmt = self.lite()?.prepare_cached(PAIR_CARDS)?;
        let rows = stmt.query_map(params![ts(from), ts(to)], |r| {
            Ok((
                Pair {
                    teller: r.get(0)?,
                    line: r.get(1)?,
                    manager: r.get(2)?,
                },
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        let mut by_pair: BTreeMap<Pair, PairCards> = BTreeMap::new();
        for row in rows {
            let (pair, created, accepted, contracted) = row?;
            let c = by_pair.entry(pair).or_default();
            c.referrals += 1;
            if let Some(a) = accepted {
                c.accepted += 1;
                c.waits.push((a - created).max(0));
            }
            c.contracted += contracted as i64;
        }
        Ok(by_pair.into_iter().collect())
    }
}
