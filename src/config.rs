//! Catalogs and settings: shipped in `data/`, overridable in the user's config file.
//!
//! The user's file is TOML of the same shape as `data/catalog.toml`; its tables
//! are merged over the shipped ones key by key (a list replaces the list).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::i18n::{Lang, Msg};

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
    pub fn with_overrides(user_toml: &str) -> Result<Catalog, CatalogError> {
        let mut base: toml::Value = SHIPPED.parse().expect("shipped catalog is valid TOML");
        let user: toml::Value = user_toml
            .parse()
            .map_err(|e: toml::de::Error| CatalogError::Toml(e.to_string()))?;
        merge(&mut base, user);
        let catalog = Catalog::from_value(base)?;
        catalog.check()?;
        Ok(catalog)
    }

    fn from_value(v: toml::Value) -> Result<Catalog, CatalogError> {
        v.try_into()
            .map_err(|e: toml::de::Error| CatalogError::Shape(e.to_string()))
    }

    fn check(&self) -> Result<(), CatalogError> {
        let lists = [
            ("services", self.services.is_empty()),
            ("priorities", self.priorities.is_empty()),
            ("lines", self.lines.is_empty()),
            (
                "followup.cadence_days",
                self.followup.cadence_days.is_empty(),
            ),
        ];
        if let Some((name, _)) = lists.iter().find(|(_, empty)| *empty) {
            return Err(CatalogError::Empty(name));
        }
        for n in self.needs.iter().chain(&self.products) {
            let line = n.line.as_deref().unwrap_or("");
            if self.line(line).is_none() {
                return Err(CatalogError::NoLine {
                    code: n.code.clone(),
                    line: line.to_string(),
                });
            }
        }
        if self.branch.counters == 0 || self.branch.counters > 99 {
            return Err(CatalogError::Counters);
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

/// What is wrong with a catalog a user's file makes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// Not TOML at all: the parser's own words.
    #[error("not TOML: {0}")]
    Toml(String),
    /// TOML, but a value of the wrong kind: the parser's own words.
    #[error("wrong value: {0}")]
    Shape(String),
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{code}: no line {line:?}")]
    NoLine { code: String, line: String },
    #[error("branch.counters must be between 1 and 99")]
    Counters,
}

impl CatalogError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CatalogError::Toml(e) => Msg::CfgToml.fill(lang, &[("e", e)]),
            CatalogError::Shape(e) => Msg::CfgShape.fill(lang, &[("e", e)]),
            CatalogError::Empty(list) => Msg::CfgEmpty.fill(lang, &[("l", list)]),
            CatalogError::NoLine { code, line } => {
                Msg::CfgNoLine.fill(lang, &[("c", code), ("l", line)])
            }
            CatalogError::Counters => Msg::CfgCounters.get(lang).to_string(),
        }
    }
}

/// Why the user's config file was not used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {detail}")]
    Read { path: PathBuf, detail: String },
    #[error("{path}: {error}")]
    Catalog { path: PathBuf, error: CatalogError },
    /// A `[keys]` entry that is neither a key nor a list of keys.
    #[error("{path}: keys.{id}: expected a key or a list of keys")]
    KeyShape { path: PathBuf, id: String },
}

impl ConfigError {
    pub fn message(&self, lang: Lang) -> String {
        let (path, what) = match self {
            ConfigError::Read { path, detail } => (path, Msg::CfgRead.fill(lang, &[("e", detail)])),
            ConfigError::Catalog { path, error } => (path, error.message(lang)),
            ConfigError::KeyShape { path, id } => {
                (path, Msg::CfgKeyShape.fill(lang, &[("id", id)]))
            }
        };
        format!("{}: {what}", path.display())
    }
}

/// The `[keys]` table of a config file as plain data: binding id → the
/// names of its keys (`"lobby.new" = "N"` or `quit = ["Q", "Ctrl-q"]`).
pub type KeyOverrides = Vec<(String, Vec<String>)>;

/// What the user's config decides: the catalog and the key overrides.
pub struct UserConfig {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    pub catalog: Catalog,
    pub keys: KeyOverrides,
}

/// Load the catalog and key overrides from the user's file, or say plainly what is wrong.
pub fn load(explicit: Option<&Path>) -> Result<UserConfig, ConfigError> {
    let Some(path) = user_config_path(explicit) else {
        return Ok(UserConfig {
            path: None,
            catalog: Catalog::shipped(),
            keys: Vec::new(),
        });
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Read {
        path: path.clone(),
        detail: e.to_string(),
    })?;
    let at = |error: CatalogError| ConfigError::Catalog {
        path: path.clone(),
        error,
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| at(CatalogError::Toml(e.to_string())))?;
    let catalog = Catalog::with_overrides(&text).map_err(at)?;
    let keys = match table.get("keys") {
        None => Vec::new(),
        Some(toml::Value::Table(t)) => key_overrides(t).map_err(|id| ConfigError::KeyShape {
            path: path.clone(),
            id,
        })?,
        Some(_) => {
            return Err(ConfigError::KeyShape {
                path: path.clone(),
                id: "*".into(),
            })
        }
    };
    Ok(UserConfig {
        path: Some(path),
        catalog,
        keys,
    })
}

/// The `[keys]` entries as names; the id of the first entry that is not a
/// key or a list of keys.
fn key_overrides(table: &toml::Table) -> Result<KeyOverrides, String> {
    table
        .iter()
        .map(|(id, v)| {
            let names = match v {
                toml::Value::String(s) => Some(vec![s.clone()]),
                toml::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map(String::from))
                    .collect::<Option<Vec<_>>>(),
                _ => None,
            };
            names.map(|n| (id.clone(), n)).ok_or_else(|| id.clone())
        })
        .collect()
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
        assert_eq!(
            Catalog::with_overrides(orphan).unwrap_err(),
            CatalogError::NoLine {
                code: "x".into(),
                line: "nope".into()
            }
        );
    }

    #[test]
    fn config_errors_are_said_in_the_reader_s_language() {
        let e = Catalog::with_overrides("[branch]\ncounters = 0\n").unwrap_err();
        assert!(
            e.message(Lang::Zh).contains("1 到 99"),
            "{}",
            e.message(Lang::Zh)
        );
        let e = Catalog::with_overrides("[[services]]\n").unwrap_err();
        assert!(!e.message(Lang::Zh).is_empty());
        let e = CatalogError::Empty("lines");
        assert_eq!(e.message(Lang::En), "lines must not be empty.");
        assert!(e.message(Lang::Zh).contains("不能为空"));
    }

    #[test]
    fn the_keys_table_is_read_as_names() {
        let t: toml::Table = "quit = [\"Q\", \"Ctrl-q\"]\n\"lobby.new\" = \"N\"\n"
            .parse()
            .unwrap();
        let mut keys = key_overrides(&t).unwrap();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                ("lobby.new".to_string(), vec!["N".to_string()]),
                (
                    "quit".to_string(),
                    vec!["Q".to_string(), "Ctrl-q".to_string()]
                ),
            ]
        );
        let t: toml::Table = "quit = 3\n".parse().unwrap();
        assert_eq!(key_overrides(&t), Err("quit".to_string()));
    }
}
