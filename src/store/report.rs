//! Report queries: the raw, set-based aggregates behind the end-of-day review
//! and `lobbydesk report`. Each function is one SQL statement over a range of
//! business days; the report module turns the rows into figures.
//!
//! Tickets are chosen by their `day` column (indexes on `day`); cards,
//! prospects and contacts by their UTC timestamps within [`Bounds::start`,
//! `Bounds::end`) (indexes `cards_created`, `cards_accepted`, `cards_outcome`,
//! `cards_status_outcome`, `prospects_ended`, `prospects_stage_due`,
//! `contacts_at`), so a day's report reads only that day's rows, whatever the
//! history. No statement runs once per row, and none scans a table
//! (`tests/query_plans.rs`).

use super::{ts, Db, Result};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

mod followups;
pub use followups::{FollowupRow, REPORT_FOLLOWUPS, REPORT_OPEN_FOLLOWUPS};

/// A range of local business days, as the queries need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// First business day, `YYYY-MM-DD`.
    pub day_from: String,
    /// Last business day, `YYYY-MM-DD`.
    pub day_to: String,
    /// The day after the last, `YYYY-MM-DD` (follow-ups due "tomorrow").
    pub day_after: String,
    /// UTC seconds of local midnight starting `day_from`.
    pub start: i64,
    /// UTC seconds of local midnight after `day_to` (exclusive).
    pub end: i64,
    /// Seconds east of UTC of the local time.
    pub offset_secs: i64,
    /// The report's "now": tickets still waiting have waited until then.
    pub now: i64,
    /// The local business day of `now`, `YYYY-MM-DD`.
    pub today: String,
}

impl Bounds {
    /// [`from` 00:00, `to`+1 00:00) local, in UTC seconds, each midnight at
    /// the offset its own day has (`offset_on`: summer time moves it); hours
    /// are counted at the first day's offset.
    pub fn new(
        from: NaiveDate,
        to: NaiveDate,
        offset_on: impl Fn(NaiveDate) -> FixedOffset,
        now: DateTime<Utc>,
    ) -> Bounds {
        let midnight = |d: NaiveDate| {
            let off = i64::from(offset_on(d).local_minus_utc());
            d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - off
        };
        let off = i64::from(offset_on(from).local_minus_utc());
        let after = to.succ_opt().unwrap_or(to);
        let key = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        Bounds {
            day_from: key(from),
            day_to: key(to),
            day_after: key(after),
            start: midnight(from),
            end: midnight(after),
            offset_secs: off,
            now: ts(now),
            today: key(now.with_timezone(&offset_on(now.date_naive())).date_naive()),
        }
    }
}

/// `wait_secs!()`: a ticket's wait in seconds, or NULL when it has none: first call −
/// arrival for a ticket that was called; for a ticket never called and still
/// `waiting` on the business day of the report's now, now − arrival. Tickets
/// never called and diverted, marked no-show, or left waiting from an earlier
/// day (abandoned: their wait is unknown) have none.
/// Uses the named parameters `:now` and `:today`.
macro_rules! wait_secs {
    () => {
        "CASE
        WHEN called_at IS NOT NULL THEN max(0, called_at - arrived_at)
        WHEN status = 'waiting' AND day = :today THEN max(0, :now - arrived_at)
    END"
    };
}

// The definitions the report counts by, shared with the targets' figures
// (`store::targets`): a card made, a card contracted, who closed a contract,
// a contact logged, each within [`:s`, `:e`) (UTC seconds). Columns
// unqualified: of `cards`, or of `contacts` for a contact.

/// A card made in the range (every card, re-referrals too).
macro_rules! card_made {
    () => {
        "created_at >= :s AND created_at < :e"
    };
}

/// A card contracted in the range: its status now, its outcome time in range.
macro_rules! card_contracted {
    () => {
        "status = 'contracted' AND outcome_at >= :s AND outcome_at < :e"
    };
}

/// Who closed a contracted card: who recorded the contract, or the owner of
/// the prospect whose win contracted it (`closed_by`), else its receiver.
macro_rules! card_closer {
    () => {
        "coalesce(closed_by, receiver)"
    };
}

