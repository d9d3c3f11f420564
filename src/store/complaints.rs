//! Complaints (投诉) and satisfaction ratings (满意度): recording, resolving,
//! the open and overdue ones, a visit's rating, and the figures the report
//! counts them by.

use chrono::{DateTime, NaiveDate, Utc};

use super::report::Bounds;
use super::sql::Row;
use super::{ts, Db, Result};
use crate::args;
use crate::domain::complaint::{Complaint, Kind, Status};

const SELECT: &str = "SELECT k.id, k.day, k.kind, k.said, k.ticket_id, t.number, k.client_id,
    k.responsible, k.owner, k.due, k.opened_by, k.status, k.resolution, k.feedback,
    k.feedback_note, k.valid, k.resolved_by
 FROM complaints k LEFT JOIN tickets t ON t.id = k.ticket_id";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn from_row(r: &Row) -> Result<Complaint> {
    let day: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let due: String = r.get(9)?;
    let status: String = r.get(11)?;
    Ok(Complaint {
        id: r.get(0)?,
        day: date(&day),
        kind: Kind::parse(&kind).unwrap_or(Kind::Other),
        said: r.get(3)?,
        ticket_id: r.get(4)?,
        ticket_number: r.get(5)?,
        client_id: r.get(6)?,
        responsible: r.get(7)?,
        owner: r.get(8)?,
        due: date(&due),
        opened_by: r.get(10)?,
        status: Status::parse(&status).unwrap_or(Status::Open),
        resolution: r.get(12)?,
        feedback: r.get(13)?,
        feedback_note: r.get(14)?,
        valid: r.get::<Option<i64>>(15)?.map(|v| v == 1),
        resolved_by: r.get(16)?,
    })
}

/// What a new complaint needs.
#[derive(Clone, Debug, PartialEq)]
pub struct NewComplaint {
    pub day: NaiveDate,
    pub kind: Kind,
    pub said: String,
    pub ticket_id: Option<i64>,
    pub client_id: Option<i64>,
    pub responsible: Option<String>,
    pub owner: String,
    pub due: NaiveDate,
    pub opened_by: String,
}

/// A complaint's resolution as recorded by its owner (or the head).
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    pub resolution: String,
    pub feedback: String,
    pub feedback_note: String,
    pub valid: bool,
}

/// Ratings counted for one counter, teller or service: how many of each
/// score (index 0 is a 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatingRow {
    pub key: String,
    pub scores: [i64; 5],
}

/// The complaints the report counts over a range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComplaintCounts {
    /// Opened in range, by kind code.
    pub opened_by_kind: Vec<(String, i64)>,
    /// Resolved in range: all, and those found valid.
    pub resolved: i64,
    pub valid: i64,
    /// Open at the range's end (or now) past their promised day.
    pub overdue: i64,
    /// Still open (now), whenever recorded.
    pub open: i64,
    /// Valid complaints resolved in range, per person responsible.
    pub valid_by_person: Vec<(String, i64)>,
}

