//! Prospects: clients kept on the follow-up list, and their contact log.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{Row, Q};
use super::{from_ts, ts, Db, Result};
use crate::args;
use crate::domain::followup::Stage;

mod search;
mod window;
pub use search::{Searched, PROSPECTS_BY_ID, SEARCHED, SEARCHED_PLACES};
pub use window::{list_order, Window, ENDED_FIRST_DUE, OLDEST_ENDED, PARTS, PART_SQL};

/// What a new prospect needs.
#[derive(Clone, Debug)]
pub struct NewProspect {
    pub client_id: i64,
    pub owner: String,
    pub source_card: Option<i64>,
    pub line: Option<String>,
    pub next_due: NaiveDate,
}

/// A prospect with its client, as the Follow-ups tab lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Prospect {
    pub id: i64,
    pub client_id: i64,
    pub client_name: Option<String>,
    pub client_mobile: Option<String>,
    pub client_tier: String,
    pub consent: bool,
    pub owner: String,
    pub owner_name: Option<String>,
    pub source_card: Option<i64>,
    pub line: Option<String>,
    pub stage: Stage,
    pub contacts: u32,
    pub next_due: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
    pub product: Option<String>,
    pub amount_cents: Option<i64>,
    pub note: String,
}

/// One logged contact.
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub prospect_id: i64,
    pub at: DateTime<Utc>,
    pub by: String,
    pub channel: String,
    pub summary: String,
    pub result: String,
    pub next_step: String,
    pub next_due: Option<NaiveDate>,
}

/// Which prospects a list shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub owner: Option<String>,
    pub line: Option<String>,
    pub tier: Option<String>,
    /// Part of a name or a mobile number.
    pub search: Option<String>,
    /// Also list prospects that ended at or after this instant.
    pub ended_since: Option<DateTime<Utc>>,
    /// Only clients who agreed to be contacted (every contact list).
    pub consenting_only: bool,
}

impl Filter {
    /// Whether the list [`Db::prospects`] reads with this filter holds `p`:
    /// the same test as the SQL's, for a list filtered again in memory.
    pub fn matches(&self, p: &Prospect) -> bool {
        let open = p.stage == Stage::Open;
        let recent = match (self.ended_since, p.ended_at) {
            (Some(since), Some(ended)) => ts(ended) >= ts(since),
            _ => false,
        };
        (open || recent)
            && self.owner.as_ref().is_none_or(|o| *o == p.owner)
            && (self.line.is_none() || self.line == p.line)
            && self.tier.as_ref().is_none_or(|t| *t == p.client_tier)
            && self.search.as_deref().is_none_or(|q| {
                search::finds(q, p.client_name.as_deref(), p.client_mobile.as_deref())
            })
            && (!self.consenting_only || p.consent)
    }
}

/// A prospect with its client and owner, as [`from_row`] reads it.
macro_rules! select_prospect {
    () => {
        "SELECT p.id, p.client_id, c.name, c.mobile, c.tier, c.consent, p.owner, s.name,
    p.source_card, p.line, p.stage, p.contacts, p.next_due, p.created_at, p.ended_at,
    p.end_reason, p.product, p.amount_cents, p.note
 FROM prospects p JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner"
    };
}

/// The SQL of [`Db::open_prospect`]: on a line, or (`?2` NULL) on none.
pub const OPEN_PROSPECT: &str = "SELECT id FROM prospects WHERE client_id = ?1
   AND (line = ?2 OR (line IS NULL AND CAST(?2 AS TEXT) IS NULL)) AND stage = 'open'";

/// The SQL of [`Db::prospect`].
pub const PROSPECT: &str = concat!(select_prospect!(), " WHERE p.id = ?1");

/// The SQL of [`Db::due_prospects`]: the closing sweep's open prospects due
/// by a day, by `prospects_stage_due`.
pub const DUE_PROSPECTS: &str = concat!(
    select_prospect!(),
    " WHERE p.stage = 'open' AND p.next_due <= ?1 ORDER BY p.next_due, p.id"
);

/// The SQL of [`Db::client_prospects`]: a client's prospects, by `prospects_client`.
pub const CLIENT_PROSPECTS: &str =
    concat!(select_prospect!(), " WHERE p.client_id = ?1 ORDER BY p.id");

/// One arm of [`PROSPECTS`]: the prospects `$which` that pass the filters.
/// The owner's name (column 7) is filled in from the roster afterwards.
macro_rules! prospects_where {
    ($which:literal) => {
        concat!(
            "SELECT p.id, p.client_id, c.name, c.mobile, c.tier, c.consent, p.owner, NULL,
    p.source_card, p.line, p.stage, p.contacts, p.next_due, p.created_at, p.ended_at,
    p.end_reason, p.product, p.amount_cents, p.note
 FROM prospects p JOIN clients c ON c.id = p.client_id
 WHERE ",
            $which,
            "
   AND (?2 IS NULL OR p.owner = ?2)
   AND (?3 IS NULL OR p.line = ?3)
   AND (?4 IS NULL OR c.tier = ?4)
   AND (?5 IS NULL OR c.name LIKE ?5)
   AND (?6 = 0 OR c.consent = 1)"
        )
    };
}

