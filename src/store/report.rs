//! Report queries: the raw, set-based aggregates behind the end-of-day review
//! and `lobbydesk report`. Each function is one SQL statement over a range of
//! business days; `crate::report` turns the rows into figures.
//!
//! Tickets are chosen by their `day` column (index `tickets_day_status`);
//! cards, prospects and contacts by their UTC timestamps within
//! [`Bounds::start`, `Bounds::end`) (indexes `cards_created`, `prospects_ended`,
//! `prospects_stage_due`, `contacts_at`). No statement runs once per row.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rusqlite::{named_params, Row};

use super::{ts, Db, Result};

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
}

impl Bounds {
    /// [`from` 00:00, `to`+1 00:00) local, in UTC seconds.
    pub fn new(from: NaiveDate, to: NaiveDate, offset: FixedOffset, now: DateTime<Utc>) -> Bounds {
        let off = i64::from(offset.local_minus_utc());
        let midnight = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - off;
        let after = to + Duration::days(1);
        let key = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        Bounds {
            day_from: key(from),
            day_to: key(to),
            day_after: key(after),
            start: midnight(from),
            end: midnight(after),
            offset_secs: off,
            now: ts(now),
        }
    }
}

/// A ticket's wait in seconds, or NULL when it does not count:
/// first call − arrival; for a ticket never called and still `waiting`,
/// the report's now (but no later than the end of the ticket's own business
/// day) − arrival; anything else never called (diverted, no-show) is NULL.
/// Uses the named parameters `:now` and `:off`.
const WAIT_SECS: &str = "CASE
        WHEN called_at IS NOT NULL THEN max(0, called_at - arrived_at)
        WHEN status = 'waiting' THEN
            max(0, min(:now, ((arrived_at + :off) / 86400 + 1) * 86400 - :off) - arrived_at)
    END";

/// Tickets of the range by status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub arrived: i64,
    pub waiting: i64,
    pub called: i64,
    pub serving: i64,
    pub on_hold: i64,
    pub done: i64,
    pub no_show: i64,
    pub diverted: i64,
}

/// Waits of one service letter, in seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaitRow {
    pub service: String,
    pub count: i64,
    pub sum_secs: i64,
    pub max_secs: i64,
    /// The nearest-rank 90th percentile within the service.
    pub p90_secs: i64,
    pub over_warning: i64,
    pub over_alert: i64,
    /// The nearest-rank 90th percentile over every service, on the one row
    /// that holds that ticket; `None` on the others.
    pub p90_all_secs: Option<i64>,
}

/// Arrivals and waits in one local hour of the day (0–23).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HourRow {
    pub hour: u32,
    pub arrivals: i64,
    pub waits: i64,
    pub wait_sum_secs: i64,
}

/// Service time (finished − started) of done tickets, grouped by a key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceRow {
    /// The counter number, or the teller's code; `None` for done tickets
    /// with none recorded.
    pub key: Option<String>,
    /// The teller's name (empty for counters).
    pub name: String,
    pub count: i64,
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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowupRow {
    pub contacted: i64,
    pub won: i64,
    pub lost: i64,
    pub handed_back: i64,
    pub open: i64,
    pub due_after: i64,
    pub overdue: i64,
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
    /// Contracted cards they closed (`receiver`).
    pub closed: i64,
    pub contacts: i64,
    /// Done tickets they served (`teller`).
    pub served: i64,
}

fn service_row(r: &Row) -> rusqlite::Result<ServiceRow> {
    Ok(ServiceRow {
        key: r.get(0)?,
        name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        count: r.get(2)?,
        sum_secs: r.get(3)?,
        max_secs: r.get(4)?,
    })
}