fn day_key(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The SQL of [`Db::overdue_complaints`].
pub const OVERDUE_UNTOLD: &str = "SELECT k.id FROM complaints k
 WHERE k.status = 'open' AND k.due < ?1
   AND NOT EXISTS (SELECT 1 FROM notices n
       WHERE n.kind = 'complaint.overdue' AND n.record = 'complaint' AND n.record_id = k.id)
 ORDER BY k.id";

impl Db<'_> {
    pub fn add_complaint(&self, c: &NewComplaint, now: DateTime<Utc>) -> Result<i64> {
        self.insert(
            "INSERT INTO complaints (day, kind, said, ticket_id, client_id, responsible,
             owner, due, opened_by, opened_at, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open')",
            args![
                day_key(c.day),
                c.kind.as_str(),
                c.said,
                c.ticket_id,
                c.client_id,
                c.responsible,
                c.owner,
                day_key(c.due),
                c.opened_by,
                ts(now)
            ],
        )
    }

    pub fn complaint(&self, id: i64) -> Result<Option<Complaint>> {
        self.opt(&format!("{SELECT} WHERE k.id = ?1"), args![id], from_row)
    }

    /// The open complaints (of `owner`, or everyone's), the earliest
    /// promised first.
    pub fn open_complaints(&self, owner: Option<&str>) -> Result<Vec<Complaint>> {
        self.all(
            &format!(
                "{SELECT} WHERE k.status = 'open' AND (CAST(?1 AS TEXT) IS NULL OR k.owner = ?1)
                 ORDER BY k.due, k.id"
            ),
            args![owner],
            from_row,
        )
    }

    /// The open complaints whose promised day is before `today` and that
    /// nobody was told of yet (read on every reload: a write only when
    /// there is something to tell).
    pub fn overdue_complaints(&self, today: NaiveDate) -> Result<Vec<i64>> {
        self.all(OVERDUE_UNTOLD, args![day_key(today)], |r| r.get(0))
    }

    /// Resolve an open complaint; false when it was no longer open.
    pub fn resolve_complaint(
        &self,
        id: i64,
        r: &Resolution,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = self.run(
            "UPDATE complaints SET status = 'resolved', resolution = ?2, feedback = ?3,
             feedback_note = ?4, valid = ?5, resolved_by = ?6, resolved_at = ?7
             WHERE id = ?1 AND status = 'open'",
            args![
                id,
                r.resolution,
                r.feedback,
                r.feedback_note,
                r.valid as i64,
                by,
                ts(now)
            ],
        )?;
        Ok(n == 1)
    }

    /// The ticket numbered `number` on `day`, by id.
    pub fn ticket_numbered(&self, day: NaiveDate, number: &str) -> Result<Option<i64>> {
        self.opt(
            "SELECT id FROM tickets WHERE day = ?1 AND number = ?2 ORDER BY id",
            args![day_key(day), number],
            |r| r.get(0),
        )
    }

    /// The last ticket finished at `counter` on `day` that nobody rated yet.
    pub fn last_unrated_at(&self, counter: u32, day: NaiveDate) -> Result<Option<i64>> {
        self.opt(
            "SELECT t.id FROM tickets t WHERE t.day = ?1 AND t.counter = ?2
               AND t.status = 'done'
               AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.ticket_id = t.id)
             ORDER BY t.finished_at DESC, t.id DESC LIMIT 1",
            args![day_key(day), i64::from(counter)],
            |r| r.get(0),
        )
    }

    /// A visit's rating, if it has one.
    pub fn rating_of(&self, ticket: i64) -> Result<Option<u8>> {
        self.opt(
            "SELECT score FROM ratings WHERE ticket_id = ?1",
            args![ticket],
            |r| Ok(r.get::<i64>(0)? as u8),
        )
    }

    pub fn add_rating(&self, ticket: i64, score: u8, by: &str, now: DateTime<Utc>) -> Result<i64> {
        self.insert(
            "INSERT INTO ratings (ticket_id, score, rated_at, rated_by) VALUES (?1, ?2, ?3, ?4)",
            args![ticket, i64::from(score), ts(now), by],
        )
    }

    /// The ratings recorded in range, counted per `by` (`counter`, `teller`
    /// or `service`) of the visit rated.
    pub fn report_ratings(&self, b: &Bounds, by: RatingBy) -> Result<Vec<RatingRow>> {
        let key = match by {
            RatingBy::Counter => "CAST(t.counter AS TEXT)",
            RatingBy::Teller => "t.teller",
            RatingBy::Service => "t.service",
        };
        let sql = format!(
            "SELECT coalesce({key}, ''), r.score, count(*) FROM ratings r
             JOIN tickets t ON t.id = r.ticket_id
             WHERE r.rated_at >= ?1 AND r.rated_at < ?2
             GROUP BY 1, 2 ORDER BY 1, 2"
        );
        let rows = self.all(&sql, args![b.start, b.end], |r| {
            Ok((r.get::<String>(0)?, r.get::<i64>(1)?, r.get::<i64>(2)?))
        })?;
        let mut out: Vec<RatingRow> = Vec::new();
        for (k, score, n) in rows {
            if out.last().is_none_or(|last| last.key != k) {
                out.push(RatingRow {
                    key: k,
                    scores: [0; 5],
                });
            }
            if let (Some(last), 1..=5) = (out.last_mut(), score) {
                last.scores[(score - 1) as usize] += n;
            }
        }
        Ok(out)
    }

    /// The complaints the report counts over a range.
    pub fn report_complaints(&self, b: &Bounds) -> Result<ComplaintCounts> {
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
            self.all(sql, args![b.start, b.end], |r| Ok((r.get(0)?, r.get(1)?)))
        };
        let opened_by_kind = pairs(
            "SELECT kind, count(*) FROM complaints WHERE opened_at >= ?1 AND opened_at < ?2
             GROUP BY kind ORDER BY kind",
        )?;
        let valid_by_person = pairs(
            "SELECT responsible, count(*) FROM complaints
             WHERE valid = 1 AND responsible IS NOT NULL
               AND resolved_at >= ?1 AND resolved_at < ?2
             GROUP BY responsible ORDER BY responsible",
        )?;
        let (resolved, valid): (i64, i64) = self.one(
            "SELECT count(*), CAST(coalesce(sum(valid), 0) AS BIGINT) FROM complaints
             WHERE resolved_at >= ?1 AND resolved_at < ?2",
            args![b.start, b.end],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Overdue as at the range's end (or now): recorded by then, not
        // resolved by then, its promised day before the last day's.
        let until = b.end.min(b.now + 1);
        let last_day = if b.today < b.day_to {
            b.today.clone()
        } else {
            b.day_to.clone()
        };
        let (overdue, open): (i64, i64) = self.one(
            "SELECT
               coalesce(sum(CASE WHEN opened_at < ?1 AND due < ?2
                   AND (resolved_at IS NULL OR resolved_at >= ?1) THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN opened_at < ?1
                   AND (resolved_at IS NULL OR resolved_at >= ?1) THEN 1 ELSE 0 END), 0)
             FROM complaints",
            args![until, last_day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(ComplaintCounts {
            opened_by_kind,
            resolved,
            valid,
            overdue,
            open,
            valid_by_person,
        })
    }
}

/// What ratings are counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingBy {
    Counter,
    Teller,
    Service,
}
