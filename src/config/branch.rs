//! The branch's settings read from TOML and checked as a whole: an unknown
//! key, a number out of its bounds, a duplicate code or a dangling line
//! refuses the whole file, in one plain sentence.

use std::collections::BTreeSet;

use super::{Catalog, Entry, Label};
use crate::domain::authority::{DISPLAY, HEAD, LOBBY, TELLER};
use crate::i18n::{Lang, Msg};

/// The numbers a file may hold, inclusive: key (`[]` for each item of a
/// list), least, most.
pub const BOUNDS: &[(&str, i64, i64)] = &[
    ("retention_years", 1, 30),
    ("branch.counters", 1, 99),
    ("thresholds.wait_warning_minutes", 1, 240),
    ("thresholds.wait_alert_minutes", 1, 480),
    ("thresholds.priority_streak_cap", 1, 20),
    ("thresholds.normal_max_wait_minutes", 1, 240),
    ("thresholds.max_calls", 1, 20),
    ("thresholds.card_wait_minutes", 1, 240),
    ("thresholds.pair_accept_minutes", 1, 240),
    ("thresholds.appointment_grace_minutes", 1, 240),
    ("followup.cadence_days[]", 1, 365),
    ("followup.overdue_alert_days", 1, 365),
    ("followup.escalate_days", 1, 365),
    ("points.referral", 0, 1000),
    ("points.converted", 0, 1000),
    ("points.closed", 0, 1000),
    ("points.contact", 0, 1000),
    ("complaints.points", 0, 1000),
    ("complaints.promise_days", 1, 90),
];

