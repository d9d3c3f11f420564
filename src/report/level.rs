//! The service level (叫号服务水平) and the day's appointments, as the
//! review and `lobbydesk report` give them beside the waits.
//!
//! - **Service level**: of the tickets with a wait (the waits' rule), the
//!   share called within the catalog's `wait_warning_minutes` (a wait of
//!   exactly that long counts as within: "6分钟内叫号 82.4%"), overall, per
//!   service (every catalog service, then any other letter found) and per
//!   local hour of arrival (the 24 hours). `share_percent` has one
//!   decimal; 0.0 where there is no wait to count.
//! - **Appointments** of the range's days by where they stand now:
//!   `booked` every one not cancelled, of them `arrived` (checked in) and
//!   `missed`; `cancelled` apart.

use serde::{Deserialize, Serialize};

use super::{Names, Report};
use crate::config::Catalog;
use crate::store::service_level::LevelRow;

/// The share called within the limit, in percent with one decimal.
fn share(within: i64, count: i64) -> f64 {
    if count == 0 {
        0.0
    } else {
        (within as f64 * 1000.0 / count as f64).round() / 10.0
    }
}

/// Tickets with a wait, and how many were called within the limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LevelFigures {
    pub count: i64,
    pub within: i64,
    pub share_percent: f64,
}

