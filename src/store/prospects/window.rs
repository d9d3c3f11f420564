//! The Follow-ups list read a window at a time: how many prospects each part
//! of the list holds (counted off the indexes), and the rows of one stretch of
//! it, each part read from its nearer end, so that a long list is never read
//! whole nor skipped through. A searched list is read whole (`search`).

use std::cmp::Reverse;

use chrono::{DateTime, NaiveDate, Utc};

use super::{day_key, from_row, Filter, Prospect};
use crate::domain::followup::Stage;
use crate::store::sql::{for_server, Arg, Q};
use crate::store::{from_ts, ts, Db, Result};

/// The parts of the list, in its order: open prospects overdue, due today,
/// with no due date, due later (each by due date and id, off
/// `prospects_stage_due`), then those ended recently, those with no due date
/// first (by the latest ended first, id), then by due date (the latest ended
/// first, id), off `prospects_ended_due`.
pub const PARTS: usize = 6;

/// The person's filters on top of a part: on the prospect `p` (`?2` owner,
/// `?3` line, `?8` escalated: due before that day) and on its client `c`
/// (`?4` tier, `?5` the name searched, `?6` consenting only).
macro_rules! filters {
    () => {
        concat!(prospect_filters!(), client_filters!())
    };
}

/// The filters of [`filters!`] on the prospect.
macro_rules! prospect_filters {
    () => {
        "
   AND (?2 IS NULL OR p.owner = ?2)
   AND (?3 IS NULL OR p.line = ?3)
   AND (?8 IS NULL OR p.next_due < ?8)"
    };
}
pub(super) use prospect_filters;

/// The filters of [`filters!`] on the client. On the server (`pg`), the
/// name is matched as SQLite's `LIKE` matches it: A-Z folded, and no escape
/// character.
macro_rules! client_filters {
    () => {
        "
   AND (?4 IS NULL OR c.tier = ?4)
   AND (?5 IS NULL OR c.name LIKE ?5)
   AND (?6 = 0 OR c.consent = 1)"
    };
    (pg) => {
        "
   AND (?4 IS NULL OR c.tier = ?4)
   AND (?5 IS NULL OR translate(c.name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                'abcdefghijklmnopqrstuvwxyz') LIKE ?5 ESCAPE '')
   AND (?6 = 0 OR c.consent = 1)"
    };
}
pub(super) use client_filters;

/// The columns [`from_row`] reads, the owner's name from `staff s`.
macro_rules! listed_columns {
    () => {
        "p.id, p.client_id, c.name, c.mobile, c.tier, c.consent, p.owner, s.name,
    p.source_card, p.line, p.stage, p.contacts, p.next_due, p.created_at, p.ended_at,
    p.end_reason, p.product, p.amount_cents, p.note"
    };
}
pub(super) use listed_columns;

/// `?10` rows of a part from the `?9`th on, read from `$page` in `$order`.
macro_rules! page {
    ($page:literal, $where:literal, $order:literal) => {
        concat!(
            "SELECT ",
            listed_columns!(),
            "
 FROM ",
            $page,
            " JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner
 WHERE ",
            $where,
            filters!(),
            "
 ORDER BY ",
            $order,
            " LIMIT ?10 OFFSET ?9"
        )
    };
}

/// The SQL of one part (which rows, `?1` today, `?7` the ended window's
/// start, `?11` the ended part's first due date; counted from `$count`, read
/// from `$page`; in what order, and the reverse): its count off the index
/// alone, its count with the filters, and `?10` of its rows from the `?9`th
/// on, from its start and from its end (those read backwards).
macro_rules! part {
    ($count:literal, $page:literal, $where:literal, $order:literal, $reverse:literal) => {
        [
            // The unused parameters keep the numbering.
            concat!(
                "SELECT count(*) FROM ",
                $count,
                " WHERE ",
                $where,
                "
   AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL AND ?6 = 0 AND ?8 IS NULL"
            ),
            concat!(
                "SELECT count(*) FROM ",
                $count,
                " JOIN clients c ON c.id = p.client_id
 WHERE ",
                $where,
                filters!()
            ),
            page!($page, $where, $order),
            page!($page, $where, $reverse),
        ]
    };
}

