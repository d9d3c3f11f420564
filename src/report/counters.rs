//! Counter times: per counter and per teller, the walk time from a call to
//! the start of service, the idle time while open, and the paused time by
//! reason.
//!
//! # Rules
//!
//! - **Calls**: tickets of the range called to the counter (or by the
//!   teller), whatever came after.
//! - **Walk** (`walk_avg_minutes`): start − first call, averaged over the
//!   called tickets that were started (`walks` of them).
//! - **Open hours**: a counter's (a teller's) working day runs from its
//!   first call to the end of its last ticket that day; outside it nothing
//!   counts as idle. A ticket occupies the counter from its call to its
//!   finish (a ticket never finished, from its call to its start, or only
//!   its call: a no-show).
//! - **Idle** (`idle_minutes`): within the open hours, the time between the
//!   end of one ticket and the call of the next, less any pause in between.
//! - **Paused** (`paused_minutes`, `paused_by_reason`): the length of each
//!   pause begun in the range, by its reason; a pause still open counts up
//!   to the report's now (at most the end of the range). A teller's pauses
//!   are those of the counter they were working when it was paused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{avg_minutes, minutes, Names};
use crate::config::Catalog;
use crate::i18n::{Lang, Msg};
use crate::store::counter_report::{CallRow, PauseRow};

/// Walk, idle and paused time of one counter or teller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Times {
    pub calls: i64,
    /// Called tickets that were started: the walk time's count.
    pub walks: i64,
    pub walk_avg_minutes: f64,
    pub idle_minutes: f64,
    pub paused_minutes: f64,
    /// Pause reason code → minutes; every reason of the settings.
    pub paused_by_reason: BTreeMap<String, f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounterTime {
    pub counter: u32,
    pub label: Names,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TellerTime {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub times: Times,
}

/// The counters' section: counters and tellers that called or paused.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CounterTimes {
    pub by_counter: Vec<CounterTime>,
    pub by_teller: Vec<TellerTime>,
}

/// Seconds of `[a, b)` covered by the spans (which may overlap one another
/// only if the data is odd: each is counted on its own, capped at the gap).
fn paused_within(a: i64, b: i64, spans: &[(i64, i64)]) -> i64 {
    let covered: i64 = spans
        .iter()
        .map(|&(from, until)| (until.min(b) - from.max(a)).max(0))
        .sum();
    covered.min(b - a)
}

/// The raw seconds of one counter's (or teller's) calls and pauses: they add
/// up over days (idle time never runs across a day), so a closed day keeps
/// them and a range adds them up (`report::days`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seconds {
    pub calls: i64,
    pub walks: i64,
    pub walk: i64,
    pub idle: i64,
    /// Pause reason code → seconds (the reasons seen).
    pub paused: BTreeMap<String, i64>,
}

impl Seconds {
    fn add(&mut self, o: &Seconds) {
        self.calls += o.calls;
        self.walks += o.walks;
        self.walk += o.walk;
        self.idle += o.idle;
        for (r, secs) in &o.paused {
            *self.paused.entry(r.clone()).or_default() += secs;
        }
    }

    /// The figures, every reason of the settings listed.
    fn times(&self, reasons: &[String]) -> Times {
        let mut by_reason: BTreeMap<String, i64> = reasons.iter().map(|r| (r.clone(), 0)).collect();
        for (r, secs) in &self.paused {
            *by_reason.entry(r.clone()).or_default() += secs;
        }
        let paused: i64 = by_reason.values().sum();
        Times {
            calls: self.calls,
            walks: self.walks,
            walk_avg_minutes: avg_minutes(self.walk, self.walks),
            idle_minutes: minutes(self.idle as f64),
            paused_minutes: minutes(paused as f64),
            paused_by_reason: by_reason
                .into_iter()
                .map(|(r, s)| (r, minutes(s as f64)))
                .collect(),
        }
    }
}

/// The counters' raw seconds, by counter and by teller (with the name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSeconds {
    pub by_counter: BTreeMap<u32, Seconds>,
    pub by_teller: BTreeMap<String, (Option<String>, Seconds)>,
}

impl CounterSeconds {
    /// Add another range's (another day's) seconds to these.
    pub fn add(&mut self, o: &CounterSeconds) {
        for (n, secs) in &o.by_counter {
            self.by_counter.entry(*n).or_default().add(secs);
        }
        for (code, (name, secs)) in &o.by_teller {
            let e = self.by_teller.entry(code.clone()).or_default();
            e.0 = e.0.take().or_else(|| name.clone());
            e.1.add(secs);
        }
    }

