//! A person's own config file: their key bindings (`[keys]`) and their
//! language (`lang`), nothing else. A branch setting in it is refused by
//! name, never silently ignored: those live in the database.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::branch::{line_of, words};
use super::SECTIONS;
use crate::i18n::{Lang, Msg};

/// The `[keys]` table of a config file as plain data: binding id → the
/// names of its keys (`"lobby.new" = "N"` or `quit = ["Q", "Ctrl-q"]`).
pub type KeyOverrides = Vec<(String, Vec<String>)>;

/// What a person's own config decides.
#[derive(Debug, Default)]
pub struct Personal {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Their language, if the file names one.
    pub lang: Option<Lang>,
    pub keys: KeyOverrides,
}

/// The file as written: only these keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPersonal {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    keys: Option<toml::Value>,
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

/// Why the person's config file was not used.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {detail}")]
    Read { path: PathBuf, detail: String },
    #[error("{path}: line {line}: not TOML: {detail}")]
    Toml {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    /// A table (or key) of the branch's settings.
    #[error("{path}: [{table}] is a branch setting")]
    Branch { path: PathBuf, table: String },
    #[error("{path}: line {line}: unknown key {key:?}")]
    Unknown {
        path: PathBuf,
        key: String,
        line: usize,
    },
    /// A `[keys]` entry that is neither a key nor a list of keys.
    #[error("{path}: keys.{id}: expected a key or a list of keys")]
    KeyShape { path: PathBuf, id: String },
    #[error("{path}: lang must be zh or en")]
    Lang { path: PathBuf },
}

impl ConfigError {
    pub fn message(&self, lang: Lang) -> String {
        let (path, what) = match self {
            ConfigError::Read { path, detail } => (path, Msg::CfgRead.fill(lang, &[("e", detail)])),
            ConfigError::Toml { path, line, detail } => {
                (path, Msg::SetToml.fill(lang, &[("n", line), ("e", detail)]))
            }
            ConfigError::Branch { path, table } => {
                (path, Msg::CfgBranch.fill(lang, &[("t", table)]))
            }
            ConfigError::Unknown { path, key, line } => {
                (path, Msg::CfgUnknown.fill(lang, &[("n", line), ("k", key)]))
            }
            ConfigError::KeyShape { path, id } => {
                (path, Msg::CfgKeyShape.fill(lang, &[("id", id)]))
            }
            ConfigError::Lang { path } => (path, Msg::CfgLang.get(lang).to_string()),
        };
        format!("{}: {what}", path.display())
    }
}

/// Read the person's own file (if any), or say plainly what is wrong.
pub fn load(explicit: Option<&Path>) -> Result<Personal, ConfigError> {
    let Some(path) = user_config_path(explicit) else {
        return Ok(Personal::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Read {
        path: path.clone(),
        detail: e.to_string(),
    })?;
    let mut personal = read(&text).map_err(|e| e(path.clone()))?;
    personal.path = Some(path);
    Ok(personal)
}

type Refusal = Box<dyn FnOnce(PathBuf) -> ConfigError>;

/// The file's text as a person's config; a refusal waiting for the path.
fn read(text: &str) -> Result<Personal, Refusal> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| -> Refusal {
        let (line, detail) = (line_of(text, e.span()), words(&e));
        Box::new(move |path| ConfigError::Toml { path, line, detail })
    })?;
    if let Some(table) = table.keys().find(|k| SECTIONS.contains(&k.as_str())) {
        let table = table.clone();
        return Err(Box::new(move |path| ConfigError::Branch { path, table }));
    }
    let raw: RawPersonal = toml::from_str(text).map_err(|e| -> Refusal {
        let line = line_of(text, e.span());
        let key = e.span().and_then(|s| text.get(s)).unwrap_or("").trim();
        let key = key.trim_matches('"').to_string();
        if e.message().starts_with("unknown field") {
            Box::new(move |path| ConfigError::Unknown { path, key, line })
        } else {
            Box::new(|path| ConfigError::KeyShape {
                path,
                id: "*".into(),
            })
        }
    })?;
    let lang = match raw.lang.as_deref() {
        None => None,
        Some(l) if ["zh", "en"].contains(&l) => Lang::parse(l),
        Some(_) => return Err(Box::new(|path| ConfigError::Lang { path })),
    };
    let keys = match raw.keys {
        None => Vec::new(),
        Some(toml::Value::Table(t)) => key_overrides(&t).map_err(|id| -> Refusal {
            Box::new(move |path| ConfigError::KeyShape { path, id })
        })?,
        Some(_) => {
            return Err(Box::new(|path| ConfigError::KeyShape {
                path,
                id: "*".into(),
            }))
        }
    };
    Ok(Personal {
        path: None,
        lang,
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

    fn refused(text: &str) -> ConfigError {
        match read(text) {
            Ok(p) => panic!("accepted: {p:?}"),
            Err(e) => e(PathBuf::from("me.toml")),
        }
    }

    #[test]
    fn keys_and_language_are_read() {
        let p = read("lang = \"zh\"\n[keys]\nquit = [\"Q\", \"Ctrl-q\"]\n\"lobby.new\" = \"N\"\n")
            .unwrap_or_else(|e| panic!("{}", e(PathBuf::new())));
        assert_eq!(p.lang, Some(Lang::Zh));
        let mut keys = p.keys;
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
    }

    #[test]
    fn branch_settings_and_unknown_keys_are_refused_by_name() {
        for (text, table) in [
            ("[thresholds]\nwait_warning_minutes = 1\n", "thresholds"),
            ("[points]\nreferral = 1000000\n", "points"),
            (
                "[[lines]]\ncode = \"wealth\"\nzh = \"x\"\nen = \"x\"\nrole = \"teller\"\n",
                "lines",
            ),
            ("retention_years = 99\n", "retention_years"),
        ] {
            let e = refused(text);
            assert_eq!(
                e,
                ConfigError::Branch {
                    path: "me.toml".into(),
                    table: table.into()
                }
            );
            assert!(e.message(Lang::En).contains(&format!("[{table}]")));
            assert!(
                e.message(Lang::En).contains("branch head"),
                "{}",
                e.message(Lang::En)
            );
        }
        let e = refused("lang = \"en\"\n\n[colour]\nfg = 1\n");
        assert_eq!(
            e,
            ConfigError::Unknown {
                path: "me.toml".into(),
                key: "colour".into(),
                line: 3
            }
        );
        assert_eq!(
            e.message(Lang::En),
            "me.toml: line 3: unknown key \"colour\": a personal config holds only [keys] and lang."
        );
        assert!(matches!(
            refused("lang = \"fr\"\n"),
            ConfigError::Lang { .. }
        ));
        assert!(
            matches!(refused("[keys]\nquit = 3\n"), ConfigError::KeyShape { id, .. } if id == "quit")
        );
        assert!(matches!(
            refused("[keys\n"),
            ConfigError::Toml { line: 1, .. }
        ));
    }
}
