//! Business days and durations: stored in UTC, a business day is a local date.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// The local business day an instant falls on.
pub fn business_day(at: DateTime<Utc>, offset: FixedOffset) -> NaiveDate {
    at.with_timezone(&offset).date_naive()
}

/// Whole minutes from `from` to `to`, never negative.
pub fn minutes_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_minutes().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn business_day_uses_local_date() {
        let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
        // 2026-11-23 17:30 UTC is already the 24th in Beijing.
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 17, 30, 0).unwrap();
        assert_eq!(
            business_day(at, beijing),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(
            business_day(at, FixedOffset::east_opt(0).unwrap()),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
    }

    #[test]
    fn minutes_never_negative() {
        let a = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
        let b = Utc.with_ymd_and_hms(2026, 11, 23, 1, 7, 59).unwrap();
        assert_eq!(minutes_between(a, b), 7);
        assert_eq!(minutes_between(b, a), 0);
    }
}
