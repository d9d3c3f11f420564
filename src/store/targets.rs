//! Targets (目标任务): the table the branch head sets, and the figures done
//! against them, counted by the same definitions as the report
//! (`card_made!`, `card_contracted!`, `card_closer!`, `contact_logged!` in
//! `store::report`).

use super::days::{days, key};
use super::report::Bounds;
use super::sql::{Row, Q};
use super::{from_ts, ts, Db, Result};
use crate::args;
use crate::domain::target::{Measure, Period, Scope, Target, Whom};
use chrono::{DateTime, NaiveDate, Utc};

/// A target as stored: who set it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTarget {
    pub id: i64,
    pub target: Target,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, whom_kind, whom_code, measure, scope, period, value, set_by, set_at";

/// A row, or `None` for one this version cannot read (a newer measure).
fn stored(r: &Row) -> Result<Option<StoredTarget>> {
    let kind: String = r.get(1)?;
    let code: String = r.get(2)?;
    let measure: String = r.get(3)?;
    let scope: String = r.get(4)?;
    let period: String = r.get(5)?;
    let (Some(whom), Ok(measure), Some(scope), Ok(period)) = (
        Whom::from_parts(&kind, &code),
        Measure::parse(&measure),
        Scope::parse(&scope),
        Period::parse(&period),
    ) else {
        return Ok(None);
    };
    Ok(Some(StoredTarget {
        id: r.get(0)?,
        target: Target {
            whom,
            measure,
            scope,
            period,
            value: r.get(6)?,
        },
        set_by: r.get(7)?,
        set_at: from_ts(r.get(8)?),
    }))
}

/// What a person, or a line, did in a range on the cards of one need
/// category and product (`None`: a card without one, or a contact whose
/// prospect came from no card); a target's scope adds up the rows it covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetRow {
    /// `person` or `line`.
    pub kind: String,
    pub code: String,
    pub need: Option<String>,
    pub product: Option<String>,
    pub referrals: i64,
    pub contracts: i64,
    pub amount_cents: i64,
    pub contacts: i64,
}

/// The SQL of [`Db::target_rows`]. A person: the cards they made; the
/// contracted cards crediting them as original referrer or as closer (each
/// card once, its amount once); the contacts they logged. A line: the cards
/// made on it, contracted on it (and their amount), the contacts logged on
/// its prospects. A contact takes its prospect's source card's need and
/// product.
pub const TARGET_ROWS: &str = concat!(
    "SELECT kind, code, need, product, sum(ref), sum(con), sum(amt), sum(cont) FROM (
    SELECT 'person' AS kind, c.referred_by AS code, c.need AS need, c.product AS product,
           1 AS ref, 0 AS con, 0 AS amt, 0 AS cont
    FROM cards c WHERE ",
    card_made!(),
    "
    UNION ALL
    SELECT 'line', c.line, c.need, c.product, 1, 0, 0, 0 FROM cards c WHERE ",
    card_made!(),
    "
    UNION ALL
    SELECT 'person', who, need, product, 0, 1, amt, 0 FROM (
        SELECT c.referrer AS who, c.id, c.need AS need, c.product AS product,
               coalesce(c.amount_cents, 0) AS amt FROM cards c
        WHERE ",
    card_contracted!(),
    "
        UNION
        SELECT ",
    card_closer!(),
    ", c.id, c.need, c.product, coalesce(c.amount_cents, 0) FROM cards c
        WHERE ",
    card_contracted!(),
    " AND ",
    card_closer!(),
    " IS NOT NULL) AS credited
    UNION ALL
    SELECT 'line', c.line, c.need, c.product, 0, 1, coalesce(c.amount_cents, 0), 0
    FROM cards c WHERE ",
    card_contracted!(),
    "
    UNION ALL
    SELECT 'person', t.\"by\", c.need, c.product, 0, 0, 0, 1
    FROM contacts t JOIN prospects p ON p.id = t.prospect_id
         LEFT JOIN cards c ON c.id = p.source_card
    WHERE t.",
    contact_logged!(),
    "
    UNION ALL
    SELECT 'line', p.line, c.need, c.product, 0, 0, 0, 1
    FROM contacts t JOIN prospects p ON p.id = t.prospect_id
         LEFT JOIN cards c ON c.id = p.source_card
    WHERE t.",
    contact_logged!(),
    " AND p.line IS NOT NULL
 ) AS t GROUP BY kind, code, need, product ORDER BY kind, code, need, product"
);

/// The days from the first closed day to the day before `?1`, as
/// [`Db::quiet_days_without_targets`] looks at them.
const QUIET_DAYS: &str = "WITH RECURSIVE d(day) AS (
     SELECT min(day) FROM day_closes
     UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < ?1)
 SELECT day FROM d WHERE day < ?1
   AND NOT EXISTS (SELECT 1 FROM day_targets t INDEXED BY day_targets_day
                   WHERE t.day = d.day)
   AND NOT EXISTS (SELECT 1 FROM day_closes c WHERE c.day = d.day)
   AND NOT EXISTS (SELECT 1 FROM tickets k WHERE k.day = d.day)";

