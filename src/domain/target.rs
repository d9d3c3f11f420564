//! Targets (目标任务到人到岗): what the branch head asks of a person or a
//! line over a month or a quarter, and how the figures done so far compare
//! with the share of the period gone by. Pure rules: no I/O.
//!
//! # Rules
//!
//! - **Period**: a calendar month `2026-11` or quarter `2026-Q4`.
//! - **Share elapsed** on day `d`: the calendar days of the period up to and
//!   including `d`, over all its calendar days (a day counts as gone once it
//!   has begun: the review is read at the end of the day). Before the period
//!   0, after it 1. Calendar days, not business days: which days the branch
//!   opens is not known ahead (holidays, make-up Saturdays).
//! - **Pace**: with `done%` = done ÷ target and `elapsed%` the share
//!   elapsed, both in percent: *ahead* when `done% ≥ elapsed% + 10`, *on
//!   track* when `done% ≥ elapsed% − 10`, otherwise *behind*
//!   ([`PACE_MARGIN`] points either way).
//! - **Value**: a whole positive count (referrals, contracts, contacts) or a
//!   positive amount in yuan with at most two decimals, kept in cents.

use chrono::{Datelike, NaiveDate};

/// Points of percent either side of the elapsed share that still count as
/// on track.
pub const PACE_MARGIN: f64 = 10.0;

/// The largest target value (counts, or cents for an amount).
pub const MAX_VALUE: i64 = 1_000_000_000_000;

/// A month or a quarter of the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
}

impl Period {
    /// `2026-11` or `2026-Q4` (`q` too); anything else is refused.
    pub fn parse(text: &str) -> Result<Period, TargetRefusal> {
        let bad = || TargetRefusal::BadPeriod(text.to_string());
        let t = text.trim();
        let (y, rest) = t.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        if !(2000..=2999).contains(&year) {
            return Err(bad());
        }
        let period = match rest.strip_prefix(['Q', 'q']) {
            Some(q) if q.len() == 1 => Period::Quarter {
                year,
                quarter: q.parse().map_err(|_| bad())?,
            },
            Some(_) => return Err(bad()),
            None if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) => Period::Month {
                year,
                month: rest.parse().map_err(|_| bad())?,
            },
            None => return Err(bad()),
        };
        match period {
            Period::Month { month, .. } if (1..=12).contains(&month) => Ok(period),
            Period::Quarter { quarter, .. } if (1..=4).contains(&quarter) => Ok(period),
            _ => Err(bad()),
        }
    }

    /// The month `day` falls in.
    pub fn month_of(day: NaiveDate) -> Period {
        Period::Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The period's first day.
    pub fn first(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter * 3 - 2),
        };
        NaiveDate::from_ymd_opt(year, month, 1).expect("a parsed period has a first day")
    }

    /// The period's last day.
    pub fn last(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter * 3),
        };
        let (ny, nm) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        NaiveDate::from_ymd_opt(ny, nm, 1)
            .and_then(|d| d.pred_opt())
            .expect("a parsed period has a last day")
    }

    /// Calendar days in the period.
    pub fn days(self) -> i64 {
        (self.last() - self.first()).num_days() + 1
    }

    /// The calendar days of the period gone by on `day` (that day included).
    pub fn days_elapsed(self, day: NaiveDate) -> i64 {
        ((day - self.first()).num_days() + 1).clamp(0, self.days())
    }

    /// The share of the period gone by on `day`, 0 to 1 (see the rules).
    pub fn elapsed(self, day: NaiveDate) -> f64 {
        self.days_elapsed(day) as f64 / self.days() as f64
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
        }
    }
}

/// What a target counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// Referral cards made.
    Referrals,
    /// Contracted cards.
    Contracts,
    /// The contracted amount (cents).
    Amount,
    /// Follow-up contacts logged.
    Contacts,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Referrals,
        Measure::Contracts,
        Measure::Amount,
        Measure::Contacts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Referrals => "referrals",
            Measure::Contracts => "contracts",
            Measure::Amount => "amount",
            Measure::Contacts => "contacts",
        }
    }

    pub fn parse(s: &str) -> Result<Measure, TargetRefusal> {
        Measure::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim())
            .ok_or_else(|| TargetRefusal::BadMeasure(s.to_string()))
    }

    /// A value as typed (`12`, or yuan `50000.5` for an amount) as stored
    /// (a count, or cents); refused unless positive.
    pub fn value(self, text: &str) -> Result<i64, TargetRefusal> {
        let bad = || TargetRefusal::BadValue(text.to_string());
        let t = text.trim();
        let v = match self {
            Measure::Amount => {
                let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                if !digits(whole) || !(frac.is_empty() || (digits(frac) && frac.len() <= 2)) {
                    return Err(bad());
                }
                let yuan: i64 = whole.parse().map_err(|_| bad())?;
                let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
                yuan.checked_mul(100)
                    .and_then(|c| c.checked_add(cents))
                    .ok_or_else(bad)?
            }
            _ => {
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                t.parse().map_err(|_| bad())?
            }
        };
        match v {
            1..=MAX_VALUE => Ok(v),
            _ => Err(bad()),
        }
    }
}

