//! Tickets: numbering, the day's queue, life-cycle writes and headline figures.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{Row, Q};
use super::{from_ts, ts, Db, Result};
use crate::args;
use crate::domain::ticket::{next_seq, ticket_number, Status, Ticket};

/// A ticket with its client's name and mobile, as [`from_row`] reads it.
macro_rules! select_ticket {
    () => {
        "SELECT t.id, t.day, t.number, coalesce(t.transferred_to, t.service), t.seq, t.priority, t.is_priority,
    t.client_id, c.name, c.mobile, t.arrived_at, t.called_at, t.started_at, t.finished_at,
    t.counter, t.teller, t.status, t.calls, t.note, t.divert_target, t.routed_to, c.tier
 FROM tickets t LEFT JOIN clients c ON c.id = t.client_id"
    };
}

/// The SQL of [`Db::tickets_of`].
pub const TICKETS_OF: &str = concat!(
    select_ticket!(),
    " WHERE t.day = ?1 ORDER BY t.arrived_at, t.id"
);

/// The SQL of [`Db::add_ticket`]: the service's highest number of the day
/// (a ticket transferred in keeps the number another service issued).
pub const MAX_SEQ: &str = "SELECT max(seq) FROM tickets WHERE day = ?1 AND service = ?2";

/// The SQL of [`Db::ticket`].
pub const TICKET: &str = concat!(select_ticket!(), " WHERE t.id = ?1");

/// The SQL of [`Db::open_tickets`]: the lobby's queue, read on every reload,
/// by the partial index of open tickets. A ticket belongs to its arrival
/// day; one still at a counter (or on hold) from a day not yet closed stays
/// there until it is finished or the day is closed.
pub const OPEN_TICKETS: &str = concat!(
    select_ticket!(),
    " WHERE t.status IN ('waiting', 'called', 'serving', 'on_hold') AND t.day <= ?1
   AND (t.day = ?1 OR t.status != 'waiting')
 ORDER BY t.arrived_at, t.id"
);

/// The SQL of [`Db::open_tickets_of`]: every ticket of a day still open.
pub const OPEN_TICKETS_OF: &str = concat!(
    select_ticket!(),
    " WHERE t.status IN ('waiting', 'called', 'serving', 'on_hold') AND t.day = ?1
 ORDER BY t.arrived_at, t.id"
);

/// The SQL of [`Db::no_shows_since`]: by the index of a day's statuses.
pub const NO_SHOWS_SINCE: &str = concat!(
    select_ticket!(),
    " WHERE t.day = ?1 AND t.status = 'no_show' AND t.finished_at >= ?2
 ORDER BY t.arrived_at, t.id"
);

/// The SQL of [`Db::at_counter`]: the ticket called to or served at a
/// counter (the life cycle lets only one hold it): the day's, by the day's
/// called and served tickets (one status at a time: a list of them would be
/// built into a temporary table on every call), else one of an earlier day
/// not yet closed, by the partial index of open tickets.
pub const AT_COUNTER: &str = concat!(
    select_ticket!(),
    " WHERE t.day = ?1 AND t.status = 'called' AND t.counter = ?2
 UNION ALL ",
    select_ticket!(),
    " WHERE t.day = ?1 AND t.status = 'serving' AND t.counter = ?2
 UNION ALL ",
    select_ticket!(),
    " WHERE t.status IN ('waiting', 'called', 'serving', 'on_hold') AND t.day < ?1
   AND t.status IN ('called', 'serving') AND t.counter = ?2
 LIMIT 1"
);

/// The SQL of [`Db::recent_calls`].
pub const RECENT_CALLS: &str =
    "SELECT is_priority FROM tickets WHERE day = ?1 AND call_seq IS NOT NULL
 ORDER BY call_seq DESC LIMIT ?2";

/// The SQL of [`Db::update_ticket`]: a step saved only if nobody changed the
/// ticket meanwhile; the day's next call number on its first call.
pub const UPDATE_TICKET: &str =
    "UPDATE tickets SET called_at = ?3, started_at = ?4, finished_at = ?5, counter = ?6,
 teller = ?7, status = ?8, calls = ?9, note = ?10, divert_target = ?11,
 call_seq = CASE WHEN call_seq IS NULL AND CAST(?3 AS BIGINT) IS NOT NULL
   THEN (SELECT coalesce(max(call_seq), 0) + 1 FROM tickets WHERE day = ?14)
   ELSE call_seq END
 WHERE id = ?1 AND status = ?2 AND calls = ?12
   AND (counter = ?13 OR (counter IS NULL AND CAST(?13 AS BIGINT) IS NULL))";

