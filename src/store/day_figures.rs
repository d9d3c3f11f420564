//! The figures of closed days that add up over a range (`day_figures`): one
//! row per closed day, written with its close, read by a range report.

use super::days::{days, key};
use super::report::Bounds;
use super::sql::Q;
use super::{Db, Result};
use crate::args;
use chrono::NaiveDate;

/// One closed day's stored figures: the layout `version`, the grouped rows
/// as JSON and the waits' histogram as bytes (see `report::days`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayFigureRow {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub version: i64,
    pub rows: String,
    pub waits: Vec<u8>,
}

impl Db<'_> {
    /// Store a closed day's figures (once: a closed day's figures never
    /// change, so a second write for the same day is refused by the key).
    pub fn put_day_figures(&self, f: &DayFigureRow) -> Result<()> {
        self.run(
            "INSERT INTO day_figures (day, version, rows, waits) VALUES (?1, ?2, ?3, ?4)",
            args![f.day, f.version, f.rows, f.waits],
        )?;
        Ok(())
    }

    /// The stored figures of the closed days in `from..=to`, by day.
    pub fn day_figures_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayFigureRow>> {
        self.kept_rows(
            "SELECT day, version, rows, waits FROM day_figures
             WHERE day BETWEEN ?1 AND ?2 ORDER BY day"
                .into(),
            from,
            to,
        )
    }

    /// The kept days of `from..=to` without their waits (left empty): what
    /// a sum of the rows alone reads, not the waits' kilobytes.
    pub fn day_rows_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayFigureRow>> {
        self.kept_rows(
            Q::per_engine(
                "SELECT day, version, rows, x'' FROM day_figures
                 WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
                "SELECT day, version, rows, ''::bytea FROM day_figures
                 WHERE day BETWEEN $1 AND $2 ORDER BY day",
            ),
            from,
            to,
        )
    }

    fn kept_rows(&self, sql: Q, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayFigureRow>> {
        self.all(sql, args![key(from), key(to)], |r| {
            Ok(DayFigureRow {
                day: r.get(0)?,
                version: r.get(1)?,
                rows: r.get(2)?,
                waits: r.get(3)?,
            })
        })
    }

    /// Closed days without stored figures (closed before they were kept),
    /// oldest first.
    pub fn closed_days_without_figures(&self) -> Result<Vec<NaiveDate>> {
        let rows = self.all(
            "SELECT c.day FROM day_closes c
             WHERE NOT EXISTS (SELECT 1 FROM day_figures f INDEXED BY day_figures_day
                               WHERE f.day = c.day)
             ORDER BY c.day",
            args![],
            |r| r.get(0),
        )?;
        Ok(days(rows))
    }

    /// Whether `b` holds any record a report's passes read (a ticket or a
    /// pause of its days; a card made, accepted or given an outcome, a
    /// contact logged or a prospect ended in its span): a day the branch did
    /// not open (a Sunday between closed days) holds none and is not read.
    pub fn any_report_records(&self, b: &Bounds) -> Result<bool> {
        let any: i64 = self.one_named(
            "SELECT CASE WHEN EXISTS(SELECT 1 FROM tickets WHERE day BETWEEN :from AND :to)
                 OR EXISTS(SELECT 1 FROM counter_pauses WHERE day BETWEEN :from AND :to)
                 OR EXISTS(SELECT 1 FROM cards WHERE created_at >= :s AND created_at < :e)
                 OR EXISTS(SELECT 1 FROM cards WHERE accepted_at >= :s AND accepted_at < :e)
                 OR EXISTS(SELECT 1 FROM cards WHERE outcome_at >= :s AND outcome_at < :e)
                 OR EXISTS(SELECT 1 FROM contacts WHERE at >= :s AND at < :e)
                 OR EXISTS(SELECT 1 FROM prospects WHERE ended_at >= :s AND ended_at < :e)
                 THEN 1 ELSE 0 END",
            &[
                (":from", &b.day_from),
                (":to", &b.day_to),
                (":s", &b.start),
                (":e", &b.end),
            ],
            |r| r.get(0),
        )?;
        Ok(any == 1)
    }
}