/// Each part's statements: `[count, count filtered, page, page from the end]`.
pub const PART_SQL: [[&str; 4]; PARTS] = [
    part!(
        "prospects p",
        "prospects p",
        "p.stage = 'open' AND p.next_due < ?1",
        "p.next_due, p.id",
        "p.next_due DESC, p.id DESC"
    ),
    part!(
        "prospects p",
        "prospects p",
        "p.stage = 'open' AND p.next_due = ?1",
        "p.id",
        "p.id DESC"
    ),
    part!(
        "prospects p",
        "prospects p",
        "p.stage = 'open' AND p.next_due IS NULL",
        "p.id",
        "p.id DESC"
    ),
    part!(
        "prospects p",
        "prospects p",
        "p.stage = 'open' AND p.next_due > ?1",
        "p.next_due, p.id",
        "p.next_due DESC, p.id DESC"
    ),
    part!(
        "prospects p INDEXED BY prospects_ended_due",
        "prospects p INDEXED BY prospects_ended_due",
        "p.next_due IS NULL AND p.ended_at >= ?7 AND p.stage != 'open'",
        "p.ended_at DESC, p.id",
        "p.ended_at, p.id DESC"
    ),
    // Counted by when they ended (`?11` then ''); read from the first due
    // date among them (`?11`), or backwards from the last.
    part!(
        "prospects p INDEXED BY prospects_ended_at_due",
        "prospects p INDEXED BY prospects_ended_due",
        "p.next_due >= ?11 AND p.ended_at >= ?7 AND p.stage != 'open'",
        "p.next_due, p.ended_at DESC, p.id",
        "p.next_due DESC, p.ended_at, p.id DESC"
    ),
];

/// The SQL of the ended part's first due date (`?7` the ended window's
/// start), off `prospects_ended_at_due` alone.
pub const ENDED_FIRST_DUE: &str = "SELECT min(p.next_due) FROM prospects p
 INDEXED BY prospects_ended_at_due WHERE p.ended_at >= ?7 AND p.stage != 'open'";

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

    /// Which part of the list a prospect in `stage`, due `next_due`, ended
    /// `ended_at` is in, if the list holds it at all (the filters aside): the
    /// statements' test, for a list sorted in memory.
    pub fn part(
        &self,
        stage: Stage,
        next_due: Option<NaiveDate>,
        ended_at: Option<DateTime<Utc>>,
    ) -> Option<usize> {
        let today = self.today;
        if stage == Stage::Open {
            return Some(match next_due {
                Some(d) if d < today => 0,
                Some(d) if d == today => 1,
                None => 2,
                Some(_) => 3,
            });
        }
        let since = ts(self.filter.ended_since?);
        (ts(ended_at?) >= since).then_some(if next_due.is_none() { 4 } else { 5 })
    }
}

/// Where a prospect of `part` comes in the list (its due date, when it
/// ended, its id): the statements' order, for a list sorted in memory.
pub fn list_order(
    part: usize,
    next_due: Option<NaiveDate>,
    ended_at: Option<i64>,
    id: i64,
) -> (usize, Option<NaiveDate>, Reverse<Option<i64>>, i64) {
    (part, next_due, Reverse(ended_at), id)
}

/// The statements' parameters: `?1`–`?8` the window, `?9`/`?10` the stretch
/// read, `?11` the ended part's first due date (the search's statements take
/// `?11`–`?13` for what they look for), each as the server types it.
pub(super) const TYPES: [&str; 13] = [
    "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "BIGINT", "BIGINT", "TEXT", "BIGINT", "BIGINT", "TEXT",
    "TEXT", "TEXT",
];

/// How many parameters `sql` takes: its highest `?N`.
pub(super) fn parameters(sql: &str) -> usize {
    let mut most = 0;
    let mut rest = sql;
    while let Some(at) = rest.find('?') {
        rest = &rest[at + 1..];
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        most = most.max(rest[..digits].parse().unwrap_or(0));
    }
    most
}

/// A statement of the list (`?N` parameters of the `types` given) as the
/// server reads it: its parameters typed up front, since the server infers
/// no type from `?2 IS NULL`, takes `?6 = 0` for a 4-byte integer, and
/// numbers a statement's parameters without gaps where a statement of the
/// list leaves some unused.
pub(super) fn typed_for_server(sql: &str, types: &[&str]) -> String {
    let typed: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(i, t)| format!("CAST(${} AS {t})", i + 1))
        .collect();
    format!(
        "WITH parameters AS (SELECT {}) {}",
        typed.join(", "),
        for_server(sql)
    )
}

/// The values of the statements' parameters, for one window.
pub(super) struct Params {
    today: String,
    consenting_only: i64,
    ended_since: i64,
    escalated: Option<String>,
    /// The part searched for, `?5` (a LIKE pattern).
    pub like: Option<String>,
}

impl Params {
    pub fn new(w: &Window, like: Option<String>) -> Params {
        Params {
            today: day_key(w.today),
            consenting_only: w.filter.consenting_only as i64,
            ended_since: w.filter.ended_since.map_or(i64::MAX, ts),
            escalated: w.escalated_before.map(day_key),
            like,
        }
    }