/// The SQL of [`Db::prospects`]: the Follow-ups list and its search, read on
/// every reload. Open prospects by `prospects_stage_due`, recently ended ones
/// by `prospects_ended`; the filters apply to those rows only. Unsorted: the
/// rows are sorted in memory, cheaper than SQLite's sorter on wide rows.
pub const PROSPECTS: &str = concat!(
    prospects_where!("p.stage = 'open'"),
    "
 UNION ALL
",
    prospects_where!("p.ended_at >= ?1 AND p.stage != 'open'")
);

/// [`PROSPECTS`] of one owner (`?2`, not NULL): open ones by `prospects_owner`
/// (owner, stage), so that a person's list does not read the branch's.
pub const OWNER_PROSPECTS: &str = concat!(
    prospects_where!("p.owner = ?2 AND p.stage = 'open'"),
    "
 UNION ALL
",
    prospects_where!("p.ended_at >= ?1 AND p.stage != 'open'")
);

/// The types of the parameters of [`PROSPECTS`] and [`OWNER_PROSPECTS`], as
/// the server is told them.
const PROSPECTS_TYPES: [&str; 6] = ["BIGINT", "TEXT", "TEXT", "TEXT", "TEXT", "BIGINT"];

/// The roster's names, to name the owners of [`PROSPECTS`].
pub const STAFF_NAMES: &str = "SELECT code, name FROM staff";

/// The SQL of [`Db::contacts`]: a prospect's contact log.
pub const CONTACTS: &str =
    "SELECT prospect_id, at, by, channel, summary, result, next_step, next_due
 FROM contacts WHERE prospect_id = ?1 ORDER BY at DESC, id DESC";

/// A stored local date, `YYYY-MM-DD` (read for every row of the lists: parsed
/// by hand, a tenth of the cost of a format string).
fn date(s: Option<&str>) -> Option<NaiveDate> {
    let s = s?;
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    }
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