impl Db<'_> {
    /// Run `f` on one read snapshot, so that every figure of a report sees the
    /// same data even while other processes write. Works inside or outside a
    /// transaction (it is a savepoint).
    pub fn report_snapshot<T>(&self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("SAVEPOINT report")?;
        let out = f(self);
        let end = if out.is_ok() {
            "RELEASE report"
        } else {
            "ROLLBACK TO report; RELEASE report"
        };
        self.conn.execute_batch(end)?;
        out
    }

    /// Tickets of the range by status.
    pub fn report_statuses(&self, b: &Bounds) -> Result<StatusCounts> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT status, count(*) FROM tickets WHERE day BETWEEN :from AND :to GROUP BY status",
        )?;
        let mut rows = stmt.query(named_params! {":from": b.day_from, ":to": b.day_to})?;
        let mut c = StatusCounts::default();
        while let Some(r) = rows.next()? {
            let status: String = r.get(0)?;
            let n: i64 = r.get(1)?;
            c.arrived += n;
            match status.as_str() {
                "waiting" => c.waiting += n,
                "called" => c.called += n,
                "serving" => c.serving += n,
                "on_hold" => c.on_hold += n,
                "done" => c.done += n,
                "no_show" => c.no_show += n,
                "diverted" => c.diverted += n,
                _ => {}
            }
        }
        Ok(c)
    }

    /// Waits by service letter, with both percentiles, in one pass.
    /// Waits over `warning_secs` / `alert_secs` (strictly) are counted.
    pub fn report_waits(
        &self,
        b: &Bounds,
        warning_secs: i64,
        alert_secs: i64,
    ) -> Result<Vec<WaitRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "WITH w AS (
                SELECT service, {WAIT_SECS} AS wait FROM tickets
                WHERE day BETWEEN :from AND :to
             ), r AS (
                SELECT service, wait,
                    row_number() OVER (PARTITION BY service ORDER BY wait) AS rs,
                    count(*) OVER (PARTITION BY service) AS ns,
                    row_number() OVER (ORDER BY wait) AS ra,
                    count(*) OVER () AS na
                FROM w WHERE wait IS NOT NULL
             )
             SELECT service, count(*), sum(wait), max(wait),
                max(CASE WHEN rs = (9 * ns + 9) / 10 THEN wait END),
                count(CASE WHEN wait > :warn THEN 1 END),
                count(CASE WHEN wait > :alert THEN 1 END),
                max(CASE WHEN ra = (9 * na + 9) / 10 THEN wait END)
             FROM r GROUP BY service ORDER BY service"
        ))?;
        let rows = stmt.query_map(
            named_params! {
                ":from": b.day_from, ":to": b.day_to, ":now": b.now, ":off": b.offset_secs,
                ":warn": warning_secs, ":alert": alert_secs,
            },
            |r| {
                Ok(WaitRow {
                    service: r.get(0)?,
                    count: r.get(1)?,
                    sum_secs: r.get(2)?,
                    max_secs: r.get(3)?,
                    p90_secs: r.get(4)?,
                    over_warning: r.get(5)?,
                    over_alert: r.get(6)?,
                    p90_all_secs: r.get(7)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Arrivals and waits per local hour of arrival; only hours with arrivals.
    pub fn report_hours(&self, b: &Bounds) -> Result<Vec<HourRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT ((arrived_at + :off) % 86400) / 3600 AS h, count(*), count(wait),
                    coalesce(sum(wait), 0)
             FROM (SELECT arrived_at, {WAIT_SECS} AS wait FROM tickets
                   WHERE day BETWEEN :from AND :to)
             GROUP BY h ORDER BY h"
        ))?;
        let rows = stmt.query_map(
            named_params! {
                ":from": b.day_from, ":to": b.day_to, ":now": b.now, ":off": b.offset_secs,
            },
            |r| {
                Ok(HourRow {
                    hour: r.get(0)?,
                    arrivals: r.get(1)?,
                    waits: r.get(2)?,
                    wait_sum_secs: r.get(3)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Service time of done tickets by counter (key: the counter number); the
    /// rows together cover every done ticket.
    pub fn report_service_by_counter(&self, b: &Bounds) -> Result<Vec<ServiceRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT CAST(counter AS TEXT), NULL, count(*), sum(max(0, finished_at - started_at)),
                    max(max(0, finished_at - started_at))
             FROM tickets
             WHERE day BETWEEN :from AND :to AND status = 'done'
               AND started_at IS NOT NULL AND finished_at IS NOT NULL
             GROUP BY counter ORDER BY counter",
        )?;
        let rows = stmt.query_map(
            named_params! {":from": b.day_from, ":to": b.day_to},
            service_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Service time of done tickets by teller (key: the teller's code).
    pub fn report_service_by_teller(&self, b: &Bounds) -> Result<Vec<ServiceRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.teller, s.name, count(*), sum(max(0, t.finished_at - t.started_at)),
                    max(max(0, t.finished_at - t.started_at))
             FROM tickets t LEFT JOIN staff s ON s.code = t.teller
             WHERE t.day BETWEEN :from AND :to AND t.status = 'done' AND t.teller IS NOT NULL
               AND t.started_at IS NOT NULL AND t.finished_at IS NOT NULL
             GROUP BY t.teller ORDER BY t.teller",
        )?;
        let rows = stmt.query_map(
            named_params! {":from": b.day_from, ":to": b.day_to},
            service_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Card activity per line: created, accepted, and outcomes (by the card's
    /// current status) whose time falls in the range.
    pub fn report_lines(&self, b: &Bounds) -> Result<Vec<LineRow>> {
        // Every time on a card is at or after its creation, so `created_at < :e`
        // bounds the scan with the `cards_created` index.
        let mut stmt = self.conn.prepare_cached(
            "SELECT line,
                count(CASE WHEN created_at >= :s THEN 1 END),
                count(CASE WHEN accepted_at >= :s AND accepted_at < :e THEN 1 END),
                count(CASE WHEN status = 'contracted' AND outcome_at >= :s AND outcome_at < :e
                      THEN 1 END),
                coalesce(sum(CASE WHEN status = 'contracted' AND outcome_at >= :s
                              AND outcome_at < :e THEN amount_cents END), 0),
                count(CASE WHEN status = 'declined' AND outcome_at >= :s AND outcome_at < :e
                      THEN 1 END),
                count(CASE WHEN status = 'intent' AND outcome_at >= :s AND outcome_at < :e
                      THEN 1 END)
             FROM cards
             WHERE created_at < :e
               AND (created_at >= :s OR accepted_at >= :s OR outcome_at >= :s)
             GROUP BY line ORDER BY line",
        )?;
        let rows = stmt.query_map(named_params! {":s": b.start, ":e": b.end}, |r| {
            Ok(LineRow {
                line: r.get(0)?,
                created: r.get(1)?,
                accepted: r.get(2)?,
                contracted: r.get(3)?,
                amount_cents: r.get(4)?,
                declined: r.get(5)?,
                intent: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Cards declined in the range by objection kind (`other` when none).
    pub fn report_objections(&self, b: &Bounds) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(nullif(objection, ''), 'other'), count(*) FROM cards
             WHERE created_at < :e AND status = 'declined' AND outcome_at >= :s AND outcome_at < :e
             GROUP BY 1 ORDER BY 1",
        )?;
        let rows = stmt.query_map(named_params! {":s": b.start, ":e": b.end}, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The funnel of referral chains begun in the range.
    pub fn report_funnel(&self, b: &Bounds) -> Result<FunnelRow> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT count(*), coalesce(sum(acc), 0), coalesce(sum(con), 0), coalesce(sum(amt), 0)
             FROM (
                SELECT max(k.accepted_at IS NOT NULL) AS acc,
                       max(k.status = 'contracted') AS con,
                       sum(CASE WHEN k.status = 'contracted' THEN k.amount_cents ELSE 0 END) AS amt
                FROM cards r JOIN cards k ON k.root_id = r.id
                WHERE r.created_at >= :s AND r.created_at < :e AND r.parent_id IS NULL
                GROUP BY r.id
             )",
        )?;
        Ok(
            stmt.query_row(named_params! {":s": b.start, ":e": b.end}, |r| {
                Ok(FunnelRow {
                    created: r.get(0)?,
                    accepted: r.get(1)?,
                    contracted: r.get(2)?,
                    amount_cents: r.get(3)?,
                })
            })?,
        )
    }

    /// Contacts logged and prospects ended in the range; open prospects (now)
    /// due the day after the range, and overdue (due before its last day).
    pub fn report_followups(&self, b: &Bounds) -> Result<FollowupRow> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.n, p.won, p.lost, p.handed_back, o.open, o.due_after, o.overdue
             FROM (SELECT count(*) AS n FROM contacts WHERE at >= :s AND at < :e) c,
                  (SELECT count(CASE WHEN stage = 'won' THEN 1 END) AS won,
                          count(CASE WHEN stage = 'lost' THEN 1 END) AS lost,
                          count(CASE WHEN stage = 'handed_back' THEN 1 END) AS handed_back
                   FROM prospects WHERE ended_at >= :s AND ended_at < :e) p,
                  (SELECT count(*) AS open,
                          count(CASE WHEN next_due = :after THEN 1 END) AS due_after,
                          count(CASE WHEN next_due < :last THEN 1 END) AS overdue
                   FROM prospects WHERE stage = 'open') o",
        )?;
        Ok(stmt.query_row(
            named_params! {":s": b.start, ":e": b.end, ":after": b.day_after, ":last": b.day_to},
            |r| {
                Ok(FollowupRow {
                    contacted: r.get(0)?,
                    won: r.get(1)?,
                    lost: r.get(2)?,
                    handed_back: r.get(3)?,
                    open: r.get(4)?,
                    due_after: r.get(5)?,
                    overdue: r.get(6)?,
                })
            },
        )?)
    }

    /// One row per person on the roster who did anything in the range, by code.
    pub fn report_staff(&self, b: &Bounds) -> Result<Vec<StaffRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.code, s.name, sum(a.ref), sum(a.conv), sum(a.closed), sum(a.cont),
                    sum(a.served)
             FROM (
                SELECT referred_by AS code, count(*) AS ref, 0 AS conv, 0 AS closed,
                       0 AS cont, 0 AS served
                FROM cards WHERE created_at >= :s AND created_at < :e GROUP BY referred_by
                UNION ALL
                SELECT referrer, 0, count(*), 0, 0, 0 FROM cards
                WHERE created_at < :e AND status = 'contracted'
                  AND outcome_at >= :s AND outcome_at < :e GROUP BY referrer
                UNION ALL
                SELECT receiver, 0, 0, count(*), 0, 0 FROM cards
                WHERE created_at < :e AND status = 'contracted' AND receiver IS NOT NULL
                  AND outcome_at >= :s AND outcome_at < :e GROUP BY receiver
                UNION ALL
                SELECT \"by\", 0, 0, 0, count(*), 0 FROM contacts
                WHERE at >= :s AND at < :e GROUP BY \"by\"
                UNION ALL
                SELECT teller, 0, 0, 0, 0, count(*) FROM tickets
                WHERE day BETWEEN :from AND :to AND status = 'done' AND teller IS NOT NULL
                GROUP BY teller
             ) a JOIN staff s ON s.code = a.code
             GROUP BY s.code ORDER BY s.code",
        )?;
        let rows = stmt.query_map(
            named_params! {":s": b.start, ":e": b.end, ":from": b.day_from, ":to": b.day_to},
            |r| {
                Ok(StaffRow {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    referrals: r.get(2)?,
                    converted: r.get(3)?,
                    closed: r.get(4)?,
                    contacts: r.get(5)?,
                    served: r.get(6)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
