//! The branch's settings (lists, thresholds, points) as the application uses
//! them, and a person's own config file. The settings live in the database
//! and only the branch head changes them (`settings`); `data/catalog.toml`
//! is what a new database starts with. A person's own file holds only their
//! keys and language (`personal`).

mod branch;
mod cross_sell;
mod lists;
mod personal;

pub use branch::{changes, SettingsError, BOUNDS};
pub use cross_sell::{CrossSell, ImportSettings};
pub use personal::{load, user_config_path, ConfigError, KeyOverrides, Personal};

use serde::Deserialize;

use crate::i18n::Lang;

/// The settings a new database starts with.
pub const SHIPPED: &str = include_str!("../data/catalog.toml");

/// The top-level names of the branch's settings: none of them may appear in
/// a person's own config file.
pub const SECTIONS: &[&str] = &[
    "retention_years",
    "branch",
    "thresholds",
    "services",
    "priorities",
    "divert_targets",
    "tiers",
    "lines",
    "needs",
    "products",
    "objections",
    "followup",
    "channels",
    "points",
    "board",
    "counters",
    "pause_reasons",
    "cross_sell",
    "lost_reasons",
    "import",
    "complaints",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub zh: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub name_zh: String,
    pub name_en: String,
    /// The older way of naming counters: this many, numbered from 1, each
    /// taking every service. Read as such; `[[counters]]` replaces it.
    #[serde(default)]
    pub counters: Option<u32>,
}

impl Branch {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub wait_warning_minutes: i64,
    pub wait_alert_minutes: i64,
    pub priority_streak_cap: usize,
    /// Minutes after which a normal ticket is owed a call (the priority
    /// rule); a settings file without it owes it at the warning threshold.
    #[serde(default)]
    pub normal_max_wait_minutes: Option<i64>,
    pub max_calls: u32,
    /// Minutes a card may wait unaccepted, its client still in the lobby,
    /// before the lobby manager is told to go and meet them.
    #[serde(default = "ten")]
    pub card_wait_minutes: i64,
    /// Minutes a card meant for one manager (a pair's, a dedicated one)
    /// waits for them before any manager of its line may take it.
    #[serde(default = "ten")]
    pub pair_accept_minutes: i64,
    /// Minutes past its time after which an appointment nobody checked in
    /// is missed.
    #[serde(default = "grace_minutes")]
    pub appointment_grace_minutes: i64,
}

fn ten() -> i64 {
    10
}

fn grace_minutes() -> i64 {
    crate::domain::appointment::GRACE_MINUTES
}

impl Thresholds {
    /// Minutes after which a normal ticket is owed a call: the setting, or
    /// the warning threshold when the settings do not say.
    pub fn normal_max_wait(&self) -> i64 {
        self.normal_max_wait_minutes
            .unwrap_or(self.wait_warning_minutes)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(from = "lists::RawService")]
pub struct Service {
    pub letter: String,
    pub label: Label,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(from = "lists::RawPriority")]
pub struct Priority {
    pub code: String,
    pub label: Label,
    pub priority: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(from = "lists::RawCoded")]
pub struct DivertTarget {
    pub code: String,
    pub label: Label,
}

/// A coded catalog entry with a label; `line` where it belongs to one (a
/// need, a product), `role` for a line (the roster role of its managers),
/// and for a line the services its managers call to their desk and the
/// desk's number.
#[derive(Clone, Debug)]
pub struct Entry {
    pub code: String,
    pub label: Label,
    pub line: Option<String>,
    pub role: Option<String>,
    pub services: Vec<String>,
    pub desk: Option<u32>,
    /// For a tier: the least assets (yuan) that put a client in it.
    pub min_assets: Option<i64>,
    /// For a tier: days without a visit, card or contact after which its
    /// client is dormant (休眠); none, never.
    pub dormant_days: Option<u32>,
}

/// A counter (窗口), or a line's desk: its number, its name, the services it
/// takes (call-next takes only those) and the staff normally there. A desk
/// (`line` set) is made from its line's `desk` and `services`.
#[derive(Clone, Debug, PartialEq)]
pub struct Counter {
    pub number: u32,
    pub label: Label,
    pub services: Vec<String>,
    pub staff: Vec<String>,
    pub line: Option<String>,
}

impl Counter {
    pub fn takes(&self, service: &str) -> bool {
        self.services.iter().any(|s| s == service)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Followup {
    pub cadence_days: Vec<i64>,
    pub overdue_alert_days: i64,
    pub escalate_days: i64,
}

/// The calling board (叫号屏): the command that says a call aloud, if any
/// (`espeak-ng -v zh`), run with the sentence as its last argument.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardSettings {
    #[serde(default)]
    pub announce: Option<String>,
}

/// Points (积分) per kind of achievement.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Points {
    pub referral: i64,
    pub converted: i64,
    pub closed: i64,
    pub contact: i64,
}

/// Complaints (投诉): the points a valid complaint deducts from the person
/// responsible, and the days a resolution is promised in unless the form
/// says otherwise.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintSettings {
    #[serde(default = "ten_points")]
    pub points: i64,
    #[serde(default = "three_days")]
    pub promise_days: i64,
}

impl Default for ComplaintSettings {
    fn default() -> Self {
        ComplaintSettings {
            points: ten_points(),
            promise_days: three_days(),
        }
    }
}

fn ten_points() -> i64 {
    10
}

fn three_days() -> i64 {
    3
}