/// The SQL of [`Db::day_figures`]: the lobby's headline figures.
pub const DAY_FIGURES: &str = "SELECT
   coalesce(sum(status = 'waiting'), 0),
   coalesce(sum(status = 'done'), 0),
   coalesce(avg(max(coalesce(called_at, ?2) - arrived_at, 0)), 0),
   coalesce(max(max(coalesce(called_at, ?2) - arrived_at, 0)), 0)
 FROM tickets
 WHERE day = ?1 AND (called_at IS NOT NULL OR status = 'waiting')";

/// [`DAY_FIGURES`] as the server reads it: `greatest` for SQLite's scalar
/// `max`, flags counted as numbers, the average as a float.
const DAY_FIGURES_PG: &str = "SELECT
   coalesce(sum(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0),
   coalesce(sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0),
   coalesce(avg(greatest(coalesce(called_at, $2) - arrived_at, 0))::float8, 0),
   coalesce(max(greatest(coalesce(called_at, $2) - arrived_at, 0)), 0)
 FROM tickets
 WHERE day = $1 AND (called_at IS NOT NULL OR status = 'waiting')";

fn from_row(r: &Row) -> Result<Ticket> {
    let day: String = r.get(1)?;
    let status: String = r.get(16)?;
    let opt_ts =
        |i: usize| -> Result<Option<DateTime<Utc>>> { Ok(r.get::<Option<i64>>(i)?.map(from_ts)) };
    let opt_u32 =
        |i: usize| -> Result<Option<u32>> { Ok(r.get::<Option<i64>>(i)?.map(|n| n as u32)) };
    Ok(Ticket {
        id: r.get(0)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        number: r.get(2)?,
        service: r.get(3)?,
        seq: r.get::<i64>(4)? as u32,
        priority: r.get(5)?,
        is_priority: r.get::<i64>(6)? != 0,
        client_id: r.get(7)?,
        client_name: r.get(8)?,
        client_mobile: r.get(9)?,
        arrived_at: from_ts(r.get(10)?),
        called_at: opt_ts(11)?,
        started_at: opt_ts(12)?,
        finished_at: opt_ts(13)?,
        counter: opt_u32(14)?,
        teller: r.get(15)?,
        status: Status::parse(&status).unwrap_or(Status::Waiting),
        calls: r.get::<i64>(17)? as u32,
        note: r.get(18)?,
        divert_target: r.get(19)?,
        routed_to: r.get(20)?,
        client_tier: r.get(21)?,
    })
}

/// What a new ticket needs.
#[derive(Clone, Debug, Default)]
pub struct NewTicket {
    pub service: String,
    pub priority: String,
    pub is_priority: bool,
    pub client_id: Option<i64>,
    pub note: Option<String>,
}

/// The day's headline figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DayFigures {
    pub waiting: i64,
    pub served: i64,
    /// Average and longest wait in minutes, counting those still waiting up to now.
    pub avg_wait_minutes: i64,
    pub max_wait_minutes: i64,
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Db<'_> {
    /// Issue the next number of the service on `day` and insert the ticket.
    /// Call inside [`super::Store::write`] so the number is never issued twice.
    pub fn add_ticket(
        &self,
        day: NaiveDate,
        new: &NewTicket,
        now: DateTime<Utc>,
    ) -> Result<Ticket> {
        let key = day_key(day);
        let highest: Option<i64> = self.one(MAX_SEQ, args![key, new.service], |r| r.get(0))?;
        let seq = next_seq(highest.map(|h| h as u32));
        let number = ticket_number(&new.service, seq);
        let id = self.insert(
            "INSERT INTO tickets (day, service, seq, number, priority, is_priority, client_id,
             arrived_at, status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'waiting', ?9)",
            args![
                key,
                new.service,
                i64::from(seq),
                number,
                new.priority,
                new.is_priority as i64,
                new.client_id,
                ts(now),
                new.note
            ],
        )?;
        Ok(self.ticket(id)?.expect("the ticket just inserted"))
    }

    pub fn ticket(&self, id: i64) -> Result<Option<Ticket>> {
        self.opt(TICKET, args![id], from_row)
    }

    /// The day's tickets that are not yet over (waiting, called, serving, on hold).
    /// The lobby's open tickets on `day`: the day's, and those still at a
    /// counter or on hold from an earlier day not yet closed.
    pub fn open_tickets(&self, day: NaiveDate) -> Result<Vec<Ticket>> {
        self.all(OPEN_TICKETS, args![day_key(day)], from_row)
    }

    /// The tickets of `day` marked no-show at `since` or later, in arrival order.
    pub fn no_shows_since(&self, day: NaiveDate, since: DateTime<Utc>) -> Result<Vec<Ticket>> {
        self.all(NO_SHOWS_SINCE, args![day_key(day), ts(since)], from_row)
    }

    /// Every ticket of `day`, in arrival order.
    pub fn tickets_of(&self, day: NaiveDate) -> Result<Vec<Ticket>> {
        self.all(TICKETS_OF, args![day_key(day)], from_row)
    }

    /// The tickets of `day` still open: what closing it closes.
    pub fn open_tickets_of(&self, day: NaiveDate) -> Result<Vec<Ticket>> {
        self.all(OPEN_TICKETS_OF, args![day_key(day)], from_row)
    }

    /// The ticket holding `counter` in the lobby on `day` (called there, or
    /// being served; one from an earlier day not yet closed included), as
    /// [`Db::open_tickets`] would show it.
    pub fn at_counter(&self, day: NaiveDate, counter: u32) -> Result<Option<Ticket>> {
        self.opt(
            AT_COUNTER,
            args![day_key(day), i64::from(counter)],
            from_row,
        )
    }

    /// Whether the day's most recent first calls were priority calls, newest first.
    pub fn recent_calls(&self, day: NaiveDate, limit: usize) -> Result<Vec<bool>> {
        self.all(RECENT_CALLS, args![day_key(day), limit as i64], |r| {
            Ok(r.get::<i64>(0)? != 0)
        })
    }

    /// Save a step: `new` replaces `old` only if nobody changed it meanwhile.
    /// Returns false when the ticket had changed (the caller reloads).
    pub fn update_ticket(&self, old: &Ticket, new: &Ticket) -> Result<bool> {
        let n = self.run(
            UPDATE_TICKET,
            args![
                new.id,
                old.status.as_str(),
                new.called_at.map(ts),
                new.started_at.map(ts),
                new.finished_at.map(ts),
                new.counter.map(i64::from),
                new.teller,
                new.status.as_str(),
                i64::from(new.calls),
                new.note,
                new.divert_target,
                i64::from(old.calls),
                old.counter.map(i64::from),
                day_key(old.day)
            ],
        )?;
        Ok(n == 1)
    }

    /// Waiting now, served, and waits (to first call, or to `now` if still waiting).
    pub fn day_figures(&self, day: NaiveDate, now: DateTime<Utc>) -> Result<DayFigures> {
        self.one(
            Q::per_engine(DAY_FIGURES, DAY_FIGURES_PG),
            args![day_key(day), ts(now)],
            |r| {
                Ok(DayFigures {
                    waiting: r.get(0)?,
                    served: r.get(1)?,
                    avg_wait_minutes: (r.get::<f64>(2)? / 60.0).round() as i64,
                    max_wait_minutes: r.get::<i64>(3)? / 60,
                })
            },
        )
    }
}