fn day_key(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn from_row(r: &Row) -> Result<Prospect> {
    let stage: String = r.get(10)?;
    Ok(Prospect {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        client_mobile: r.get(3)?,
        client_tier: r.get(4)?,
        consent: r.get::<i64>(5)? != 0,
        owner: r.get(6)?,
        owner_name: r.get(7)?,
        source_card: r.get(8)?,
        line: r.get(9)?,
        stage: Stage::parse(&stage).unwrap_or(Stage::Open),
        contacts: r.get::<i64>(11)? as u32,
        next_due: date(r.get::<Option<String>>(12)?.as_deref()),
        created_at: from_ts(r.get(13)?),
        ended_at: r.get::<Option<i64>>(14)?.map(from_ts),
        end_reason: r.get(15)?,
        product: r.get(16)?,
        amount_cents: r.get(17)?,
        note: r.get(18)?,
    })
}

impl Db<'_> {
    /// The client's open prospect on a line, if any.
    pub fn open_prospect(&self, client_id: i64, line: Option<&str>) -> Result<Option<i64>> {
        self.opt(OPEN_PROSPECT, args![client_id, line], |r| r.get(0))
    }

    pub fn add_prospect(&self, p: &NewProspect, now: DateTime<Utc>) -> Result<i64> {
        self.insert(
            "INSERT INTO prospects (client_id, owner, source_card, line, next_due, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![
                p.client_id,
                p.owner,
                p.source_card,
                p.line,
                day_key(p.next_due),
                ts(now)
            ],
        )
    }

    pub fn prospect(&self, id: i64) -> Result<Option<Prospect>> {
        self.opt(PROSPECT, args![id], from_row)
    }

    /// Open prospects due on or before `day` (overdue ones first), by id
    /// within a day.
    pub fn due_prospects(&self, day: NaiveDate) -> Result<Vec<Prospect>> {
        self.all(DUE_PROSPECTS, args![day_key(day)], from_row)
    }

    /// A client's prospects, whatever their stage, by id.
    pub fn client_prospects(&self, client_id: i64) -> Result<Vec<Prospect>> {
        self.all(CLIENT_PROSPECTS, args![client_id], from_row)
    }

    /// Open prospects (and those ended since `filter.ended_since`): open ones
    /// first, then by due date (none first) and id. Searched, from the
    /// clients the search finds.
    pub fn prospects(&self, filter: &Filter) -> Result<Vec<Prospect>> {
        let window = Window {
            filter,
            today: NaiveDate::default(),
            escalated_before: None,
        };
        let mut list = match self.searched(&window)? {
            Some(found) => found,
            None => self.unsearched(filter)?,
        };
        let names: HashMap<String, String> = self
            .all(STAFF_NAMES, args![], |r| Ok((r.get(0)?, r.get(1)?)))?
            .into_iter()
            .collect();
        for p in &mut list {
            p.owner_name = names.get(&p.owner).cloned();
        }
        // Sort a permutation, not the wide rows themselves: far less to move.
        let mut order: Vec<usize> = (0..list.len()).collect();
        order.sort_by_key(|&i| {
            let p = &list[i];
            (p.stage != Stage::Open, p.next_due, p.id)
        });
        let mut slots: Vec<Option<Prospect>> = list.into_iter().map(Some).collect();
        let list = order.into_iter().filter_map(|i| slots[i].take()).collect();
        Ok(list)
    }

    /// [`Db::prospects`] when it is no search.
    fn unsearched(&self, filter: &Filter) -> Result<Vec<Prospect>> {
        let sql = match filter.owner {
            Some(_) => OWNER_PROSPECTS,
            None => PROSPECTS,
        };
        let pg = match self.on_server() {
            true => window::typed_for_server(sql, &PROSPECTS_TYPES),
            false => String::new(),
        };
        self.all(
            Q::per_engine(sql, &pg),
            args![
                filter.ended_since.map_or(i64::MAX, ts),
                filter.owner,
                filter.line,
                filter.tier,
                None::<String>,
                filter.consenting_only as i64,
            ],
            from_row,
        )
    }

    /// Log a contact and set the next due date.
    pub fn add_contact(&self, c: &Contact) -> Result<()> {
        self.run(
            "INSERT INTO contacts (prospect_id, at, by, channel, summary, result, next_step, next_due)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![
                c.prospect_id,
                ts(c.at),
                c.by,
                c.channel,
                c.summary,
                c.result,
                c.next_step,
                c.next_due.map(day_key)
            ],
        )?;
        self.run(
            "UPDATE prospects SET contacts = contacts + 1, next_due = coalesce(?2, next_due)
             WHERE id = ?1",
            args![c.prospect_id, c.next_due.map(day_key)],
        )?;
        Ok(())
    }

    /// A prospect's contacts, newest first.
    pub fn contacts(&self, prospect_id: i64) -> Result<Vec<Contact>> {
        self.all(CONTACTS, args![prospect_id], |r| {
            Ok(Contact {
                prospect_id: r.get(0)?,
                at: from_ts(r.get(1)?),
                by: r.get(2)?,
                channel: r.get(3)?,
                summary: r.get(4)?,
                result: r.get(5)?,
                next_step: r.get(6)?,
                next_due: date(r.get::<Option<String>>(7)?.as_deref()),
            })
        })
    }

    pub fn set_due(&self, id: i64, due: NaiveDate) -> Result<()> {
        self.run(
            "UPDATE prospects SET next_due = ?2 WHERE id = ?1",
            args![id, day_key(due)],
        )?;
        Ok(())
    }

    /// The note kept on a prospect (what was known when it was added by hand).
    pub fn set_prospect_note(&self, id: i64, note: &str) -> Result<()> {
        self.run(
            "UPDATE prospects SET note = ?2 WHERE id = ?1",
            args![id, note],
        )?;
        Ok(())
    }

    /// End a prospect as won, lost or handed back. A note given now follows
    /// the one the prospect already holds, on a line of its own.
    #[allow(clippy::too_many_arguments)]
    pub fn end_prospect(
        &self,
        id: i64,
        stage: Stage,
        reason: Option<&str>,
        product: Option<&str>,
        amount_cents: Option<i64>,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        // A line break written into the SQL's text: `char(10)` is SQLite's only.
        let n = self.run(
            "UPDATE prospects SET stage = ?2, end_reason = ?3, product = ?4, amount_cents = ?5,
             note = CASE WHEN ?6 = '' THEN note WHEN note = '' THEN ?6
                         ELSE note || '\n' || ?6 END,
             ended_at = ?7 WHERE id = ?1 AND stage = 'open'",
            args![
                id,
                stage.as_str(),
                reason,
                product,
                amount_cents,
                note,
                ts(now)
            ],
        )?;
        Ok(n == 1)
    }

    /// Give a prospect to someone else; a handed-back one opens again, due `due`.
    pub fn reassign_prospect(&self, id: i64, owner: &str, due: NaiveDate) -> Result<bool> {
        let n = self.run(
            "UPDATE prospects SET owner = ?2, stage = 'open', ended_at = NULL,
             next_due = CASE WHEN stage = 'open' THEN next_due ELSE ?3 END
             WHERE id = ?1 AND stage IN ('open', 'handed_back')",
            args![id, owner, day_key(due)],
        )?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_by_hand_as_chrono_reads_them() {
        let d = |s: &str| date(Some(s));
        assert_eq!(d("2026-11-23"), NaiveDate::from_ymd_opt(2026, 11, 23));
        assert_eq!(d("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(d("2026-02-29"), None);
        assert_eq!(d("2026-13-01"), None);
        assert_eq!(d("2026-1x-01"), None);
        assert_eq!(d(""), None);
        assert_eq!(date(None), None);
        // Anything else goes through chrono, as before.
        assert_eq!(d("2026-1-5"), NaiveDate::from_ymd_opt(2026, 1, 5));
    }
}