/// [`QUIET_DAYS`] with the server's date arithmetic.
const QUIET_DAYS_PG: &str = "WITH RECURSIVE d(day) AS (
     SELECT min(day) FROM day_closes
     UNION ALL SELECT to_char(day::date + 1, 'YYYY-MM-DD') FROM d WHERE day < $1)
 SELECT day FROM d WHERE day < $1
   AND NOT EXISTS (SELECT 1 FROM day_targets t WHERE t.day = d.day)
   AND NOT EXISTS (SELECT 1 FROM day_closes c WHERE c.day = d.day)
   AND NOT EXISTS (SELECT 1 FROM tickets k WHERE k.day = d.day)";

impl Db<'_> {
    /// Set a target: a new one, or a new value for the same whom, measure,
    /// scope and period. Its id, and the value it replaced.
    pub fn put_target(
        &self,
        t: &Target,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(i64, Option<i64>)> {
        let key = (
            t.whom.kind(),
            t.whom.code(),
            t.measure.as_str(),
            t.scope.key(),
        );
        let period = t.period.to_string();
        let before: Option<i64> = self.opt(
            "SELECT value FROM targets WHERE whom_kind = ?1 AND whom_code = ?2
             AND measure = ?3 AND scope = ?4 AND period = ?5",
            args![key.0, key.1, key.2, key.3, period],
            |r| r.get(0),
        )?;
        let id = self.one(
            "INSERT INTO targets
             (whom_kind, whom_code, measure, scope, period, value, set_by, set_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (whom_kind, whom_code, measure, scope, period)
             DO UPDATE SET value = excluded.value, set_by = excluded.set_by,
                           set_at = excluded.set_at
             RETURNING id",
            args![key.0, key.1, key.2, key.3, period, t.value, by, ts(at)],
            |r| r.get(0),
        )?;
        Ok((id, before))
    }

    /// Remove the target for a whom, measure, scope and period: the row
    /// removed, if there was one.
    pub fn delete_target(
        &self,
        whom: &Whom,
        measure: Measure,
        scope: &Scope,
        period: Period,
    ) -> Result<Option<StoredTarget>> {
        let found = self
            .opt(
                &format!(
                    "SELECT {COLUMNS} FROM targets WHERE whom_kind = ?1 AND whom_code = ?2
                     AND measure = ?3 AND scope = ?4 AND period = ?5"
                ),
                args![
                    whom.kind(),
                    whom.code(),
                    measure.as_str(),
                    scope.key(),
                    period.to_string()
                ],
                stored,
            )?
            .flatten();
        if let Some(t) = &found {
            self.run("DELETE FROM targets WHERE id = ?1", args![t.id])?;
        }
        Ok(found)
    }

    /// The targets of a period (every period: `None`), by period, people
    /// before lines, code, measure and scope.
    pub fn targets(&self, period: Option<Period>) -> Result<Vec<StoredTarget>> {
        let rows = self.all(
            &format!(
                "SELECT {COLUMNS} FROM targets WHERE CAST(?1 AS TEXT) IS NULL OR period = ?1
                 ORDER BY period, whom_kind DESC, whom_code, measure, scope"
            ),
            args![period.map(|p| p.to_string())],
            stored,
        )?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// What every person and every line did in the range `b`, by need
    /// category and product.
    pub fn target_rows(&self, b: &Bounds) -> Result<Vec<TargetRow>> {
        self.all_named(TARGET_ROWS, &[(":s", &b.start), (":e", &b.end)], |r| {
            Ok(TargetRow {
                kind: r.get(0)?,
                code: r.get(1)?,
                need: r.get(2)?,
                product: r.get(3)?,
                referrals: r.get(4)?,
                contracts: r.get(5)?,
                amount_cents: r.get(6)?,
                contacts: r.get(7)?,
            })
        })
    }

    /// Keep a past day's target rows (see `report::targets::done`), once: a
    /// day whose rows were kept before it was closed keeps them (its records
    /// could not change since).
    pub fn put_day_targets(&self, day: NaiveDate, rows: &str) -> Result<()> {
        self.run(
            "INSERT INTO day_targets (day, rows) VALUES (?1, ?2) ON CONFLICT (day) DO NOTHING",
            args![key(day), rows],
        )?;
        Ok(())
    }

    /// The days from the first closed day to the day before `today` that
    /// were neither closed nor kept and had no visit (a Sunday, a holiday):
    /// the days whose target rows the caller keeps, none as well (each day
    /// is checked once).
    pub fn quiet_days_without_targets(&self, today: NaiveDate) -> Result<Vec<NaiveDate>> {
        let rows = self.all(
            Q::per_engine(QUIET_DAYS, QUIET_DAYS_PG),
            args![key(today)],
            |r| r.get::<Option<String>>(0),
        )?;
        Ok(days(rows.into_iter().flatten()))
    }

    /// The kept target rows of the days in `from..=to`: each day
    /// (`YYYY-MM-DD`) with its JSON, by day.
    pub fn day_targets_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, String)>> {
        self.all(
            "SELECT day, rows FROM day_targets WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
            args![key(from), key(to)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Closed days without kept target rows (closed before they were kept),
    /// oldest first.
    pub fn closed_days_without_targets(&self) -> Result<Vec<NaiveDate>> {
        let rows = self.all(
            "SELECT c.day FROM day_closes c
             WHERE NOT EXISTS (SELECT 1 FROM day_targets t INDEXED BY day_targets_day
                               WHERE t.day = c.day)
             ORDER BY c.day",
            args![],
            |r| r.get(0),
        )?;
        Ok(days(rows))
    }
}
