//! The lists of a settings file as written: each entry with its own keys
//! and no others (a role only on a line, a line only on a need or a
//! product), read into the catalog's entries.

use serde::{Deserialize, Deserializer};

use super::{Counter, DivertTarget, Entry, Label, Priority, Service};

/// A `[[services]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawService {
    letter: String,
    zh: String,
    en: String,
}

impl From<RawService> for Service {
    fn from(r: RawService) -> Service {
        Service {
            letter: r.letter,
            label: Label { zh: r.zh, en: r.en },
        }
    }
}

/// A `[[priorities]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPriority {
    code: String,
    zh: String,
    en: String,
    priority: bool,
}

impl From<RawPriority> for Priority {
    fn from(r: RawPriority) -> Priority {
        Priority {
            code: r.code,
            label: Label { zh: r.zh, en: r.en },
            priority: r.priority,
        }
    }
}

/// A coded entry with its label, and a line (needs, products) or a role
/// (lines) where the list has them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCoded {
    code: String,
    zh: String,
    en: String,
}

impl From<RawCoded> for DivertTarget {
    fn from(r: RawCoded) -> DivertTarget {
        DivertTarget {
            code: r.code,
            label: Label { zh: r.zh, en: r.en },
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    code: String,
    zh: String,
    en: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    desk: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOfLine {
    code: String,
    zh: String,
    en: String,
    line: String,
}

pub(super) fn entry(code: String, zh: String, en: String) -> Entry {
    Entry {
        code,
        label: Label { zh, en },
        line: None,
        role: None,
        services: Vec::new(),
        desk: None,
        min_assets: None,
        dormant_days: None,
    }
}

/// Tiers, objections, channels: code and label only.
pub(super) fn entries<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    let raw = Vec::<RawCoded>::deserialize(d)?;
    Ok(raw.into_iter().map(|r| entry(r.code, r.zh, r.en)).collect())
}

/// A `[[tiers]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    code: String,
    zh: String,
    en: String,
    #[serde(default)]
    dormant_days: Option<u32>,
    #[serde(default)]
    min_assets: Option<i64>,
}

/// The most days a tier may allow before its client is dormant.
pub const MAX_DORMANT_DAYS: u32 = 3650;

/// Tiers: code, label, the days after which their client is dormant and,
/// where given, the least assets.
pub(super) fn tiers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    let raw = Vec::<RawTier>::deserialize(d)?;
    if let Some(t) = raw.iter().find(|t| {
        t.dormant_days
            .is_some_and(|n| n == 0 || n > MAX_DORMANT_DAYS)
    }) {
        return Err(serde::de::Error::custom(format!(
            "tiers: {}: dormant_days must be between 1 and {MAX_DORMANT_DAYS}",
            t.code
        )));
    }
    Ok(raw
        .into_iter()
        .map(|r| Entry {
            dormant_days: r.dormant_days,
            min_assets: r.min_assets,
            ..entry(r.code, r.zh, r.en)
        })
        .collect())
}

/// Lines: each with the roster role of its managers.
pub(super) fn lines<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    let raw = Vec::<RawLine>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|r| Entry {
            role: r.role,
            services: r.services,
            desk: r.desk,
            ..entry(r.code, r.zh, r.en)
        })
        .collect())
}

/// Needs and products: each on a line.
pub(super) fn of_line<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Entry>, D::Error> {
    let raw = Vec::<RawOfLine>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|r| Entry {
            line: Some(r.line),
            ..entry(r.code, r.zh, r.en)
        })
        .collect())
}

/// A `[[counters]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounter {
    number: u32,
    zh: String,
    en: String,
    services: Vec<String>,
    #[serde(default)]
    staff: Vec<String>,
}

/// Counters: number, names, services, staff.
pub(super) fn counters<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Counter>, D::Error> {
    let raw = Vec::<RawCounter>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|r| Counter {
            number: r.number,
            label: Label { zh: r.zh, en: r.en },
            services: r.services,
            staff: r.staff,
            line: None,
        })
        .collect())
}

/// Settings stored before pause reasons were a list have the shipped ones.
pub(super) fn shipped_pause_reasons() -> Vec<Entry> {
    [
        ("lunch", "午休", "Lunch"),
        ("training", "培训", "Training"),
        ("cash", "款项清点", "Cash count"),
        ("other", "其他", "Other"),
    ]
    .into_iter()
    .map(|(c, zh, en)| entry(c.into(), zh.into(), en.into()))
    .collect()
}

/// Why a client was lost (流失原因): the churn causes (complaint, poached by
/// a competitor, moved away, no reason given), then the objection kinds and
/// `other` that lost follow-ups held before the list, so their codes still
/// read. Settings stored before the list have these.
pub(super) fn shipped_lost_reasons() -> Vec<Entry> {
    [
        ("no_reason", "未说明原因", "No reason given"),
        ("complaint", "投诉", "Complaint"),
        ("competitor", "被同业挖走", "Poached by a competitor"),
        ("moved", "搬离", "Moved away"),
        ("distrust", "不信任", "Distrust"),
        ("no_need", "不需要", "No need"),
        ("poor_fit", "不适合", "Poor fit"),
        ("other", "其他", "Other"),
    ]
    .into_iter()
    .map(|(c, zh, en)| entry(c.into(), zh.into(), en.into()))
    .collect()
}