/// A follow-up contact logged in the range.
macro_rules! contact_logged {
    () => {
        "at >= :s AND at < :e"
    };
}

/// Tickets of one local hour of arrival (0–23) and one status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HourRow {
    pub hour: u32,
    pub status: String,
    pub arrivals: i64,
    /// Tickets with a wait (see `wait_secs!`).
    pub waits: i64,
    pub wait_sum_secs: i64,
}

/// How many tickets of a service waited exactly `secs` seconds: the waits'
/// histogram, from which sums, maxima and exact percentiles follow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaitBin {
    pub service: String,
    pub secs: i64,
    pub count: i64,
}

/// Done tickets of one counter and teller, with their service times
/// (finished − started).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DoneRow {
    pub counter: Option<u32>,
    pub teller: Option<String>,
    pub teller_name: Option<String>,
    /// Done tickets.
    pub done: i64,
    /// Done tickets with both a start and a finish.
    pub timed: i64,
    pub sum_secs: i64,
    pub max_secs: i64,
}

/// Card activity of one line in the range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineRow {
    pub line: String,
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    pub amount_cents: i64,
    pub declined: i64,
    pub intent: i64,
}

/// Referral chains begun in the range (original cards created in range) and
/// how far each has come by now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunnelRow {
    pub created: i64,
    pub accepted: i64,
    pub contracted: i64,
    pub amount_cents: i64,
}

/// What one person on the roster did in the range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffRow {
    pub code: String,
    pub name: String,
    /// Cards they made (`referred_by`), created in range.
    pub referrals: i64,
    /// Contracted cards crediting them as original referrer (`referrer`).
    pub converted: i64,
    /// Contracted cards they closed (`closed_by`: who recorded the contract,
    /// or the owner of the prospect whose win contracted it).
    pub closed: i64,
    pub contacts: i64,
}

/// The SQL of [`Db::report_hours`].
pub const REPORT_HOURS: &str = concat!(
    "SELECT ((arrived_at + :off) % 86400) / 3600 AS h, status, count(*), count(wait),
        coalesce(sum(wait), 0)
 FROM (SELECT arrived_at, status, ",
    wait_secs!(),
    " AS wait FROM tickets
       WHERE day BETWEEN :from AND :to) AS t
 GROUP BY h, status ORDER BY h, status"
);

/// The SQL of [`Db::report_waits`].
pub const REPORT_WAITS: &str = concat!(
    "SELECT service, wait, count(*)
 FROM (SELECT service, ",
    wait_secs!(),
    " AS wait FROM tickets
       WHERE day BETWEEN :from AND :to) AS t
 WHERE wait IS NOT NULL
 GROUP BY service, wait ORDER BY service, wait"
);

/// The SQL of [`Db::report_done`].
pub const REPORT_DONE: &str =
    "SELECT d.counter, d.teller, s.name, d.done, d.timed, d.sum_secs, d.max_secs
 FROM (
    SELECT counter, teller, count(*) AS done, count(secs) AS timed,
           coalesce(sum(secs), 0) AS sum_secs, coalesce(max(secs), 0) AS max_secs
    FROM (SELECT counter, teller, max(0, finished_at - started_at) AS secs
          FROM tickets WHERE day BETWEEN :from AND :to AND status = 'done') AS t
    GROUP BY counter, teller
 ) d LEFT JOIN staff s ON s.code = d.teller
 ORDER BY d.counter, d.teller";

/// The SQL of [`Db::report_lines`]: three index ranges (`cards_created`,
/// `cards_accepted`, `cards_outcome`), each card counted once per measure.
pub const REPORT_LINES: &str = concat!(
    "SELECT line, sum(created), sum(accepted), sum(contracted),
        sum(amount), sum(declined), sum(intent)
 FROM (SELECT line, 1 AS created, 0 AS accepted, 0 AS contracted, 0 AS amount,
              0 AS declined, 0 AS intent
       FROM cards WHERE ",
    card_made!(),
    "
       UNION ALL
       SELECT line, 0, 1, 0, 0, 0, 0
       FROM cards WHERE accepted_at >= :s AND accepted_at < :e
       UNION ALL
       SELECT line, 0, 0, CASE WHEN status = 'contracted' THEN 1 ELSE 0 END,
              CASE WHEN status = 'contracted' THEN coalesce(amount_cents, 0) ELSE 0 END,
              CASE WHEN status = 'declined' THEN 1 ELSE 0 END,
              CASE WHEN status = 'intent' THEN 1 ELSE 0 END
       FROM cards WHERE outcome_at >= :s AND outcome_at < :e) AS t
 GROUP BY line ORDER BY line"
);