    /// The counters' section of these seconds.
    pub fn times(&self, catalog: &Catalog) -> CounterTimes {
        let reasons: Vec<String> = catalog
            .pause_reasons
            .iter()
            .map(|r| r.code.clone())
            .collect();
        CounterTimes {
            by_counter: self
                .by_counter
                .iter()
                .map(|(n, secs)| CounterTime {
                    counter: *n,
                    label: catalog
                        .counter(*n)
                        .map_or_else(|| Names::same(&n.to_string()), |c| Names::from(&c.label)),
                    times: secs.times(&reasons),
                })
                .collect(),
            by_teller: self
                .by_teller
                .iter()
                .map(|(code, (name, secs))| TellerTime {
                    code: code.clone(),
                    name: name.clone().unwrap_or_else(|| code.clone()),
                    times: secs.times(&reasons),
                })
                .collect(),
        }
    }
}

/// The raw seconds of one counter's (or teller's) calls and pauses.
fn seconds(calls: &[&CallRow], pauses: &[(&PauseRow, i64)]) -> Seconds {
    let mut walk = 0;
    let mut walks = 0;
    for c in calls {
        if let Some(s) = c.started {
            walk += (s - c.called).max(0);
            walks += 1;
        }
    }
    let spans: Vec<(&str, (i64, i64))> = pauses
        .iter()
        .map(|(p, until)| (p.day.as_str(), (p.from, *until)))
        .collect();
    let mut idle = 0;
    let mut last: Option<(&str, i64)> = None;
    let mut ordered: Vec<&&CallRow> = calls.iter().collect();
    ordered.sort_by_key(|c| (c.day.clone(), c.called));
    for c in ordered {
        let end = c.finished.or(c.started).unwrap_or(c.called).max(c.called);
        match last {
            Some((day, free)) if day == c.day && c.called > free => {
                let same_day: Vec<(i64, i64)> = spans
                    .iter()
                    .filter(|(d, _)| *d == day)
                    .map(|(_, s)| *s)
                    .collect();
                idle += c.called - free - paused_within(free, c.called, &same_day);
                last = Some((&c.day, end));
            }
            Some((day, free)) if day == c.day => last = Some((day, free.max(end))),
            _ => last = Some((&c.day, end)),
        }
    }
    let mut paused: BTreeMap<String, i64> = BTreeMap::new();
    for (p, until) in pauses {
        *paused.entry(p.reason.clone()).or_default() += (until - p.from).max(0);
    }
    Seconds {
        calls: calls.len() as i64,
        walks,
        walk,
        idle,
        paused,
    }
}

/// The raw seconds of the range's calls and pauses; an open pause ends at
/// `open_until` (the report's now, at most the range's end).
pub fn counter_seconds(calls: &[CallRow], pauses: &[PauseRow], open_until: i64) -> CounterSeconds {
    let pauses: Vec<(&PauseRow, i64)> = pauses
        .iter()
        .map(|p| (p, p.until.unwrap_or(open_until.max(p.from))))
        .collect();
    let mut counters: Vec<u32> = calls.iter().map(|c| c.counter).collect();
    counters.extend(pauses.iter().map(|(p, _)| p.counter));
    counters.sort_unstable();
    counters.dedup();
    let by_counter = counters
        .into_iter()
        .map(|n| {
            let mine: Vec<&CallRow> = calls.iter().filter(|c| c.counter == n).collect();
            let paused: Vec<(&PauseRow, i64)> = pauses
                .iter()
                .filter(|(p, _)| p.counter == n)
                .copied()
                .collect();
            (n, seconds(&mine, &paused))
        })
        .collect();
    let mut tellers: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for (code, name) in calls
        .iter()
        .map(|c| (&c.teller, &c.teller_name))
        .chain(pauses.iter().map(|(p, _)| (&p.teller, &p.teller_name)))
    {
        if let Some(code) = code {
            let known = tellers.entry(code).or_default();
            *known = known.or(name.as_deref());
        }
    }
    let by_teller = tellers
        .into_iter()
        .map(|(code, name)| {
            let mine: Vec<&CallRow> = calls
                .iter()
                .filter(|c| c.teller.as_deref() == Some(code))
                .collect();
            let paused: Vec<(&PauseRow, i64)> = pauses
                .iter()
                .filter(|(p, _)| p.teller.as_deref() == Some(code))
                .copied()
                .collect();
            let name = name.map(str::to_string);
            (code.to_string(), (name, seconds(&mine, &paused)))
        })
        .collect();
    CounterSeconds {
        by_counter,
        by_teller,
    }
}

