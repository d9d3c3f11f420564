//! Catalogs and settings: shipped in `data/`, overridable in the user's config file.
//!
//! The user's file is TOML of the same shape as `data/catalog.toml`; its tables
//! are merged over the shipped ones key by key (a list replaces the list).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::i18n::Lang;

const SHIPPED: &str = include_str!("../data/catalog.toml");

#[derive(Clone, Debug, Deserialize, PartialEq)]
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
pub struct Branch {
    pub name_zh: String,
    pub name_en: String,
    pub counters: u32,
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
pub struct Thresholds {
    pub wait_warning_minutes: i64,
    pub wait_alert_minutes: i64,
    pub priority_streak_cap: usize,
    pub max_calls: u32,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Service {
    pub letter: String,
    #[serde(flatten)]
    pub label: Label,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Priority {
    pub code: String,
    #[serde(flatten)]
    pub label: Label,
    pub priority: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DivertTarget {
    pub code: String,
    #[serde(flatten)]
    pub label: Label,
}

/// A coded catalog entry with a label; `line` where it belongs to one.
#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    pub code: String,
    #[serde(flatten)]
    pub label: Label,
    #[serde(default)]
    pub line: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Followup {
    pub cadence_days: Vec<i64>,
    pub overdue_alert_days: i64,
    pub escalate_days: i64,
}

/// Points (积分) per kind of achievement.
#[derive(Clone, Debug, Deserialize)]
pub struct Points {
    pub referral: i64,
    pub converted: i64,
    pub closed: i64,
    pub contact: i64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Catalog {
    pub branch: Branch,
    pub thresholds: Thresholds,
    pub services: Vec<Service>,
    pub priorities: Vec<Priority>,
    pub divert_targets: Vec<DivertTarget>,
    pub tiers: Vec<Entry>,
    pub lines: Vec<Entry>,
    pub needs: Vec<Entry>,
    pub products: Vec<Entry>,
    pub objections: Vec<Entry>,
    pub followup: Followup,
    pub channels: Vec<Entry>,
    pub points: Points,
}

impl Catalog {
    /// The catalog as shipped in `data/`.
    pub fn shipped() -> Catalog {
        Catalog::from_value(SHIPPED.parse().expect("shipped catalog is valid TOML"))
            .expect("shipped catalog is complete")
    }

    /// The shipped catalog with a user's TOML merged over it.
    pub fn with_overrides(user_toml: &str) -> Result<Catalog, String> {
        let mut base: toml::Value = SHIPPED.parse().expect("shipped catalog is valid TOML");
        let user: toml::Value = user_toml
            .parse()
            .map_err(|e: toml::de::Error| e.to_string())?;
        merge(&mut base, user);
        let catalog = Catalog::from_value(base)?;
        catalog.check()?;
        Ok(catalog)
    }

    fn from_value(v: toml::Value) -> Result<Catalog, String> {
        v.try_into().map_err(|e: toml::de::Error| e.to_string())
    }

    fn check(&self) -> Result<(), String> {
        if self.services.is_empty() || self.priorities.is_empty() {
            return Err("services and priorities must not be empty".into());
        }
        if self.lines.is_empty() || self.followup.cadence_days.is_empty() {
            return Err("lines and followup.cadence_days must not be empty".into());
        }
        for n in self.needs.iter().chain(&self.products) {
            let line = n.line.as_deref().unwrap_or("");
            if self.line(line).is_none() {
                return Err(format!("{}: no line {line:?}", n.code));
            }
        }
        if self.branch.counters == 0 || self.branch.counters > 99 {
            return Err("branch.counters must be between 1 and 99".into());
        }
        Ok(())
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
            warning: chrono::Duration::minutes(self.thresholds.wait_warning_minutes),
            streak_cap: self.thresholds.priority_streak_cap,
        }
    }
}

fn merge(base: &mut toml::Value, over: toml::Value) {
    match (base, over) {
        (toml::Value::Table(b), toml::Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// The user's config file: `--config PATH`, else `config.toml` in the
/// platform's config folder, if it exists.
pub fn user_config_path(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let dirs = directories::ProjectDirs::from("", "", "lobbydesk")?;
    let p = dirs.config_dir().join("config.toml");
    p.exists().then_some(p)
}

/// What the user's config decides: the catalog and the keys.
pub struct UserConfig {
    pub catalog: Catalog,
    pub keymap: crate::keymap::Keymap,
}

/// Load the catalog and keys with the user's overrides, or say plainly what is wrong.
pub fn load(explicit: Option<&Path>) -> Result<UserConfig, String> {
    let Some(path) = user_config_path(explicit) else {
        return Ok(UserConfig {
            catalog: Catalog::shipped(),
            keymap: crate::keymap::Keymap::default(),
        });
    };
    let at = |e: String| format!("{}: {e}", path.display());
    let text = std::fs::read_to_string(&path).map_err(|e| at(e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| at(e.to_string()))?;
    let keys = table
        .get("keys")
        .and_then(|k| k.as_table())
        .cloned()
        .unwrap_or_default();
    Ok(UserConfig {
        catalog: Catalog::with_overrides(&text).map_err(at)?,
        keymap: crate::keymap::Keymap::default()
            .with_overrides(&keys)
            .map_err(at)?,
    })
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
        assert!(!c.priority("normal").unwrap().priority);
        assert!(c.priority("vip").unwrap().priority);
        assert_eq!(c.divert_targets.len(), 3);
        assert_eq!(c.lines.len(), 2);
        assert_eq!(c.need("mortgage").unwrap().line.as_deref(), Some("credit"));
        assert_eq!(c.objections.len(), 3);
        assert!(c.check().is_ok());
    }

    #[test]
    fn user_overrides_merge_over_the_shipped_catalog() {
        let c = Catalog::with_overrides(
            "[thresholds]\nwait_warning_minutes = 4\n[branch]\ncounters = 5\n",
        )
        .unwrap();
        assert_eq!(c.thresholds.wait_warning_minutes, 4);
        assert_eq!(c.thresholds.wait_alert_minutes, 15, "untouched keys stay");
        assert_eq!(c.branch.counters, 5);
        assert_eq!(c.services.len(), 5);
    }

    #[test]
    fn bad_overrides_are_reported() {
        assert!(Catalog::with_overrides("[thresholds\n").is_err());
        assert!(Catalog::with_overrides("[thresholds]\nwait_warning_minutes = \"x\"\n").is_err());
        assert!(Catalog::with_overrides("[branch]\ncounters = 0\n").is_err());
        let orphan = "[[needs]]\ncode = \"x\"\nzh = \"x\"\nen = \"x\"\nline = \"nope\"\n";
        assert!(Catalog::with_overrides(orphan).is_err());
    }
}