/// Why a settings file was refused. Nothing of it was used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// Not TOML at all: where, and the parser's own words.
    #[error("line {line}: not TOML: {detail}")]
    Toml { line: usize, detail: String },
    #[error("line {line}: unknown setting {key:?}")]
    Unknown { key: String, line: usize },
    /// TOML, but a value of the wrong kind or a missing one: the parser's words.
    #[error("line {line}: {detail}")]
    Shape { line: usize, detail: String },
    #[error("{key} must be between {min} and {max}")]
    Range { key: String, min: i64, max: i64 },
    /// `key` must be more than `than` (or, `equal`, at least as much).
    #[error("{key} must be more than {than}")]
    Order {
        key: &'static str,
        than: &'static str,
        equal: bool,
    },
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{list}: {code} appears twice")]
    Duplicate { list: &'static str, code: String },
    #[error("{list}: bad code {code:?}")]
    BadCode { list: &'static str, code: String },
    #[error("services: bad letter {0:?}")]
    BadLetter(String),
    #[error("{list}: {code} has no label")]
    NoLabel { list: &'static str, code: String },
    #[error("board.announce must be one command line")]
    Announce,
    #[error("priorities: no normal class")]
    NoNormal,
    #[error("lines: {0} has no role")]
    NoRole(String),
    #[error("lines: {line} has the role {role}")]
    FixedRole { line: String, role: String },
    #[error("{list}: {code}: no line {line:?}")]
    NoLine {
        list: &'static str,
        code: String,
        line: String,
    },
    /// A counter or a line's desk takes a service letter `services` lacks.
    #[error("{list}: {code} takes the unknown service {letter:?}")]
    NoService {
        list: &'static str,
        code: String,
        letter: String,
    },
    /// Two counters (or a counter and a line's desk) have one number.
    #[error("counters: number {0} is used twice")]
    CounterTwice(u32),
    /// Both `branch.counters` and `[[counters]]`.
    #[error("branch.counters and [[counters]] both given")]
    CountersBoth,
    #[error("counters: {0} takes no service")]
    CounterIdle(u32),
    /// A line with a desk but no services, or services but no desk.
    #[error("lines: {0} needs both desk and services")]
    DeskHalf(String),
    /// A tier's `min_assets` not above the tier before's.
    #[error("tiers: {0}'s min_assets must be more than the tier before's")]
    TierAssets(String),
    /// A trigger without a key its rule reads (`needed`), or with one it does not.
    #[error("cross_sell: {code}: {key} (needed: {needed})")]
    CrossSellKey {
        code: String,
        key: &'static str,
        needed: bool,
    },
    #[error("cross_sell: {code}: no tier {tier:?}")]
    CrossSellTier { code: String, tier: String },
    #[error("cross_sell: {code}: no need {need:?}")]
    CrossSellNeed { code: String, need: String },
    /// `[import.columns]` names a field that is not a client field.
    #[error("import.columns: {column:?} = {field:?} is no client field")]
    ImportField { column: String, field: String },
}

impl SettingsError {
    pub fn message(&self, lang: Lang) -> String {
        use SettingsError as E;
        match self {
            E::Toml { line, detail } => Msg::SetToml.fill(lang, &[("n", line), ("e", detail)]),
            E::Unknown { key, line } => Msg::SetUnknown.fill(lang, &[("n", line), ("k", key)]),
            E::Shape { line, detail } => Msg::SetShape.fill(lang, &[("n", line), ("e", detail)]),
            E::Range { key, min, max } => {
                Msg::SetRange.fill(lang, &[("k", key), ("a", min), ("b", max)])
            }
            E::Order { key, than, equal } => {
                let m = if *equal {
                    Msg::SetAtLeast
                } else {
                    Msg::SetMore
                };
                m.fill(lang, &[("k", key), ("t", than)])
            }
            E::Empty(list) => Msg::SetEmpty.fill(lang, &[("l", list)]),
            E::Duplicate { list, code } => {
                Msg::SetDuplicate.fill(lang, &[("l", list), ("c", code)])
            }
            E::BadCode { list, code } => Msg::SetBadCode.fill(lang, &[("l", list), ("c", code)]),
            E::BadLetter(l) => Msg::SetBadLetter.fill(lang, &[("c", l)]),
            E::NoLabel { list, code } => Msg::SetNoLabel.fill(lang, &[("l", list), ("c", code)]),
            E::NoNormal => Msg::SetNoNormal.get(lang).to_string(),
            E::Announce => Msg::SetAnnounce.get(lang).to_string(),
            E::NoRole(line) => Msg::SetNoRole.fill(lang, &[("c", line)]),
            E::FixedRole { line, role } => {
                Msg::SetFixedRole.fill(lang, &[("c", line), ("r", role)])
            }
            E::NoLine { list, code, line } => {
                Msg::SetNoLine.fill(lang, &[("l", list), ("c", code), ("x", line)])
            }
            E::NoService { list, code, letter } => {
                Msg::SetNoService.fill(lang, &[("l", list), ("c", code), ("x", letter)])
            }
            E::CounterTwice(n) => Msg::SetCounterTwice.fill(lang, &[("n", n)]),
            E::CountersBoth => Msg::SetCountersBoth.get(lang).to_string(),
            E::CounterIdle(n) => Msg::SetCounterIdle.fill(lang, &[("n", n)]),
            E::DeskHalf(line) => Msg::SetDeskHalf.fill(lang, &[("c", line)]),
            E::TierAssets(t) => Msg::SetTierAssets.fill(lang, &[("c", t)]),
            E::CrossSellKey { code, key, needed } => {
                let m = if *needed {
                    Msg::SetCrossSellNeeds
                } else {
                    Msg::SetCrossSellUnused
                };
                m.fill(lang, &[("c", code), ("k", key)])
            }
            E::CrossSellTier { code, tier } => {
                Msg::SetCrossSellTier.fill(lang, &[("c", code), ("x", tier)])
            }
            E::CrossSellNeed { code, need } => {
                Msg::SetCrossSellNeed.fill(lang, &[("c", code), ("x", need)])
            }
            E::ImportField { column, field } => {
                let all = crate::domain::import::Field::NAMES.join(", ");
                Msg::SetImportField.fill(lang, &[("k", column), ("f", field), ("all", &all)])
            }
        }
    }
}

impl Catalog {
    /// Read and check a whole settings file: every table and key known,
    /// every number within [`BOUNDS`], every list's codes unique, every
    /// line with a role of its own, every need and product on a known line.
    pub fn from_settings(text: &str) -> Result<Catalog, SettingsError> {
        let table: toml::Table =
            text.parse()
                .map_err(|e: toml::de::Error| SettingsError::Toml {
                    line: line_of(text, e.span()),
                    detail: words(&e),
                })?;
        bounds(&table)?;
        let mut catalog: Catalog = toml::from_str(text).map_err(|e| refusal(text, &e))?;
        catalog.check()?;
        catalog.check_cross_sell()?;
        catalog.settle_counters()?;
        Ok(catalog)
    }

    fn check(&self) -> Result<(), SettingsError> {
        let t = &self.thresholds;
        if t.wait_alert_minutes <= t.wait_warning_minutes {
            return Err(SettingsError::Order {
                key: "thresholds.wait_alert_minutes",
                than: "thresholds.wait_warning_minutes",
                equal: false,
            });
        }
        let f = &self.followup;
        if f.escalate_days < f.overdue_alert_days {
            return Err(SettingsError::Order {
                key: "followup.escalate_days",
                than: "followup.overdue_alert_days",
                equal: true,
            });
        }
        if let Some(command) = &self.board.announce {
            let fine = !command.trim().is_empty()
                && command.chars().count() <= 200
                && !command.chars().any(char::is_control);
            if !fine {
                return Err(SettingsError::Announce);
            }
        }
        if f.cadence_days.is_empty() {
            return Err(SettingsError::Empty("followup.cadence_days"));
        }
        let services: Vec<(&str, &Label)> = self
            .services
            .iter()
            .map(|s| (s.letter.as_str(), &s.label))
            .collect();
        for (letter, _) in &services {
            let mut chars = letter.chars();
            let one_capital = chars.next().is_some_and(|c| c.is_ascii_uppercase());
            if !one_capital || chars.next().is_some() {
                return Err(SettingsError::BadLetter(letter.to_string()));
            }
        }
        let priorities: Vec<(&str, &Label)> = self
            .priorities
            .iter()
            .map(|p| (p.code.as_str(), &p.label))
            .collect();
        let diverts: Vec<(&str, &Label)> = self
            .divert_targets
            .iter()
            .map(|d| (d.code.as_str(), &d.label))
            .collect();
        unique("services", &services, false)?;
        unique("priorities", &priorities, true)?;
        unique("divert_targets", &diverts, true)?;
        for (list, entries) in [
            ("tiers", &self.tiers),
            ("lines", &self.lines),
            ("needs", &self.needs),
            ("products", &self.products),
            ("objections", &self.objections),
            ("channels", &self.channels),
            ("pause_reasons", &self.pause_reasons),
            ("lost_reasons", &self.lost_reasons),
        ] {
            unique(list, &codes(entries), true)?;
        }
        if !self.priorities.iter().any(|p| !p.priority) {
            return Err(SettingsError::NoNormal);
        }
        let mut roles = BTreeSet::new();
        for l in &self.lines {
            let role = l.role.as_deref().unwrap_or("").trim();
            if role.is_empty() {
                return Err(SettingsError::NoRole(l.code.clone()));
            }
            let fixed = [LOBBY, TELLER, HEAD, DISPLAY].contains(&role);
            if fixed || !is_code(role) || !roles.insert(role) {
                return Err(SettingsError::FixedRole {
                    line: l.code.clone(),
                    role: role.to_string(),
                });
            }
        }
        for (list, entries) in [("needs", &self.needs), ("products", &self.products)] {
            for e in entries {
                let line = e.line.as_deref().unwrap_or("");
                if self.line(line).is_none() {
                    return Err(SettingsError::NoLine {
                        list,
                        code: e.code.clone(),
                        line: line.to_string(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// A list's codes with their labels.
fn codes(v: &[Entry]) -> Vec<(&str, &Label)> {
    v.iter().map(|e| (e.code.as_str(), &e.label)).collect()
}

/// A list's entries: at least one, codes well formed and unique, labels in
/// both languages.
fn unique(
    list: &'static str,
    entries: &[(&str, &Label)],
    coded: bool,
) -> Result<(), SettingsError> {
    if entries.is_empty() {
        return Err(SettingsError::Empty(list));
    }
    let mut seen = BTreeSet::new();
    for (code, label) in entries {
        if coded && !is_code(code) {
            return Err(SettingsError::BadCode {
                list,
                code: code.to_string(),
            });
        }
        if !seen.insert(*code) {
            return Err(SettingsError::Duplicate {
                list,
                code: code.to_string(),
            });
        }
        if label.zh.trim().is_empty() || label.en.trim().is_empty() {
            return Err(SettingsError::NoLabel {
                list,
                code: code.to_string(),
            });
        }
    }
    Ok(())
}

/// A code: 1 to 24 lowercase ASCII letters, digits or underscores.
pub(super) fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 24
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Every number of [`BOUNDS`] present as an integer within its bounds (a
/// value of another kind is left to the typed reading, which names it).
fn bounds(table: &toml::Table) -> Result<(), SettingsError> {
    for (key, min, max) in BOUNDS {
        let path = key.trim_end_matches("[]");
        let mut value = None;
        let mut here = Some(table);
        for (i, part) in path.split('.').enumerate() {
            let v = here.and_then(|t| t.get(part));
            if i + 1 == path.split('.').count() {
                value = v;
            } else {
                here = v.and_then(toml::Value::as_table);
            }
        }
        let numbers: Vec<i64> = match value {
            Some(toml::Value::Integer(n)) => vec![*n],
            Some(toml::Value::Array(a)) if key.ends_with("[]") => {
                a.iter().filter_map(toml::Value::as_integer).collect()
            }
            _ => Vec::new(),
        };
        if numbers.iter().any(|n| n < min || n > max) {
            return Err(SettingsError::Range {
                key: path.to_string(),
                min: *min,
                max: *max,
            });
        }
    }
    Ok(())
}

/// The typed reading's refusal: an unknown key by its name, anything else
/// in the parser's words; both with the line.
fn refusal(text: &str, e: &toml::de::Error) -> SettingsError {
    let line = line_of(text, e.span());
    let message = e.message().trim();
    if message.starts_with("unknown field") {
        let key = e
            .span()
            .and_then(|s| text.get(s))
            .map(|k| k.trim().trim_matches('"').trim_matches('\'').to_string())
            .unwrap_or_default();
        return SettingsError::Unknown { key, line };
    }
    SettingsError::Shape {
        line,
        detail: words(e),
    }
}

/// The parser's words on one line.
pub(super) fn words(e: &toml::de::Error) -> String {
    let lines: Vec<&str> = e.message().lines().map(str::trim).collect();
    lines.join("; ")
}

/// The line (from 1) a byte span starts on.
pub(super) fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> usize {
    let at = span.map_or(0, |s| s.start.min(text.len()));
    text[..at].matches('\n').count() + 1
}

/// The setting names (`thresholds.max_calls`) and list entries
/// (`services.C`, or the list's name when only its order changed) that
/// differ between two valid settings files; empty when they mean the same.
pub fn changes(old: &str, new: &str) -> Vec<String> {
    let parse = |s: &str| s.parse::<toml::Table>().unwrap_or_default();
    let (old, new) = (parse(old), parse(new));
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut changed = Vec::new();
    for name in names {
        let (a, b) = (old.get(name), new.get(name));
        if a == b {
            continue;
        }
        match (a, b) {
            (Some(toml::Value::Table(a)), Some(toml::Value::Table(b))) => {
                let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                for k in keys.into_iter().filter(|k| a.get(*k) != b.get(*k)) {
                    changed.push(format!("{name}.{k}"));
                }
            }
            (Some(toml::Value::Array(a)), Some(toml::Value::Array(b))) => {
                let before = list_entries(a);
                let after = list_entries(b);
                let codes: BTreeSet<&String> = before.iter().chain(&after).map(|e| &e.0).collect();
                let mut any = false;
                for code in codes {
                    let find = |v: &[(String, toml::Value)]| {
                        v.iter().find(|e| &e.0 == code).map(|e| e.1.clone())
                    };
                    if find(&before) != find(&after) {
                        changed.push(format!("{name}.{code}"));
                        any = true;
                    }
                }
                if !any {
                    changed.push(name.clone());
                }
            }
            _ => changed.push(name.clone()),
        }
    }
    changed
}

/// A list's entries by their code (or letter).
fn list_entries(list: &[toml::Value]) -> Vec<(String, toml::Value)> {
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            let code = v
                .get("code")
                .or_else(|| v.get("letter"))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    v.get("number")
                        .and_then(toml::Value::as_integer)
                        .map(|n| n.to_string())
                })
                .unwrap_or_else(|| i.to_string());
            (code, v.clone())
        })
        .collect()
}

mod counters;

#[cfg(test)]
mod tests;