/// Which cards (and contacts, through their prospect's card) a target counts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    All,
    /// Cards of one need category.
    Need(String),
    /// Cards contracted for one product.
    Product(String),
}

impl Scope {
    /// As stored: `all`, `need:CODE`, `product:CODE`.
    pub fn key(&self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::Need(c) => format!("need:{c}"),
            Scope::Product(c) => format!("product:{c}"),
        }
    }

    pub fn parse(key: &str) -> Option<Scope> {
        match key.split_once(':') {
            None if key == "all" => Some(Scope::All),
            Some(("need", c)) => Some(Scope::Need(c.into())),
            Some(("product", c)) => Some(Scope::Product(c.into())),
            _ => None,
        }
    }
}

/// Whose target it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Whom {
    /// A person on the roster, by code.
    Person(String),
    /// A line (wealth, credit), by code.
    Line(String),
}

impl Whom {
    /// `person` or `line`, as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Whom::Person(_) => "person",
            Whom::Line(_) => "line",
        }
    }

    pub fn code(&self) -> &str {
        match self {
            Whom::Person(c) | Whom::Line(c) => c,
        }
    }

    pub fn from_parts(kind: &str, code: &str) -> Option<Whom> {
        match kind {
            "person" => Some(Whom::Person(code.into())),
            "line" => Some(Whom::Line(code.into())),
            _ => None,
        }
    }
}

/// One target, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub whom: Whom,
    pub measure: Measure,
    pub scope: Scope,
    pub period: Period,
    /// A count, or cents for an amount.
    pub value: i64,
}

/// Why a target was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetRefusal {
    BadPeriod(String),
    BadMeasure(String),
    BadValue(String),
    UnknownPerson(String),
    UnknownLine(String),
    UnknownNeed(String),
    UnknownProduct(String),
    /// No such target to remove.
    NotSet,
}

/// The codes a target may name: the roster's (everyone, those who left
/// too) and the branch settings' lines, needs and products.
pub struct Known<'a> {
    pub staff: &'a [String],
    pub lines: &'a [String],
    pub needs: &'a [String],
    pub products: &'a [String],
}

/// Check that a target names codes the branch knows.
pub fn check(whom: &Whom, scope: &Scope, known: &Known) -> Result<(), TargetRefusal> {
    let has = |list: &[String], c: &str| list.iter().any(|x| x == c);
    match whom {
        Whom::Person(c) if !has(known.staff, c) => {
            return Err(TargetRefusal::UnknownPerson(c.clone()))
        }
        Whom::Line(c) if !has(known.lines, c) => return Err(TargetRefusal::UnknownLine(c.clone())),
        _ => {}
    }
    match scope {
        Scope::Need(c) if !has(known.needs, c) => Err(TargetRefusal::UnknownNeed(c.clone())),
        Scope::Product(c) if !has(known.products, c) => {
            Err(TargetRefusal::UnknownProduct(c.clone()))
        }
        _ => Ok(()),
    }
}

/// How the figures done compare with the time gone by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    Ahead,
    OnTrack,
    Behind,
}

impl Pace {
    pub fn as_str(self) -> &'static str {
        match self {
            Pace::Ahead => "ahead",
            Pace::OnTrack => "on_track",
            Pace::Behind => "behind",
        }
    }
}

/// Done as a percent of the target, one decimal.
pub fn percent(done: i64, target: i64) -> f64 {
    if target <= 0 {
        return 0.0;
    }
    (done as f64 * 1000.0 / target as f64).round() / 10.0
}

