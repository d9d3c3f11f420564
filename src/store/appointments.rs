//! Appointments (预约): booking, the day's expected arrivals, the ones past
//! their time still booked, and status changes.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::sql::Row;
use super::{from_ts, ts, Db, Result};
use crate::args;
use crate::domain::appointment::{Appointment, Status};

/// An appointment with its client, as [`from_row`] reads it.
const SELECT: &str = "SELECT a.id, a.client_id, c.name, c.mobile, a.prospect_id, a.day, a.time,
    a.at, a.line, a.person, a.note, a.booked_by, a.status, a.ticket_id, a.created_at
 FROM appointments a JOIN clients c ON c.id = a.client_id";

fn from_row(r: &Row) -> Result<Appointment> {
    let day: String = r.get(5)?;
    let time: String = r.get(6)?;
    let status: String = r.get(12)?;
    Ok(Appointment {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        client_mobile: r.get(3)?,
        prospect_id: r.get(4)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        time: NaiveTime::parse_from_str(&time, "%H:%M").unwrap_or_default(),
        at: from_ts(r.get(7)?),
        line: r.get(8)?,
        person: r.get(9)?,
        note: r.get(10)?,
        booked_by: r.get(11)?,
        status: Status::parse(&status).unwrap_or(Status::Booked),
        ticket_id: r.get(13)?,
        created_at: from_ts(r.get(14)?),
    })
}

/// What a new appointment needs.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAppointment {
    pub client_id: i64,
    pub prospect_id: Option<i64>,
    pub day: NaiveDate,
    pub time: NaiveTime,
    pub at: DateTime<Utc>,
    pub line: String,
    pub person: Option<String>,
    pub note: String,
    pub booked_by: String,
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Db<'_> {
    pub fn add_appointment(&self, a: &NewAppointment, now: DateTime<Utc>) -> Result<i64> {
        self.insert(
            "INSERT INTO appointments (client_id, prospect_id, day, time, at, line, person,
             note, booked_by, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'booked', ?10)",
            args![
                a.client_id,
                a.prospect_id,
                day_key(a.day),
                a.time.format("%H:%M").to_string(),
                ts(a.at),
                a.line,
                a.person,
                a.note,
                a.booked_by,
                ts(now)
            ],
        )
    }

    pub fn appointment(&self, id: i64) -> Result<Option<Appointment>> {
        self.opt(&format!("{SELECT} WHERE a.id = ?1"), args![id], from_row)
    }

    /// The appointments of `day` (every status), by time.
    pub fn appointments_of(&self, day: NaiveDate) -> Result<Vec<Appointment>> {
        self.all(
            &format!("{SELECT} WHERE a.day = ?1 ORDER BY a.at, a.id"),
            args![day_key(day)],
            from_row,
        )
    }

    /// Booked appointments whose time is before `before`: the ones that may
    /// be missed.
    pub fn booked_before(&self, before: DateTime<Utc>) -> Result<Vec<Appointment>> {
        self.all(
            &format!("{SELECT} WHERE a.status = 'booked' AND a.at < ?1 ORDER BY a.at, a.id"),
            args![ts(before)],
            from_row,
        )
    }

    /// A client's appointments, newest first.
    pub fn client_appointments(&self, client_id: i64) -> Result<Vec<Appointment>> {
        self.all(
            &format!("{SELECT} WHERE a.client_id = ?1 ORDER BY a.at DESC, a.id DESC"),
            args![client_id],
            from_row,
        )
    }

    /// Move a booked appointment on to `status` (with the ticket made for
    /// an arrival); false when it was no longer booked (changed elsewhere).
    pub fn end_appointment(
        &self,
        id: i64,
        status: Status,
        ticket_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = self.run(
            "UPDATE appointments SET status = ?2, ticket_id = ?3, ended_at = ?4
             WHERE id = ?1 AND status = 'booked'",
            args![id, status.as_str(), ticket_id, ts(now)],
        )?;
        Ok(n == 1)
    }

    /// How many appointments of the days `from..=to` stand at each status.
    pub fn appointment_counts(&self, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
        self.all(
            "SELECT status, count(*) FROM appointments WHERE day BETWEEN ?1 AND ?2
             GROUP BY status ORDER BY status",
            args![from, to],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }
}
