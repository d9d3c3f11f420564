//! Pairs (接对子) and dedicated managers (专属客户经理): who a teller works
//! with on each line, and which manager a client has as their own.

use std::collections::BTreeMap;

use super::{ts, Db, Result};
use crate::args;
use chrono::{DateTime, Utc};

/// The SQL of [`Db::pair_cards`]: off the index of the cards flagged through
/// a pair alone, grouped by pair in memory.
pub const PAIR_CARDS: &str = "SELECT referrer, line, assigned_to, created_at, accepted_at,
   CAST(CASE WHEN status = 'contracted' THEN 1 ELSE 0 END AS BIGINT)
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
        self.all(
            "SELECT teller, line, manager FROM pairs ORDER BY teller, line",
            args![],
            |r| {
                Ok(Pair {
                    teller: r.get(0)?,
                    line: r.get(1)?,
                    manager: r.get(2)?,
                })
            },
        )
    }

    /// The manager a teller works with on a line, if any.
    pub fn pair_manager(&self, teller: &str, line: &str) -> Result<Option<String>> {
        self.opt(
            "SELECT manager FROM pairs WHERE teller = ?1 AND line = ?2",
            args![teller, line],
            |r| r.get(0),
        )
    }

    /// Set (or replace) a teller's manager on a line.
    pub fn set_pair(&self, p: &Pair, now: DateTime<Utc>) -> Result<()> {
        self.run(
            "INSERT INTO pairs (teller, line, manager, set_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (teller, line) DO UPDATE SET manager = ?3, set_at = ?4",
            args![p.teller, p.line, p.manager, ts(now)],
        )?;
        Ok(())
    }

    /// Remove a teller's pair on a line: whether there was one.
    pub fn remove_pair(&self, teller: &str, line: &str) -> Result<bool> {
        let n = self.run(
            "DELETE FROM pairs WHERE teller = ?1 AND line = ?2",
            args![teller, line],
        )?;
        Ok(n == 1)
    }

    /// A client's dedicated manager, if any.
    pub fn client_manager(&self, client: i64) -> Result<Option<String>> {
        Ok(self
            .opt(
                "SELECT manager FROM clients WHERE id = ?1",
                args![client],
                |r| r.get::<Option<String>>(0),
            )?
            .flatten())
    }

    /// Set or clear a client's dedicated manager.
    pub fn set_client_manager(&self, client: i64, manager: Option<&str>) -> Result<()> {
        self.run(
            "UPDATE clients SET manager = ?2 WHERE id = ?1",
            args![client, manager],
        )?;
        Ok(())
    }

    /// Mark a card as gone to its teller's paired manager.
    pub fn mark_via_pair(&self, card: i64) -> Result<()> {
        self.run("UPDATE cards SET via_pair = 1 WHERE id = ?1", args![card])?;
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
        let mut by_pair: BTreeMap<Pair, PairCards> = BTreeMap::new();
        self.each(PAIR_CARDS, args![ts(from), ts(to)], |r| {
            let pair = Pair {
                teller: r.get(0)?,
                line: r.get(1)?,
                manager: r.get(2)?,
            };
            let (created, accepted) = (r.get::<i64>(3)?, r.get::<Option<i64>>(4)?);
            let c = by_pair.entry(pair).or_default();
            c.referrals += 1;
            if let Some(a) = accepted {
                c.accepted += 1;
                c.waits.push((a - created).max(0));
            }
            c.contracted += r.get::<i64>(5)?;
            Ok(())
        })?;
        Ok(by_pair.into_iter().collect())
    }
}