/// The pace of `done_percent` against `elapsed_percent` (see the rules).
pub fn pace(done_percent: f64, elapsed_percent: f64) -> Pace {
    if done_percent >= elapsed_percent + PACE_MARGIN {
        Pace::Ahead
    } else if done_percent >= elapsed_percent - PACE_MARGIN {
        Pace::OnTrack
    } else {
        Pace::Behind
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_and_quarters_parse_and_bound() {
        let nov = Period::parse("2026-11").unwrap();
        assert_eq!(
            (nov.first(), nov.last(), nov.days()),
            (d(2026, 11, 1), d(2026, 11, 30), 30)
        );
        assert_eq!(nov.to_string(), "2026-11");
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(
            (q4.first(), q4.last(), q4.days()),
            (d(2026, 10, 1), d(2026, 12, 31), 92)
        );
        assert_eq!(Period::parse("2026-q1").unwrap().to_string(), "2026-Q1");
        assert_eq!(Period::parse("2028-02").unwrap().days(), 29);
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "2026-Q5",
            "2026-Q0",
            "26-11",
            "2026-1",
            "2026/11",
            "2026-11-01",
            "1999-01",
        ] {
            assert_eq!(
                Period::parse(bad),
                Err(TargetRefusal::BadPeriod(bad.into())),
                "{bad}"
            );
        }
        assert_eq!(Period::month_of(d(2026, 11, 23)), nov);
    }

    #[test]
    fn the_share_elapsed_counts_calendar_days_with_today() {
        let nov = Period::parse("2026-11").unwrap();
        assert_eq!(nov.elapsed(d(2026, 10, 31)), 0.0);
        assert_eq!(nov.days_elapsed(d(2026, 11, 1)), 1);
        assert_eq!(nov.elapsed(d(2026, 11, 15)), 0.5);
        assert_eq!(nov.elapsed(d(2026, 11, 30)), 1.0);
        assert_eq!(nov.elapsed(d(2027, 1, 1)), 1.0);
    }

    #[test]
    fn pace_is_ten_points_either_side() {
        assert_eq!(pace(60.0, 50.0), Pace::Ahead);
        assert_eq!(pace(59.9, 50.0), Pace::OnTrack);
        assert_eq!(pace(40.0, 50.0), Pace::OnTrack);
        assert_eq!(pace(39.9, 50.0), Pace::Behind);
        assert_eq!(pace(0.0, 0.0), Pace::OnTrack);
        assert_eq!(percent(3, 8), 37.5);
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(5, 0), 0.0);
    }

    #[test]
    fn values_are_positive_counts_or_yuan() {
        assert_eq!(Measure::Referrals.value("12"), Ok(12));
        assert_eq!(Measure::Amount.value("50000"), Ok(5_000_000));
        assert_eq!(Measure::Amount.value("1.5"), Ok(150));
        for bad in ["-3", "0", "", "1.5", "abc", "99999999999999999999"] {
            assert_eq!(
                Measure::Contracts.value(bad),
                Err(TargetRefusal::BadValue(bad.into()))
            );
        }
        for bad in ["-1", "0", "1.234", ".5", "1e3"] {
            assert!(Measure::Amount.value(bad).is_err(), "{bad}");
        }
        assert_eq!(Measure::parse("amount"), Ok(Measure::Amount));
        assert!(Measure::parse("money").is_err());
    }

    #[test]
    fn codes_must_be_known() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (staff, lines, needs, products) =
            (s(&["T01"]), s(&["wealth"]), s(&["fund"]), s(&["wmp"]));
        let k = Known {
            staff: &staff,
            lines: &lines,
            needs: &needs,
            products: &products,
        };
        assert!(check(&Whom::Person("T01".into()), &Scope::All, &k).is_ok());
        assert_eq!(
            check(&Whom::Person("T09".into()), &Scope::All, &k),
            Err(TargetRefusal::UnknownPerson("T09".into()))
        );
        assert_eq!(
            check(&Whom::Line("cards".into()), &Scope::All, &k),
            Err(TargetRefusal::UnknownLine("cards".into()))
        );
        assert_eq!(
            check(&Whom::Line("wealth".into()), &Scope::Need("car".into()), &k),
            Err(TargetRefusal::UnknownNeed("car".into()))
        );
        assert_eq!(
            check(
                &Whom::Line("wealth".into()),
                &Scope::Product("x".into()),
                &k
            ),
            Err(TargetRefusal::UnknownProduct("x".into()))
        );
        assert_eq!(
            Scope::parse(&Scope::Need("fund".into()).key()),
            Some(Scope::Need("fund".into()))
        );
    }
}
