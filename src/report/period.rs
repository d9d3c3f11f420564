//! The range of business days a report covers, as given on the command line.

use chrono::NaiveDate;

use crate::i18n::{Lang, Msg};

/// A range of local business days, `from..=to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a period given on the command line was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeriodError {
    BadDate(String),
    Reversed { from: NaiveDate, to: NaiveDate },
}

impl PeriodError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PeriodError::BadDate(d) => Msg::ErrReportDate.fill(lang, &[("d", d)]),
            PeriodError::Reversed { from, to } => {
                Msg::ErrReportOrder.fill(lang, &[("from", from), ("to", to)])
            }
        }
    }
}

impl Period {
    pub fn day(day: NaiveDate) -> Period {
        Period { from: day, to: day }
    }

    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError::Reversed { from, to });
        }
        Ok(Period { from, to })
    }

    /// `--date D`, or `--from D --to D`, or `today`.
    pub fn from_args(
        date: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        today: NaiveDate,
    ) -> Result<Period, PeriodError> {
        let parse = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| PeriodError::BadDate(s.to_string()))
        };
        match (date, from, to) {
            (Some(d), _, _) => Ok(Period::day(parse(d)?)),
            (None, Some(f), Some(t)) => Period::new(parse(f)?, parse(t)?),
            (None, Some(d), None) | (None, None, Some(d)) => Ok(Period::day(parse(d)?)),
            (None, None, None) => Ok(Period::day(today)),
        }
    }
}
