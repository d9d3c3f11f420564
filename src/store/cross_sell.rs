//! Cross-sell prompts as stored: each shown on a called ticket (once per
//! ticket and trigger), the cards flagged from one, and the report's counts
//! per trigger.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::Row;
use super::{ts, Db, Result};
use crate::args;

/// A prompt shown on a ticket: the trigger and the need it suggested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub ticket: i64,
    pub trigger: String,
    pub need: String,
}

/// A trigger's counts in a range: prompts shown, cards flagged from them,
/// and of those cards the ones contracted by now (the card or a card
/// referred on from it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TriggerCounts {
    pub trigger: String,
    pub shown: i64,
    pub referred: i64,
    pub contracted: i64,
}

/// The SQL of [`Db::cross_sell_counts`]: shown by the ticket's day, cards
/// by their creation time (the sums cast: the server sums integers as
/// numerics).
pub const COUNTS: &str =
    "SELECT trigger, CAST(sum(shown) AS BIGINT), CAST(sum(referred) AS BIGINT),
   CAST(sum(contracted) AS BIGINT) FROM (
    SELECT trigger, count(*) AS shown, 0 AS referred, 0 AS contracted
    FROM cross_sell_shown WHERE day >= ?1 AND day <= ?2 GROUP BY trigger
    UNION ALL
    SELECT x.trigger, 0, count(*),
           count(CASE WHEN EXISTS (SELECT 1 FROM cards k
                 WHERE k.root_id = coalesce(c.root_id, c.id) AND k.status = 'contracted')
                 OR c.status = 'contracted' THEN 1 END)
    FROM cross_sell_cards x JOIN cards c ON c.id = x.card_id
    WHERE c.created_at >= ?3 AND c.created_at < ?4 GROUP BY x.trigger
 ) AS counted GROUP BY trigger ORDER BY trigger";

fn shown(r: &Row) -> Result<Shown> {
    Ok(Shown {
        ticket: r.get(0)?,
        trigger: r.get(1)?,
        need: r.get(2)?,
    })
}

impl Db<'_> {
    /// Record a prompt shown on a ticket; `false` when it was already.
    pub fn add_cross_sell_shown(
        &self,
        s: &Shown,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = self.run(
            "INSERT OR IGNORE INTO cross_sell_shown (ticket_id, trigger, need, day, shown_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            args![
                s.ticket,
                s.trigger,
                s.need,
                day.format("%Y-%m-%d").to_string(),
                ts(now)
            ],
        )?;
        Ok(n == 1)
    }

    /// The prompts shown on the day's tickets (one indexed read).
    pub fn cross_sell_shown_on(&self, day: NaiveDate) -> Result<Vec<Shown>> {
        self.all(
            "SELECT ticket_id, trigger, need FROM cross_sell_shown WHERE day = ?1
             ORDER BY ticket_id, shown_at, trigger",
            args![day.format("%Y-%m-%d").to_string()],
            shown,
        )
    }

    /// The prompts shown on one ticket, first shown first.
    pub fn cross_sell_shown_for(&self, ticket: i64) -> Result<Vec<Shown>> {
        self.all(
            "SELECT ticket_id, trigger, need FROM cross_sell_shown WHERE ticket_id = ?1
             ORDER BY shown_at, trigger",
            args![ticket],
            shown,
        )
    }

    /// Remember that a card came from a ticket's prompt.
    pub fn add_cross_sell_card(&self, card: i64, ticket: i64, trigger: &str) -> Result<()> {
        self.run(
            "INSERT OR IGNORE INTO cross_sell_cards (card_id, ticket_id, trigger)
             VALUES (?1, ?2, ?3)",
            args![card, ticket, trigger],
        )?;
        Ok(())
    }

    /// The trigger a card came from, if any.
    pub fn cross_sell_of_card(&self, card: i64) -> Result<Option<String>> {
        self.opt(
            "SELECT trigger FROM cross_sell_cards WHERE card_id = ?1",
            args![card],
            |r| r.get(0),
        )
    }

    /// Each trigger's counts: prompts shown on tickets of the days
    /// `from..=to`, cards flagged from them in [`start`, `end`) (UTC seconds).
    pub fn cross_sell_counts(
        &self,
        from: &str,
        to: &str,
        start: i64,
        end: i64,
    ) -> Result<Vec<TriggerCounts>> {
        self.all(COUNTS, args![from, to, start, end], |r| {
            Ok(TriggerCounts {
                trigger: r.get(0)?,
                shown: r.get(1)?,
                referred: r.get(2)?,
                contracted: r.get(3)?,
            })
        })
    }
}