/// The SQL of [`Db::report_objections`], by `cards_status_outcome`.
pub const REPORT_OBJECTIONS: &str =
    "SELECT coalesce(nullif(objection, ''), 'other'), count(*) FROM cards
 WHERE status = 'declined' AND outcome_at >= :s AND outcome_at < :e
 GROUP BY 1 ORDER BY 1";

/// The SQL of [`Db::report_funnel`]: the chains' state kept on each
/// original card (migration 022, kept by triggers), added up over the
/// original cards created in the range, from the index `cards_chain_funnel`.
/// A card no chain names as its root counts nowhere (`count` of the kept
/// column), as in [`REPORT_FUNNEL_FROM_CHAINS`].
pub const REPORT_FUNNEL: &str = "SELECT count(chain_accepted), coalesce(sum(chain_accepted), 0),
            coalesce(sum(chain_contracted), 0), coalesce(sum(chain_cents), 0)
 FROM cards INDEXED BY cards_chain_funnel
 WHERE created_at >= :s AND created_at < :e AND parent_id IS NULL";

/// The funnel computed from the chains' cards themselves (what the kept
/// columns stand for; the equality tests compare the two).
pub const REPORT_FUNNEL_FROM_CHAINS: &str =
    "SELECT count(*), coalesce(sum(acc), 0), coalesce(sum(con), 0), coalesce(sum(amt), 0)
 FROM (
    SELECT max(k.accepted_at IS NOT NULL) AS acc,
           max(k.status = 'contracted') AS con,
           sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END) AS amt
    FROM cards r CROSS JOIN cards k ON k.root_id = r.id
    WHERE r.created_at >= :s AND r.created_at < :e AND r.parent_id IS NULL
    GROUP BY k.root_id
 ) AS t";

/// The SQL of [`Db::report_staff`].
pub const REPORT_STAFF: &str = concat!(
    "SELECT s.code, s.name, sum(a.ref), sum(a.conv), sum(a.closed), sum(a.cont)
 FROM (
    SELECT referred_by AS code, count(*) AS ref, 0 AS conv, 0 AS closed, 0 AS cont
    FROM cards WHERE ",
    card_made!(),
    " GROUP BY referred_by
    UNION ALL
    SELECT referrer, 0, count(*), 0, 0 FROM cards
    WHERE ",
    card_contracted!(),
    " GROUP BY referrer
    UNION ALL
    SELECT ",
    card_closer!(),
    " AS closer, 0, 0, count(*), 0 FROM cards
    WHERE ",
    card_contracted!(),
    " AND ",
    card_closer!(),
    " IS NOT NULL
    GROUP BY closer
    UNION ALL
    SELECT \"by\", 0, 0, 0, count(*) FROM contacts
    WHERE ",
    contact_logged!(),
    " GROUP BY \"by\"
 ) a JOIN staff s ON s.code = a.code
 GROUP BY s.code, s.name ORDER BY s.code"
);

