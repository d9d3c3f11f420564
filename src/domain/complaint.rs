//! Complaints (投诉) and satisfaction ratings (满意度): the kinds of
//! complaint, where one stands, when it is overdue, and the rating scale.

use chrono::NaiveDate;

/// What a complaint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Wait,
    Attitude,
    Error,
    Product,
    Environment,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Wait,
        Kind::Attitude,
        Kind::Error,
        Kind::Product,
        Kind::Environment,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Wait => "wait",
            Kind::Attitude => "attitude",
            Kind::Error => "error",
            Kind::Product => "product",
            Kind::Environment => "environment",
            Kind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a complaint stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Open, Status::Resolved]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// One complaint as the desks and the report read it. `said`,
/// `resolution` and `feedback_note` are free text: kept here, never in the
/// trail, and erased with the client's details.
#[derive(Clone, Debug, PartialEq)]
pub struct Complaint {
    pub id: i64,
    /// The business day it was recorded.
    pub day: NaiveDate,
    pub kind: Kind,
    pub said: String,
    pub ticket_id: Option<i64>,
    /// The ticket's number (`A012`), when it is about a visit.
    pub ticket_number: Option<String>,
    pub client_id: Option<i64>,
    /// The person responsible; `None`: nobody in particular.
    pub responsible: Option<String>,
    /// Who owns the resolution.
    pub owner: String,
    /// The day it was promised to be resolved by.
    pub due: NaiveDate,
    pub opened_by: String,
    pub status: Status,
    pub resolution: Option<String>,
    /// The channel of the feedback contact with the client (a catalog code).
    pub feedback: Option<String>,
    pub feedback_note: Option<String>,
    /// Valid or not, decided at resolution.
    pub valid: Option<bool>,
    pub resolved_by: Option<String>,
}

impl Complaint {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        overdue(self.status, self.due, today)
    }
}

/// An open complaint is overdue once its promised day has passed.
pub fn overdue(status: Status, due: NaiveDate, today: NaiveDate) -> bool {
    status == Status::Open && today > due
}

/// The lowest and highest scores of a rating: 1 very dissatisfied … 5 very
/// satisfied.
pub const SCORES: std::ops::RangeInclusive<u8> = 1..=5;

/// A rating this low offers to record a complaint.
pub fn low(score: u8) -> bool {
    score <= 2
}

/// A score as typed (`1`–`5`).
pub fn parse_score(s: &str) -> Option<u8> {
    s.trim().parse::<u8>().ok().filter(|n| SCORES.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn an_open_complaint_is_overdue_the_day_after_its_promise() {
        assert!(!overdue(Status::Open, d(3), d(3)));
        assert!(overdue(Status::Open, d(3), d(4)));
        assert!(!overdue(Status::Resolved, d(3), d(9)));
    }

    #[test]
    fn kinds_and_scores_read_back() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(parse_score("5"), Some(5));
        assert_eq!(parse_score(" 1 "), Some(1));
        assert_eq!(parse_score("0"), None);
        assert_eq!(parse_score("6"), None);
        assert_eq!(parse_score("x"), None);
        assert!(low(2) && !low(3));
    }
}