/// The counters' section from the range's calls and pauses; an open pause
/// ends at `open_until` (the report's now, at most the range's end).
pub fn counter_times(
    catalog: &Catalog,
    calls: &[CallRow],
    pauses: &[PauseRow],
    open_until: i64,
) -> CounterTimes {
    counter_seconds(calls, pauses, open_until).times(catalog)
}

/// One row's figures: calls, walks, walk, idle, paused, then each reason.
fn cells(t: &Times, reasons: &[String], m1: fn(f64) -> String) -> Vec<String> {
    let mut row = vec![
        t.calls.to_string(),
        t.walks.to_string(),
        m1(t.walk_avg_minutes),
        m1(t.idle_minutes),
        m1(t.paused_minutes),
    ];
    row.extend(
        reasons
            .iter()
            .map(|r| m1(t.paused_by_reason.get(r).copied().unwrap_or(0.0))),
    );
    row
}

/// The section in Markdown: a table per counter, then per teller.
pub(super) fn md(out: &mut String, r: &super::Report, catalog: &Catalog, lang: Lang) {
    use super::md::{cell, heading, table, who, Align};
    let c = &r.counters;
    if c.by_counter.is_empty() && c.by_teller.is_empty() {
        return;
    }
    heading(out, Msg::RptCounterTimes, lang);
    let reasons: Vec<String> = catalog
        .pause_reasons
        .iter()
        .map(|p| p.code.clone())
        .collect();
    let header = |first: Msg| {
        let mut h: Vec<String> = [
            first,
            Msg::RptCalls,
            Msg::RptWalks,
            Msg::RptWalkMin,
            Msg::RptIdleMin,
            Msg::RptPausedMin,
        ]
        .iter()
        .map(|m| m.get(lang).to_string())
        .collect();
        h.extend(reasons.iter().map(|code| {
            let label = Catalog::label(&catalog.pause_reasons, code, lang);
            Msg::RptPausedFor.fill(lang, &[("r", &label)])
        }));
        h
    };
    let mut align = vec![Align::Left];
    align.extend(std::iter::repeat_n(Align::Right, 5 + reasons.len()));
    let m1 = super::md::m1;
    let rows: Vec<Vec<String>> = c
        .by_counter
        .iter()
        .map(|k| {
            let mut row = vec![cell(k.label.get(lang))];
            row.extend(cells(&k.times, &reasons, m1));
            row
        })
        .collect();
    table(out, &header(Msg::RptCounter), &align, &rows);
    if !c.by_teller.is_empty() {
        let rows: Vec<Vec<String>> = c
            .by_teller
            .iter()
            .map(|t| {
                let mut row = vec![who(&t.name, &t.code)];
                row.extend(cells(&t.times, &reasons, m1));
                row
            })
            .collect();
        table(out, &header(Msg::RptTeller), &align, &rows);
    }
}

/// The section in CSV: `counters.by_counter` and `counters.by_teller`
/// rows, one field each (`paused.lunch` for a reason).
pub(super) fn csv(out: &mut super::csv::Rows, r: &super::Report, lang: Lang) {
    let fields = |t: &Times| {
        let m1 = super::csv::m1;
        let mut f = vec![
            ("calls".to_string(), t.calls.to_string()),
            ("walks".to_string(), t.walks.to_string()),
            ("walk_avg_minutes".to_string(), m1(t.walk_avg_minutes)),
            ("idle_minutes".to_string(), m1(t.idle_minutes)),
            ("paused_minutes".to_string(), m1(t.paused_minutes)),
        ];
        f.extend(
            t.paused_by_reason
                .iter()
                .map(|(r, m)| (format!("paused.{r}"), m1(*m))),
        );
        f
    };
    for k in &r.counters.by_counter {
        let f = fields(&k.times);
        let f: Vec<(&str, String)> = f.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
        out.item(
            "counters.by_counter",
            &k.counter.to_string(),
            k.label.get(lang),
            &f,
        );
    }
    for t in &r.counters.by_teller {
        let f = fields(&t.times);
        let f: Vec<(&str, String)> = f.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
        out.item("counters.by_teller", &t.code, &t.name, &f);
    }
}