impl Db<'_> {
    /// Run `f` on one read snapshot, so that every figure of a report sees the
    /// same data even while other processes write. Works inside or outside a
    /// transaction.
    pub fn report_snapshot<T>(&self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.snapshot(f)
    }

    /// The range's tickets by local hour of arrival and status, with waits.
    pub fn report_hours(&self, b: &Bounds) -> Result<Vec<HourRow>> {
        self.all_named(
            REPORT_HOURS,
            &[
                (":from", &b.day_from),
                (":to", &b.day_to),
                (":now", &b.now),
                (":today", &b.today),
                (":off", &b.offset_secs),
            ],
            |r| {
                Ok(HourRow {
                    hour: r.get::<i64>(0)? as u32,
                    status: r.get(1)?,
                    arrivals: r.get(2)?,
                    waits: r.get(3)?,
                    wait_sum_secs: r.get(4)?,
                })
            },
        )
    }

    /// The waits' histogram by service, ordered by service and wait.
    pub fn report_waits(&self, b: &Bounds) -> Result<Vec<WaitBin>> {
        self.all_named(
            REPORT_WAITS,
            &[
                (":from", &b.day_from),
                (":to", &b.day_to),
                (":now", &b.now),
                (":today", &b.today),
            ],
            |r| {
                Ok(WaitBin {
                    service: r.get(0)?,
                    secs: r.get(1)?,
                    count: r.get(2)?,
                })
            },
        )
    }

    /// Done tickets by counter and teller, with service times.
    pub fn report_done(&self, b: &Bounds) -> Result<Vec<DoneRow>> {
        self.all_named(
            REPORT_DONE,
            &[(":from", &b.day_from), (":to", &b.day_to)],
            |r| {
                Ok(DoneRow {
                    counter: r.get::<Option<i64>>(0)?.map(|c| c as u32),
                    teller: r.get(1)?,
                    teller_name: r.get(2)?,
                    done: r.get(3)?,
                    timed: r.get(4)?,
                    sum_secs: r.get(5)?,
                    max_secs: r.get(6)?,
                })
            },
        )
    }

    /// Card activity per line: created, accepted, and outcomes (by the card's
    /// current status) whose time falls in the range.
    pub fn report_lines(&self, b: &Bounds) -> Result<Vec<LineRow>> {
        self.all_named(REPORT_LINES, &[(":s", &b.start), (":e", &b.end)], |r| {
            Ok(LineRow {
                line: r.get(0)?,
                created: r.get(1)?,
                accepted: r.get(2)?,
                contracted: r.get(3)?,
                amount_cents: r.get(4)?,
                declined: r.get(5)?,
                intent: r.get(6)?,
            })
        })
    }

    /// Cards declined in the range by objection kind (`other` when none).
    pub fn report_objections(&self, b: &Bounds) -> Result<Vec<(String, i64)>> {
        self.all_named(
            REPORT_OBJECTIONS,
            &[(":s", &b.start), (":e", &b.end)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// The funnel of referral chains begun in the range, as they stand now
    /// (the state kept on each original card).
    pub fn report_funnel(&self, b: &Bounds) -> Result<FunnelRow> {
        self.funnel_of(REPORT_FUNNEL, b)
    }

    /// The same funnel computed from every card of the chains (`CROSS JOIN`
    /// keeps SQLite's join order, and grouping by `k.root_id` keeps it from
    /// scanning every card in id order: the range's original cards by
    /// `cards_created`, then each chain by `cards_root`).
    pub fn report_funnel_from_chains(&self, b: &Bounds) -> Result<FunnelRow> {
        self.funnel_of(REPORT_FUNNEL_FROM_CHAINS, b)
    }

    fn funnel_of(&self, sql: &str, b: &Bounds) -> Result<FunnelRow> {
        self.one_named(sql, &[(":s", &b.start), (":e", &b.end)], |r| {
            Ok(FunnelRow {
                created: r.get(0)?,
                accepted: r.get(1)?,
                contracted: r.get(2)?,
                amount_cents: r.get(3)?,
            })
        })
    }

    /// One row per person on the roster who made, was credited with or closed
    /// a card, or logged a contact, in the range; by code. (Tickets served
    /// come from [`Db::report_done`].)
    pub fn report_staff(&self, b: &Bounds) -> Result<Vec<StaffRow>> {
        self.all_named(REPORT_STAFF, &[(":s", &b.start), (":e", &b.end)], |r| {
            Ok(StaffRow {
                code: r.get(0)?,
                name: r.get(1)?,
                referrals: r.get(2)?,
                converted: r.get(3)?,
                closed: r.get(4)?,
                contacts: r.get(5)?,
            })
        })
    }
}
