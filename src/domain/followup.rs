//! Follow-up scheduling: due dates by cadence, overdue, escalation and consent.

use chrono::{Duration, NaiveDate};

/// How many days an ended prospect stays on the follow-up list (also in
/// migration 027).
pub const ENDED_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Open,
    Won,
    Lost,
    HandedBack,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Open, Stage::Won, Stage::Lost, Stage::HandedBack];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Open => "open",
            Stage::Won => "won",
            Stage::Lost => "lost",
            Stage::HandedBack => "handed_back",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The follow-up rules from the catalog.
#[derive(Clone, Debug)]
pub struct Rules {
    /// Days to the first, second, … contact; the last repeats.
    pub cadence_days: Vec<i64>,
    /// Overdue by at least this many days: an alert, not just a warning.
    pub alert_days: i64,
    /// Overdue by more than this many days: escalated to the branch head.
    pub escalate_days: i64,
}

/// When the next contact is due after `contacts_so_far` contacts, counted from `from`.
pub fn next_due(rules: &Rules, contacts_so_far: usize, from: NaiveDate) -> NaiveDate {
    let steps = &rules.cadence_days;
    let days = steps
        .get(contacts_so_far)
        .or(steps.last())
        .copied()
        .unwrap_or(7);
    from + Duration::days(days)
}

/// Where a prospect stands on a given day: the Follow-ups tab's sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    Overdue,
    DueToday,
    Upcoming,
    Ended,
}

pub fn bucket(stage: Stage, due: Option<NaiveDate>, today: NaiveDate) -> Bucket {
    match (stage, due) {
        (Stage::Open, Some(d)) if d < today => Bucket::Overdue,
        (Stage::Open, Some(d)) if d == today => Bucket::DueToday,
        (Stage::Open, _) => Bucket::Upcoming,
        _ => Bucket::Ended,
    }
}

/// How late a contact is, for the mark on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lateness {
    OnTime,
    /// Past due.
    Warning,
    /// Past due by `alert_days` or more.
    Alert,
}

pub fn days_overdue(due: Option<NaiveDate>, today: NaiveDate) -> i64 {
    due.map_or(0, |d| (today - d).num_days().max(0))
}

pub fn lateness(rules: &Rules, stage: Stage, due: Option<NaiveDate>, today: NaiveDate) -> Lateness {
    if stage != Stage::Open {
        return Lateness::OnTime;
    }
    match days_overdue(due, today) {
        0 => Lateness::OnTime,
        d if d >= rules.alert_days => Lateness::Alert,
        _ => Lateness::Warning,
    }
}

/// Overdue for more than `escalate_days`: flagged for the branch head.
pub fn escalated(rules: &Rules, stage: Stage, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    stage == Stage::Open && days_overdue(due, today) > rules.escalate_days
}

/// Why a follow-up step was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FollowRefusal {
    /// The prospect has ended; only reassignment reopens a handed-back one.
    Ended(Stage),
    /// The client has not agreed to be contacted: record consent first.
    NoConsent,
    /// Reassigning to the current owner changes nothing.
    SameOwner,
    /// A prospect goes to an active member of staff, not to someone gone
    /// or to a kiosk or calling display.
    NotStaff,
    /// A next contact must be after today… or today.
    DueInPast,
}

/// Logging a contact needs an open prospect and a consenting client.
pub fn can_contact(stage: Stage, consent: bool) -> Result<(), FollowRefusal> {
    if stage != Stage::Open {
        return Err(FollowRefusal::Ended(stage));
    }
    if !consent {
        return Err(FollowRefusal::NoConsent);
    }
    Ok(())
}

/// Won, lost, handed back and rescheduled need an open prospect.
pub fn must_be_open(stage: Stage) -> Result<(), FollowRefusal> {
    match stage {
        Stage::Open => Ok(()),
        s => Err(FollowRefusal::Ended(s)),
    }
}

/// Reassignment: an open or handed-back prospect, to someone else.
pub fn can_reassign(stage: Stage, owner: &str, to: &str) -> Result<(), FollowRefusal> {
    if matches!(stage, Stage::Won | Stage::Lost) {
        return Err(FollowRefusal::Ended(stage));
    }
    if owner == to && stage == Stage::Open {
        return Err(FollowRefusal::SameOwner);
    }
    Ok(())
}

