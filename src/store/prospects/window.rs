//! The Follow-ups list read a window at a time: how many prospects each part
//! of the list holds (counted off the indexes), and the rows of one stretch of
//! it, so that a long list is never read whole.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params_from_iter, OptionalExtension, ToSql};

use super::search::{searched_clients, Bound};
use super::{day_key, from_row, Filter, Prospect};
use crate::store::{from_ts, ts, Db, Result};

/// The parts of the list, in its order: open prospects overdue, due today,
/// with no due date, due later (each by due date and id, off
/// `prospects_stage_due`), then those ended recently (by due date, the latest
/// ended first, id).
pub const PARTS: usize = 5;

/// The person's filters but the search's clients, on top of a part (`?2`
/// owner, `?3` line, `?4` tier, `?5` the name searched, `?6` consenting
/// only, `?8` escalated: due before that day).
macro_rules! searched_filters {
    () => {
        "
   AND (?2 IS NULL OR p.owner = ?2)
   AND (?3 IS NULL OR p.line = ?3)
   AND (?4 IS NULL OR c.tier = ?4)
   AND (?5 IS NULL OR c.name LIKE ?5)
   AND (?6 = 0 OR c.consent = 1)
   AND (?8 IS NULL OR p.next_due < ?8)"
    };
}

/// The person's filters, the search's clients (`?11`–`?13`) included.
macro_rules! filters {
    () => {
        concat!(
            searched_filters!(),
            "
   AND (?11 IS NULL AND ?12 IS NULL AND ?13 IS NULL OR p.client_id IN (",
            searched_clients!(),
            "))"
        )
    };
}

/// The SQL of one part (which rows, `?1` today, `?7` the ended window's
/// start; in what order): its count off the index alone, its count with the
/// filters, and `?10` of its rows from the `?9`th on; then, for a search,
/// its count and its rows read from the clients the search finds by index
/// (few) to their prospects (by `prospects_client`).
macro_rules! part {
    ($where:literal, $order:literal) => {
        [
            // The unused parameters keep the numbering.
            concat!(
                "SELECT count(*) FROM prospects p WHERE ",
                $where,
                "
   AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL AND ?6 = 0 AND ?8 IS NULL"
            ),
            concat!(
                "SELECT count(*) FROM prospects p JOIN clients c ON c.id = p.client_id
 WHERE ",
                $where,
                filters!()
            ),
            concat!(
                "SELECT p.id, p.client_id, c.name, c.mobile, c.tier, c.consent, p.owner, s.name,
    p.source_card, p.line, p.stage, p.contacts, p.next_due, p.created_at, p.ended_at,
    p.end_reason, p.product, p.amount_cents, p.note
 FROM prospects p JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner
 WHERE ",
                $where,
                filters!(),
                "
 ORDER BY ",
                $order,
                " LIMIT ?10 OFFSET ?9"
            ),
            concat!(
                "SELECT count(*) FROM (",
                searched_clients!(),
                ") m
 CROSS JOIN prospects p INDEXED BY prospects_client ON p.client_id = m.client_id
 CROSS JOIN clients c ON c.id = p.client_id
 WHERE ",
                $where,
                searched_filters!()
            ),
            concat!(
                "SELECT p.id, p.client_id, c.name, c.mobile, c.tier, c.consent, p.owner, s.name,
    p.source_card, p.line, p.stage, p.contacts, p.next_due, p.created_at, p.ended_at,
    p.end_reason, p.product, p.amount_cents, p.note
 FROM (",
                searched_clients!(),
                ") m
 CROSS JOIN prospects p INDEXED BY prospects_client ON p.client_id = m.client_id
 CROSS JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner
 WHERE ",
                $where,
                searched_filters!(),
                "
 ORDER BY ",
                $order,
                " LIMIT ?10 OFFSET ?9"
            ),
        ]
    };
}

/// Each part's statements: `[count, count filtered, page, count searched,
/// page searched]`.
pub const PART_SQL: [[&str; 5]; PARTS] = [
    part!("p.stage = 'open' AND p.next_due < ?1", "p.next_due, p.id"),
    part!("p.stage = 'open' AND p.next_due = ?1", "p.id"),
    part!("p.stage = 'open' AND p.next_due IS NULL", "p.id"),
    part!("p.stage = 'open' AND p.next_due > ?1", "p.next_due, p.id"),
    part!(
        "p.ended_at >= ?7 AND p.stage != 'open'",
        "p.next_due, p.ended_at DESC, p.id"
    ),
];

/// The SQL of [`Db::oldest_ended`]: by `prospects_ended`.
pub const OLDEST_ENDED: &str = concat!(
    "SELECT p.ended_at FROM prospects p JOIN clients c ON c.id = p.client_id
 WHERE p.ended_at >= ?7 AND p.stage != 'open'",
    filters!(),
    "
 ORDER BY p.ended_at LIMIT 1"
);

/// What a window is read for: the filter (its `ended_since` the start of
/// the ended part; none, no ended part), the day, and whether only the
/// escalated are listed (due before `escalated_before`).
#[derive(Clone, Copy, Debug)]
pub struct Window<'a> {
    pub filter: &'a Filter,
    pub today: NaiveDate,
    pub escalated_before: Option<NaiveDate>,
}

impl Window<'_> {
    fn filtered(&self) -> bool {
        let f = self.filter;
        f.owner.is_some()
            || f.line.is_some()
            || f.tier.is_some()
            || f.search.is_some()
            || f.consenting_only
            || self.escalated_before.is_some()
    }
}

/// The statements' parameters: `?1`–`?8` the window, `?9`/`?10` the stretch
/// read, `?11`–`?13` the search's clients.
struct Params {
    today: String,
    consenting_only: i64,
    ended_since: i64,
    escalated: Option<String>,
    search: Bound,
}

impl Params {
    fn new(db: &Db, w: &Window) -> Result<Params> {
        Ok(Params {
            today: day_key(w.today),
            consenting_only: w.filter.consenting_only as i64,
            ended_since: w.filter.ended_since.map_or(i64::MAX, ts),
            escalated: w.escalated_before.map(day_key),
            search: db.bind_search(w.filter.search.as_deref())?,
        })
    }

    fn values<'a>(&'a self, f: &'a Filter, stretch: &'a [i64; 2]) -> [&'a dyn ToSql; 13] {
        [
            &self.today,
            &f.owner,
            &f.line,
            &f.tier,
            &self.search.like,
            &self.consenting_only,
            &self.ended_since,
            &self.escalated,
            &stretch[0],
            &stretch[1],
            &self.search.gram,
            &self.search.last_four,
            &self.search.mobile,
        ]
    }
}

