//! Appointments (预约): a client booked to come on a day at a time to see a
//! line's managers or one of them. Booked, then arrived (checked in by the
//! lobby), missed (not come within the grace minutes) or cancelled; the
//! service a line's appointment is served under; the rules, without I/O.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

/// Where an appointment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Booked,
    /// The client came and was checked in: a ticket was made for them.
    Arrived,
    /// The client did not come within the grace minutes.
    Missed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Booked,
        Status::Arrived,
        Status::Missed,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::Arrived => "arrived",
            Status::Missed => "missed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// One appointment, with its client as the lists show them (masked there).
#[derive(Clone, Debug, PartialEq)]
pub struct Appointment {
    pub id: i64,
    pub client_id: i64,
    pub client_name: Option<String>,
    pub client_mobile: Option<String>,
    /// The prospect it was booked from, if any.
    pub prospect_id: Option<i64>,
    /// The local business day and time it is for.
    pub day: NaiveDate,
    pub time: NaiveTime,
    /// The same moment in UTC.
    pub at: DateTime<Utc>,
    /// The line it is with.
    pub line: String,
    /// The manager it is with; `None`: any of the line's managers.
    pub person: Option<String>,
    /// Free text: stays on the appointment, never in the trail.
    pub note: String,
    pub booked_by: String,
    pub status: Status,
    /// The ticket made when the client was checked in.
    pub ticket_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Why an appointment cannot be booked or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppointmentRefusal {
    /// Its time has passed already.
    InPast,
    /// It is no longer booked (arrived, missed or cancelled).
    NotBooked(Status),
    /// A client is checked in only on the appointment's own day.
    NotToday(NaiveDate),
}

/// The minutes past its time after which an appointment nobody checked in
/// is missed, when the branch settings do not say.
pub const GRACE_MINUTES: i64 = 15;

/// The service a line's appointment is served under (its ticket's letter):
/// the one place that says it. Wealth → `C` (理财咨询), credit → `L`
/// (贷款咨询); a line not listed here, or a letter the branch no longer
/// has, falls back to the branch's first service.
pub const LINE_SERVICE: &[(&str, &str)] = &[("wealth", "C"), ("credit", "L")];

/// The service letter for an appointment on `line`, among the branch's
/// `services` (letters, in the settings' order).
pub fn service_for_line<'a>(line: &str, services: &[&'a str]) -> Option<&'a str> {
    let mapped = LINE_SERVICE
        .iter()
        .find(|(l, _)| *l == line)
        .and_then(|(_, s)| services.iter().find(|x| *x == s));
    mapped.or(services.first()).copied()
}

/// A time as people type it: `10:30`, `9:05`, `1030`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H%M"))
        .ok()
}

/// A new appointment's moment must still be to come.
pub fn check_when(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), AppointmentRefusal> {
    match at < now {
        true => Err(AppointmentRefusal::InPast),
        false => Ok(()),
    }
}

/// Only a booked appointment is checked in, missed or cancelled.
pub fn must_be_booked(a: &Appointment) -> Result<(), AppointmentRefusal> {
    match a.status {
        Status::Booked => Ok(()),
        s => Err(AppointmentRefusal::NotBooked(s)),
    }
}

/// The client came: checked in on the appointment's day, while it is booked.
pub fn check_in(a: &Appointment, today: NaiveDate) -> Result<(), AppointmentRefusal> {
    must_be_booked(a)?;
    match a.day == today {
        true => Ok(()),
        false => Err(AppointmentRefusal::NotToday(a.day)),
    }
}

/// Whether a booked appointment is missed at `now`: more than `grace`
/// minutes past its time and nobody checked the client in.
pub fn is_missed(a: &Appointment, now: DateTime<Utc>, grace_minutes: i64) -> bool {
    a.status == Status::Booked && now > a.at + Duration::minutes(grace_minutes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap() + Duration::minutes(min)
    }

    fn booked() -> Appointment {
        Appointment {
            id: 1,
            client_id: 1,
            client_name: None,
            client_mobile: None,
            prospect_id: None,
            day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            at: at(0),
            line: "wealth".into(),
            person: Some("W01".into()),
            note: String::new(),
            booked_by: "W01".into(),
            status: Status::Booked,
            ticket_id: None,
            created_at: at(-60),
        }
    }

    #[test]
    fn statuses_read_back() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_time_in_the_past_is_refused() {
        assert_eq!(check_when(at(-1), at(0)), Err(AppointmentRefusal::InPast));
        assert_eq!(check_when(at(0), at(0)), Ok(()));
        assert_eq!(check_when(at(30), at(0)), Ok(()));
    }

    #[test]
    fn missed_only_past_the_grace_minutes() {
        let a = booked();
        assert!(
            !is_missed(&a, at(15), 15),
            "15 minutes late is still in time"
        );
        assert!(is_missed(&a, at(16), 15));
        assert!(!is_missed(&a, at(16), 20), "the branch's grace");
        let mut arrived = a.clone();
        arrived.status = Status::Arrived;
        assert!(
            !is_missed(&arrived, at(60), 15),
            "an arrival is never missed"
        );
    }

    #[test]
    fn check_in_on_its_own_day_while_booked() {
        let a = booked();
        assert_eq!(check_in(&a, a.day), Ok(()));
        let tomorrow = a.day.succ_opt().unwrap();
        assert_eq!(
            check_in(&a, tomorrow),
            Err(AppointmentRefusal::NotToday(a.day))
        );
        let mut missed = a.clone();
        missed.status = Status::Missed;
        assert_eq!(
            check_in(&missed, a.day),
            Err(AppointmentRefusal::NotBooked(Status::Missed))
        );
    }

    #[test]
    fn a_line_s_service_is_mapped_in_one_place() {
        let services = ["A", "B", "V", "C", "L"];
        assert_eq!(service_for_line("wealth", &services), Some("C"));
        assert_eq!(service_for_line("credit", &services), Some("L"));
        assert_eq!(service_for_line("insurance", &services), Some("A"));
        assert_eq!(service_for_line("wealth", &["A", "B"]), Some("A"));
        assert_eq!(service_for_line("wealth", &[]), None);
    }

    #[test]
    fn times_as_typed() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("10:30"), t(10, 30));
        assert_eq!(parse_time(" 9:05 "), t(9, 5));
        assert_eq!(parse_time("1030"), t(10, 30));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("soon"), None);
    }
}