/// A rescheduled or next due date may not lie in the past.
pub fn check_due(due: NaiveDate, today: NaiveDate) -> Result<(), FollowRefusal> {
    if due < today {
        Err(FollowRefusal::DueInPast)
    } else {
        Ok(())
    }
}

/// A date as people type it: `2026-11-30`, `11-30` (this year), or `+3` (days from today).
pub fn parse_date(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(n) = s.strip_prefix('+') {
        return n
            .parse::<i64>()
            .ok()
            .filter(|n| *n <= 3650)
            .map(|n| today + Duration::days(n));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
        use chrono::Datelike;
        NaiveDate::parse_from_str(&format!("{}-{s}", today.year()), "%Y-%m-%d").ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules {
            cadence_days: vec![2, 7, 30],
            alert_days: 3,
            escalate_days: 7,
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn due_dates_follow_the_cadence_and_the_last_step_repeats() {
        let r = rules();
        assert_eq!(next_due(&r, 0, d(11, 23)), d(11, 25));
        assert_eq!(next_due(&r, 1, d(11, 25)), d(12, 2));
        assert_eq!(
            next_due(&r, 2, d(12, 2)),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        assert_eq!(next_due(&r, 9, d(11, 1)), d(12, 1));
    }

    #[test]
    fn buckets_by_due_date() {
        let today = d(11, 23);
        assert_eq!(bucket(Stage::Open, Some(d(11, 22)), today), Bucket::Overdue);
        assert_eq!(bucket(Stage::Open, Some(today), today), Bucket::DueToday);
        assert_eq!(
            bucket(Stage::Open, Some(d(11, 24)), today),
            Bucket::Upcoming
        );
        assert_eq!(bucket(Stage::Won, Some(d(11, 1)), today), Bucket::Ended);
        assert_eq!(bucket(Stage::HandedBack, None, today), Bucket::Ended);
    }

    #[test]
    fn overdue_warning_then_alert_then_escalation() {
        let r = rules();
        let today = d(11, 23);
        let late = |days: i64| Some(today - Duration::days(days));
        assert_eq!(lateness(&r, Stage::Open, late(0), today), Lateness::OnTime);
        assert_eq!(lateness(&r, Stage::Open, late(1), today), Lateness::Warning);
        assert_eq!(lateness(&r, Stage::Open, late(3), today), Lateness::Alert);
        assert_eq!(lateness(&r, Stage::Lost, late(30), today), Lateness::OnTime);
        assert!(!escalated(&r, Stage::Open, late(7), today));
        assert!(escalated(&r, Stage::Open, late(8), today));
        assert!(!escalated(&r, Stage::Won, late(30), today));
        assert_eq!(days_overdue(Some(d(11, 30)), today), 0);
    }

    #[test]
    fn consent_and_stage_rules() {
        assert_eq!(can_contact(Stage::Open, true), Ok(()));
        assert_eq!(
            can_contact(Stage::Open, false),
            Err(FollowRefusal::NoConsent)
        );
        assert_eq!(
            can_contact(Stage::Won, true),
            Err(FollowRefusal::Ended(Stage::Won))
        );
        assert!(must_be_open(Stage::HandedBack).is_err());
        assert_eq!(can_reassign(Stage::HandedBack, "W01", "W01"), Ok(()));
        assert_eq!(
            can_reassign(Stage::Open, "W01", "W01"),
            Err(FollowRefusal::SameOwner)
        );
        assert!(can_reassign(Stage::Lost, "W01", "W02").is_err());
        assert_eq!(
            check_due(d(11, 22), d(11, 23)),
            Err(FollowRefusal::DueInPast)
        );
        assert_eq!(check_due(d(11, 23), d(11, 23)), Ok(()));
    }

    #[test]
    fn dates_as_typed() {
        let today = d(11, 23);
        assert_eq!(parse_date("+3", today), Some(d(11, 26)));
        assert_eq!(parse_date("2026-12-01", today), Some(d(12, 1)));
        assert_eq!(parse_date("12-01", today), Some(d(12, 1)));
        assert_eq!(parse_date("soon", today), None);
        assert_eq!(parse_date("+99999", today), None);
    }

    #[test]
    fn stage_round_trips() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }
}