fn three() -> u32 {
    3
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Years a finished client's details are kept before the purge.
    #[serde(default = "three")]
    pub retention_years: u32,
    pub branch: Branch,
    pub thresholds: Thresholds,
    pub services: Vec<Service>,
    pub priorities: Vec<Priority>,
    pub divert_targets: Vec<DivertTarget>,
    #[serde(deserialize_with = "lists::tiers")]
    pub tiers: Vec<Entry>,
    #[serde(deserialize_with = "lists::lines")]
    pub lines: Vec<Entry>,
    #[serde(deserialize_with = "lists::of_line")]
    pub needs: Vec<Entry>,
    #[serde(deserialize_with = "lists::of_line")]
    pub products: Vec<Entry>,
    #[serde(deserialize_with = "lists::entries")]
    pub objections: Vec<Entry>,
    pub followup: Followup,
    #[serde(deserialize_with = "lists::entries")]
    pub channels: Vec<Entry>,
    pub points: Points,
    /// The calling board (叫号屏); an older file has none.
    #[serde(default)]
    pub board: BoardSettings,
    /// The counters, then (added on reading) the lines' desks.
    #[serde(default, deserialize_with = "lists::counters")]
    pub counters: Vec<Counter>,
    /// Why a counter is paused (lunch, training, cash count, other).
    #[serde(
        default = "lists::shipped_pause_reasons",
        deserialize_with = "lists::entries"
    )]
    pub pause_reasons: Vec<Entry>,
    /// Cross-sell triggers (交叉销售时机), each suggesting a need.
    #[serde(default)]
    pub cross_sell: Vec<CrossSell>,
    /// How a client list's columns are named, beyond the usual names.
    #[serde(default)]
    pub import: ImportSettings,
    /// Complaints' points and promised days; an older file has none.
    #[serde(default)]
    pub complaints: ComplaintSettings,
    /// Why a client was lost (流失原因); older settings have the shipped list.
    #[serde(
        default = "lists::shipped_lost_reasons",
        deserialize_with = "lists::entries"
    )]
    pub lost_reasons: Vec<Entry>,
}

impl Catalog {
    /// The settings as shipped in `data/` (what a new database starts with).
    pub fn shipped() -> Catalog {
        Catalog::from_settings(SHIPPED).expect("shipped settings are valid")
    }

    pub fn service(&self, letter: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.letter == letter)
    }

    pub fn priority(&self, code: &str) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.code == code)
    }

    pub fn divert_target(&self, code: &str) -> Option<&DivertTarget> {
        self.divert_targets.iter().find(|d| d.code == code)
    }

    pub fn line(&self, code: &str) -> Option<&Entry> {
        self.lines.iter().find(|l| l.code == code)
    }

    pub fn need(&self, code: &str) -> Option<&Entry> {
        self.needs.iter().find(|n| n.code == code)
    }

    pub fn product(&self, code: &str) -> Option<&Entry> {
        self.products.iter().find(|p| p.code == code)
    }

    pub fn objection(&self, code: &str) -> Option<&Entry> {
        self.objections.iter().find(|o| o.code == code)
    }

    /// A counter or desk by its number.
    pub fn counter(&self, number: u32) -> Option<&Counter> {
        self.counters.iter().find(|c| c.number == number)
    }

    pub fn lost_reason(&self, code: &str) -> Option<&Entry> {
        self.lost_reasons.iter().find(|r| r.code == code)
    }

    pub fn pause_reason(&self, code: &str) -> Option<&Entry> {
        self.pause_reasons.iter().find(|r| r.code == code)
    }

    pub fn tier(&self, code: &str) -> Option<&Entry> {
        self.tiers.iter().find(|t| t.code == code)
    }

    /// A catalog code's label, or the code itself if the catalog no longer has it.
    pub fn label<'a>(list: &'a [Entry], code: &'a str, lang: Lang) -> &'a str {
        list.iter()
            .find(|e| e.code == code)
            .map_or(code, |e| e.label.get(lang))
    }

    pub fn fairness(&self) -> crate::domain::queue::Fairness {
        crate::domain::queue::Fairness {
            warning: chrono::Duration::minutes(self.thresholds.normal_max_wait()),
            streak_cap: self.thresholds.priority_streak_cap,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalog_has_the_required_lists() {
        let c = Catalog::shipped();
        for letter in ["A", "B", "V", "C", "L"] {
            assert!(c.service(letter).is_some(), "{letter}");
        }
        assert_eq!(c.thresholds.wait_warning_minutes, 6);
        assert_eq!(c.thresholds.wait_alert_minutes, 15);
        assert_eq!(c.thresholds.priority_streak_cap, 3);
        assert_eq!(c.thresholds.normal_max_wait(), 6);
        assert!(!c.priority("normal").unwrap().priority);
        assert!(c.priority("vip").unwrap().priority);
        assert_eq!(c.divert_targets.len(), 3);
        assert_eq!(c.lines.len(), 2);
        assert_eq!(c.line("wealth").unwrap().role.as_deref(), Some("wealth"));
        assert_eq!(c.need("mortgage").unwrap().line.as_deref(), Some("credit"));
        assert_eq!(c.objections.len(), 3);
        assert_eq!(c.retention_years, 3);
    }

    #[test]
    fn the_sections_are_the_shipped_file_s_top_level_names() {
        let t: toml::Table = SHIPPED.parse().unwrap();
        let mut shipped: Vec<&str> = t.keys().map(String::as_str).collect();
        let mut known = SECTIONS.to_vec();
        shipped.sort();
        known.sort();
        assert_eq!(shipped, known);
    }
}