    pub fn values<'a>(
        &'a self,
        f: &'a Filter,
        stretch: &'a [i64; 2],
        from: &'a Option<String>,
    ) -> [&'a dyn Arg; 11] {
        [
            &self.today,
            &f.owner,
            &f.line,
            &f.tier,
            &self.like,
            &self.consenting_only,
            &self.ended_since,
            &self.escalated,
            &stretch[0],
            &stretch[1],
            from,
        ]
    }
}

/// Any due date is on or after this one.
fn any_due() -> Option<String> {
    Some(String::new())
}

impl Db<'_> {
    /// The rows of the list's statement `sql` for `values` (those it takes).
    fn window_rows<T>(
        &self,
        sql: &str,
        values: &[&dyn Arg],
        read: impl FnMut(&crate::store::sql::Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let n = parameters(sql);
        let pg = if self.on_server() {
            typed_for_server(sql, &TYPES[..n])
        } else {
            String::new()
        };
        self.all(Q::per_engine(sql, &pg), &values[..n], read)
    }

    /// When the ended prospect of the list that ended first ended: the list
    /// changes when the window of ended prospects moves past it.
    pub fn oldest_ended(&self, w: &Window) -> Result<Option<DateTime<Utc>>> {
        let f = w.filter;
        if f.ended_since.is_none() || w.escalated_before.is_some() {
            return Ok(None);
        }
        let p = Params::new(w, None);
        let from = any_due();
        let values = p.values(f, &[0, 0], &from);
        let at = self.window_rows(OLDEST_ENDED, &values, |r| r.get::<i64>(0))?;
        Ok(at.first().copied().map(from_ts))
    }

    /// How many prospects each part of the list holds (not for a search:
    /// see [`Db::searched_prospects`]).
    pub fn prospect_counts(&self, w: &Window) -> Result<[usize; PARTS]> {
        let mut counts = [0; PARTS];
        let f = w.filter;
        let p = Params::new(w, None);
        let from = any_due();
        let values = p.values(f, &[0, 0], &from);
        let which = usize::from(w.filtered());
        for (k, n) in counts.iter_mut().enumerate() {
            // Escalated prospects are open and overdue: no other part holds one.
            if w.escalated_before.is_some() && k != 0 || k >= 4 && f.ended_since.is_none() {
                continue;
            }
            let c = self.window_rows(PART_SQL[k][which], &values, |r| r.get::<i64>(0))?;
            *n = c.first().copied().unwrap_or(0) as usize;
        }
        Ok(counts)
    }

    /// The rows `from..from + len` of the whole list (counted by `counts`):
    /// each part's share read from the part's nearer end.
    pub fn prospect_window(
        &self,
        w: &Window,
        counts: &[usize; PARTS],
        from: usize,
        len: usize,
    ) -> Result<Vec<Prospect>> {
        let f = w.filter;
        let p = Params::new(w, None);
        let mut rows = Vec::with_capacity(len);
        let mut start = 0;
        for (k, &n) in counts.iter().enumerate() {
            let (lo, hi) = (from.max(start), (from + len).min(start + n));
            if lo < hi {
                let (head, tail) = (lo - start, start + n - hi);
                let backwards = tail < head;
                let skip = if backwards { tail } else { head };
                let stretch = [skip as i64, (hi - lo) as i64];
                // Forwards, the ended part starts at its first due date.
                let first_due = match k == PARTS - 1 && !backwards {
                    true => self.ended_first_due(&p, f)?,
                    false => any_due(),
                };
                let values = p.values(f, &stretch, &first_due);
                let sql = PART_SQL[k][2 + usize::from(backwards)];
                let at = rows.len();
                rows.extend(self.window_rows(sql, &values, from_row)?);
                if backwards {
                    rows[at..].reverse();
                }
            }
            start += n;
        }
        Ok(rows)
    }

    /// The first due date of the ended part (unfiltered: none of the
    /// filtered part's is earlier).
    fn ended_first_due(&self, p: &Params, f: &Filter) -> Result<Option<String>> {
        let from = any_due();
        let values = p.values(f, &[0, 0], &from);
        let first = self.window_rows(ENDED_FIRST_DUE, &values, |r| r.get::<Option<String>>(0))?;
        Ok(first.into_iter().next().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_counted_to_the_highest() {
        assert_eq!(parameters(ENDED_FIRST_DUE), 7);
        assert_eq!(parameters(PART_SQL[5][2]), 11);
        assert_eq!(parameters("SELECT 1"), 0);
        let pg = typed_for_server("SELECT ?2 WHERE ?1 IS NULL", &TYPES[..2]);
        assert!(pg.starts_with("WITH parameters AS (SELECT CAST($1 AS TEXT), CAST($2 AS TEXT))"));
        assert!(pg.ends_with("SELECT $2 WHERE $1 IS NULL"));
    }
}