impl LevelFigures {
    fn of<'a>(rows: impl Iterator<Item = &'a LevelRow>) -> LevelFigures {
        let (count, within) = rows.fold((0, 0), |(c, w), r| (c + r.count, w + r.within));
        LevelFigures {
            count,
            within,
            share_percent: share(within, count),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevelItem {
    pub service: String,
    pub label: Names,
    #[serde(flatten)]
    pub figures: LevelFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HourLevel {
    /// Local hour of arrival, 0–23.
    pub hour: u32,
    #[serde(flatten)]
    pub figures: LevelFigures,
}

/// The share of clients called within the warning threshold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevel {
    /// The limit: the catalog's `wait_warning_minutes` when computed.
    pub within_minutes: i64,
    #[serde(flatten)]
    pub all: LevelFigures,
    pub by_service: Vec<ServiceLevelItem>,
    pub by_hour: Vec<HourLevel>,
}

/// The range's appointments by where they stand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointments {
    pub booked: i64,
    pub arrived: i64,
    pub missed: i64,
    pub cancelled: i64,
}

pub(super) fn service_level(catalog: &Catalog, rows: &[LevelRow]) -> ServiceLevel {
    let mut letters: Vec<(String, Names)> = catalog
        .services
        .iter()
        .map(|s| (s.letter.clone(), Names::from(&s.label)))
        .collect();
    for r in rows {
        if !letters.iter().any(|(l, _)| *l == r.service) {
            letters.push((r.service.clone(), Names::same(&r.service)));
        }
    }
    ServiceLevel {
        within_minutes: catalog.thresholds.wait_warning_minutes,
        all: LevelFigures::of(rows.iter()),
        by_service: letters
            .into_iter()
            .map(|(service, label)| ServiceLevelItem {
                figures: LevelFigures::of(rows.iter().filter(|r| r.service == service)),
                service,
                label,
            })
            .collect(),
        by_hour: (0..24)
            .map(|hour| HourLevel {
                hour,
                figures: LevelFigures::of(rows.iter().filter(|r| r.hour == hour)),
            })
            .collect(),
    }
}

pub(super) fn appointments(counts: &[(String, i64)]) -> Appointments {
    let of = |s: &str| counts.iter().filter(|(k, _)| k == s).map(|(_, n)| n).sum();
    let cancelled = of("cancelled");
    Appointments {
        booked: counts.iter().map(|(_, n)| n).sum::<i64>() - cancelled,
        arrived: of("arrived"),
        missed: of("missed"),
        cancelled,
    }
}

// ---------------------------------------------------------------- Markdown

pub(super) mod md {
    use super::super::md::{heading, table, Align};
    use super::*;
    use crate::i18n::{Lang, Msg};

    fn m1(v: f64) -> String {
        format!("{v:.1}%")
    }

    /// The service level: the sentence, then per service and per hour.
    pub(in crate::report) fn level(out: &mut String, r: &Report, lang: Lang) {
        let l = &r.service_level;
        heading(out, Msg::RvLevel, lang);
        let pct = m1(l.all.share_percent);
        let args: [(&str, &dyn std::fmt::Display); 2] = [("m", &l.within_minutes), ("p", &pct)];
        out.push_str(&format!("{}\n\n", Msg::RvWithin.fill(lang, &args)));
        let within = Msg::RptWithinN.fill(lang, &[("m", &l.within_minutes)]);
        let header = |first: Msg| {
            vec![
                first.get(lang).to_string(),
                Msg::RptCount.get(lang).to_string(),
                within.clone(),
                Msg::RptShare.get(lang).to_string(),
            ]
        };
        let row = |name: String, f: &LevelFigures| {
            vec![
                name,
                f.count.to_string(),
                f.within.to_string(),
                m1(f.share_percent),
            ]
        };
        let align = [Align::Left, Align::Right, Align::Right, Align::Right];
        let services: Vec<Vec<String>> = l
            .by_service
            .iter()
            .filter(|s| s.figures.count > 0)
            .map(|s| row(format!("{} {}", s.service, s.label.get(lang)), &s.figures))
            .collect();
        if !services.is_empty() {
            table(out, &header(Msg::RptService), &align, &services);
        }
        let hours: Vec<Vec<String>> = l
            .by_hour
            .iter()
            .filter(|h| h.figures.count > 0)
            .map(|h| {
                let name = format!("{:02}:00–{:02}:00", h.hour, h.hour + 1);
                row(name, &h.figures)
            })
            .collect();
        if !hours.is_empty() {
            table(out, &header(Msg::RptHour), &align, &hours);
        }
    }

    pub(in crate::report) fn appointments(out: &mut String, r: &Report, lang: Lang) {
        heading(out, Msg::RvAppointments, lang);
        let a = &r.appointments;
        let header: Vec<String> = [
            Msg::RvApptBooked,
            Msg::RvApptArrived,
            Msg::RvApptMissed,
            Msg::RvApptCancelled,
        ]
        .iter()
        .map(|m| m.get(lang).to_string())
        .collect();
        let row = vec![
            a.booked.to_string(),
            a.arrived.to_string(),
            a.missed.to_string(),
            a.cancelled.to_string(),
        ];
        table(out, &header, &[Align::Right; 4], &[row]);
    }
}

// ---------------------------------------------------------------- CSV

/// The CSV rows: `service_level` (totals and `within_minutes`),
/// `service_level.by_service` (by letter), `service_level.by_hour` (0–23),
/// `appointments`.
pub(super) fn csv_rows(r: &Report, lang: crate::i18n::Lang) -> Vec<[String; 5]> {
    let mut out = Vec::new();
    let mut push = |section: &str, item: &str, name: &str, field: &str, value: String| {
        out.push([
            section.to_string(),
            item.to_string(),
            name.to_string(),
            field.to_string(),
            value,
        ]);
    };
    let fields = |f: &LevelFigures| {
        [
            ("count", f.count.to_string()),
            ("within", f.within.to_string()),
            ("share_percent", format!("{:.1}", f.share_percent)),
        ]
    };
    let l = &r.service_level;
    push(
        "service_level",
        "",
        "",
        "within_minutes",
        l.within_minutes.to_string(),
    );
    for (k, v) in fields(&l.all) {
        push("service_level", "", "", k, v);
    }
    for s in &l.by_service {
        for (k, v) in fields(&s.figures) {
            push(
                "service_level.by_service",
                &s.service,
                s.label.get(lang),
                k,
                v,
            );
        }
    }
    for h in &l.by_hour {
        for (k, v) in fields(&h.figures) {
            push("service_level.by_hour", &h.hour.to_string(), "", k, v);
        }
    }
    let a = &r.appointments;
    for (k, v) in [
        ("booked", a.booked),
        ("arrived", a.arrived),
        ("missed", a.missed),
        ("cancelled", a.cancelled),
    ] {
        push("appointments", "", "", k, v.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_have_one_decimal_and_no_division_by_zero() {
        assert_eq!(share(0, 0), 0.0);
        assert_eq!(share(9, 11), 81.8);
        assert_eq!(share(4, 4), 100.0);
    }

    #[test]
    fn appointments_count_by_status() {
        let counts = [
            ("arrived".to_string(), 2),
            ("booked".to_string(), 1),
            ("cancelled".to_string(), 1),
            ("missed".to_string(), 1),
        ];
        assert_eq!(
            appointments(&counts),
            Appointments {
                booked: 4,
                arrived: 2,
                missed: 1,
                cancelled: 1
            }
        );
    }
}
