//! The counters as the application uses them, read from a settings file:
//! the `[[counters]]` list (or the older `branch.counters = N`) and the
//! lines' desks, each checked.

use std::collections::BTreeSet;

use super::SettingsError;
use crate::config::{Catalog, Counter, Label};
use crate::i18n::{Lang, Msg};

impl Catalog {
    /// The counters as the application uses them: the `[[counters]]` list,
    /// or for settings of the older shape (`branch.counters = N`) N counters
    /// taking every service; then each line's desk. Numbers are unique,
    /// within 1–99, and every service letter is one `services` lists.
    pub(super) fn settle_counters(&mut self) -> Result<(), SettingsError> {
        match (self.branch.counters, self.counters.is_empty()) {
            (Some(_), false) => return Err(SettingsError::CountersBoth),
            (None, true) => return Err(SettingsError::Empty("counters")),
            (Some(n), true) => {
                let all: Vec<String> = self.services.iter().map(|s| s.letter.clone()).collect();
                self.counters = (1..=n)
                    .map(|number| Counter {
                        number,
                        label: Label {
                            zh: Msg::CounterN.fill(Lang::Zh, &[("n", &number)]),
                            en: Msg::CounterN.fill(Lang::En, &[("n", &number)]),
                        },
                        services: all.clone(),
                        staff: Vec::new(),
                        line: None,
                    })
                    .collect();
            }
            (None, false) => {}
        }
        for l in &self.lines {
            match (l.desk, l.services.is_empty()) {
                (None, true) => continue,
                (Some(_), true) | (None, false) => {
                    return Err(SettingsError::DeskHalf(l.code.clone()))
                }
                (Some(number), false) => self.counters.push(Counter {
                    number,
                    label: Label {
                        zh: Msg::DeskOf.fill(Lang::Zh, &[("l", &l.label.zh)]),
                        en: Msg::DeskOf.fill(Lang::En, &[("l", &l.label.en)]),
                    },
                    services: l.services.clone(),
                    staff: Vec::new(),
                    line: Some(l.code.clone()),
                }),
            }
        }
        let mut seen = BTreeSet::new();
        for c in &self.counters {
            let list = if c.line.is_some() {
                "lines"
            } else {
                "counters"
            };
            let code = c.line.clone().unwrap_or_else(|| c.number.to_string());
            if !(1..=99).contains(&c.number) {
                let key = if c.line.is_some() {
                    "lines.desk"
                } else {
                    "counters.number"
                };
                return Err(SettingsError::Range {
                    key: key.to_string(),
                    min: 1,
                    max: 99,
                });
            }
            if !seen.insert(c.number) {
                return Err(SettingsError::CounterTwice(c.number));
            }
            if c.label.zh.trim().is_empty() || c.label.en.trim().is_empty() {
                return Err(SettingsError::NoLabel { list, code });
            }
            if c.services.is_empty() {
                return Err(SettingsError::CounterIdle(c.number));
            }
            if let Some(letter) = c.services.iter().find(|s| self.service(s).is_none()) {
                return Err(SettingsError::NoService {
                    list,
                    code,
                    letter: letter.clone(),
                });
            }
        }
        Ok(())
    }
}