impl Db<'_> {
    /// Attach a client to a ticket (a referral card names the client).
    pub fn set_ticket_client(&self, ticket_id: i64, client_id: i64) -> Result<()> {
        self.run(
            "UPDATE tickets SET client_id = ?2 WHERE id = ?1",
            args![ticket_id, client_id],
        )?;
        Ok(())
    }

    /// Route a ticket to a person (a client with an appointment with them).
    pub fn route_ticket(&self, ticket_id: i64, to: &str) -> Result<()> {
        self.run(
            "UPDATE tickets SET routed_to = ?2 WHERE id = ?1",
            args![ticket_id, to],
        )?;
        Ok(())
    }

    /// The ticket a kiosk's request id made on `day`, if it made one.
    pub fn requested_ticket(&self, day: NaiveDate, request: &str) -> Result<Option<Ticket>> {
        let id: Option<i64> = self.opt(
            "SELECT ticket_id FROM requests WHERE day = ?1 AND id = ?2",
            args![day_key(day), request],
            |r| r.get(0),
        )?;
        match id {
            Some(id) => self.ticket(id),
            None => Ok(None),
        }
    }

    /// Remember that a kiosk's request id made ticket `ticket_id` on `day`.
    pub fn insert_request(
        &self,
        day: NaiveDate,
        request: &str,
        ticket_id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.run(
            "INSERT INTO requests (day, id, ticket_id, at) VALUES (?1, ?2, ?3, ?4)",
            args![day_key(day), request, ticket_id, ts(now)],
        )?;
        Ok(())
    }
}