impl Db<'_> {
    /// When the ended prospect of the list that ended first ended: the list
    /// changes when the window of ended prospects moves past it.
    pub fn oldest_ended(&self, w: &Window) -> Result<Option<DateTime<Utc>>> {
        let f = w.filter;
        if f.ended_since.is_none() || w.escalated_before.is_some() {
            return Ok(None);
        }
        let p = Params::new(self, w)?;
        let values = p.values(f, &[0, 0]);
        let mut stmt = self.conn.prepare_cached(OLDEST_ENDED)?;
        let n = stmt.parameter_count();
        let at: Option<i64> = stmt
            .query_row(params_from_iter(&values[..n]), |r| r.get(0))
            .optional()?;
        Ok(at.map(from_ts))
    }

    /// How many prospects each part of the list holds.
    pub fn prospect_counts(&self, w: &Window) -> Result<[usize; PARTS]> {
        let mut counts = [0; PARTS];
        let f = w.filter;
        let p = Params::new(self, w)?;
        let values = p.values(f, &[0, 0]);
        let which = match (p.search.searching(), w.filtered()) {
            (true, _) => 3,
            (false, true) => 1,
            (false, false) => 0,
        };
        for (k, n) in counts.iter_mut().enumerate() {
            // Escalated prospects are open and overdue: no other part holds one.
            if w.escalated_before.is_some() && k != 0 || k == PARTS - 1 && f.ended_since.is_none() {
                continue;
            }
            let mut stmt = self.conn.prepare_cached(PART_SQL[k][which])?;
            let len = stmt.parameter_count();
            let c: i64 = stmt.query_row(params_from_iter(&values[..len]), |r| r.get(0))?;
            *n = c as usize;
        }
        Ok(counts)
    }

    /// The rows `from..from + len` of the whole list (counted by `counts`).
    pub fn prospect_window(
        &self,
        w: &Window,
        counts: &[usize; PARTS],
        from: usize,
        len: usize,
    ) -> Result<Vec<Prospect>> {
        let f = w.filter;
        let p = Params::new(self, w)?;
        let page = if p.search.searching() { 4 } else { 2 };
        let mut rows = Vec::with_capacity(len);
        let mut start = 0;
        for (k, &n) in counts.iter().enumerate() {
            let (lo, hi) = (from.max(start), (from + len).min(start + n));
            if lo < hi {
                let stretch = [(lo - start) as i64, (hi - lo) as i64];
                let values = p.values(f, &stretch);
                let mut stmt = self.conn.prepare_cached(PART_SQL[k][page])?;
                let read = stmt.query_map(params_from_iter(&values[..]), from_row)?;
                for p in read {
                    rows.push(p?);
                }
            }
            start += n;
        }
        Ok(rows)
    }
}
