//! The kept rows of closed days read cheaply: each day's JSON parsed with
//! its text borrowed, and added straight into one row per key, so a range
//! of thousands of closed days allocates only for the keys it has.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::counters::CounterSeconds;
use crate::store::report::{DoneRow, FollowupRow, HourRow, LineRow, StaffRow};
use crate::store::service_level::LevelRow;

use super::days::Passes;

/// A done row as stored: counter, teller, teller's name, done, timed,
/// seconds, longest.
type StoredDone<S> = (Option<u32>, Option<S>, Option<S>, i64, i64, i64, i64);

/// The rows as stored (JSON), without the waits; `S` is `String` when
/// written, `&str` when read (a text with escapes is read as `String`).
#[derive(Serialize, Deserialize)]
pub(super) struct Stored<S> {
    /// hour, status, arrivals, waits, wait seconds.
    pub hours: Vec<(u32, S, i64, i64, i64)>,
    /// counter, teller, teller's name, done, timed, seconds, longest.
    pub done: Vec<StoredDone<S>>,
    /// line, created, accepted, contracted, cents, declined, intent.
    pub lines: Vec<(S, i64, i64, i64, i64, i64, i64)>,
    pub objections: Vec<(S, i64)>,
    /// contacted, won, lost, handed back.
    pub followups: (i64, i64, i64, i64),
    /// code, name, referrals, converted, closed, contacts.
    pub staff: Vec<(S, S, i64, i64, i64, i64)>,
    /// The service level's limit in seconds, and its rows: service, hour,
    /// count, within.
    pub level_limit: i64,
    pub level: Vec<(S, u32, i64, i64)>,
    /// The counters' raw seconds; none for a day closed with a pause still
    /// open, or kept before they were (read from the records).
    #[serde(default)]
    pub counters: Option<CounterSeconds>,
}

/// Rows added up by key, in the order of the days added (a later day's
/// names are kept, as [`Passes::merged`] does).
#[derive(Default)]
pub(super) struct Sum {
    hours: BTreeMap<String, BTreeMap<u32, HourRow>>,
    done: BTreeMap<Option<u32>, Vec<DoneRow>>,
    lines: BTreeMap<String, LineRow>,
    objections: BTreeMap<String, i64>,
    followups: FollowupRow,
    staff: BTreeMap<String, StaffRow>,
    level: BTreeMap<String, BTreeMap<u32, LevelRow>>,
    counters: CounterSeconds,
}

/// The entry of `key` in `map`, made (one allocation) only when new.
fn slot<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("just made")
}

impl Sum {
    /// Add one kept day's rows (its counters when kept: `true` if they were).
    pub fn add_stored<S: AsRef<str>>(&mut self, s: &Stored<S>) -> bool {
        for (hour, status, a, w, sum) in &s.hours {
            let e = slot(&mut self.hours, status.as_ref())
                .entry(*hour)
                .or_insert_with(|| HourRow {
                    hour: *hour,
                    status: status.as_ref().to_string(),
                    ..HourRow::default()
                });
            e.arrivals += a;
            e.waits += w;
            e.wait_sum_secs += sum;
        }
        for (counter, teller, name, d, t, sum, max) in &s.done {
            let teller = teller.as_ref().map(AsRef::as_ref);
            let rows = self.done.entry(*counter).or_default();
            let e = match rows.iter().position(|r| r.teller.as_deref() == teller) {
                Some(i) => &mut rows[i],
                None => {
                    rows.push(DoneRow {
                        counter: *counter,
                        teller: teller.map(str::to_string),
                        ..DoneRow::default()
                    });
                    rows.last_mut().expect("just pushed")
                }
            };
            if let Some(n) = name {
                if e.teller_name.as_deref() != Some(n.as_ref()) {
                    e.teller_name = Some(n.as_ref().to_string());
                }
            }
            e.done += d;
            e.timed += t;
            e.sum_secs += sum;
            e.max_secs = e.max_secs.max(*max);
        }
        for (line, c, a, k, cents, d, i) in &s.lines {
            let e = slot(&mut self.lines, line.as_ref());
            e.created += c;
            e.accepted += a;
            e.contracted += k;
            e.amount_cents += cents;
            e.declined += d;
            e.intent += i;
        }
        for (code, n) in &s.objections {
            *slot(&mut self.objections, code.as_ref()) += n;
        }
        let (c, w, l, h) = s.followups;
        self.followups.contacted += c;
        self.followups.won += w;
        self.followups.lost += l;
        self.followups.handed_back += h;
        for (code, name, r, v, c, k) in &s.staff {
            let e = slot(&mut self.staff, code.as_ref());
            if e.name != name.as_ref() {
                e.name = name.as_ref().to_string();
            }
            e.referrals += r;
            e.converted += v;
            e.closed += c;
            e.contacts += k;
        }
        for (service, hour, count, within) in &s.level {
            let e = slot(&mut self.level, service.as_ref())
                .entry(*hour)
                .or_insert_with(|| LevelRow {
                    service: service.as_ref().to_string(),
                    hour: *hour,
                    count: 0,
                    within: 0,
                });
            e.count += count;
            e.within += within;
        }
        match &s.counters {
            Some(c) => {
                self.counters.add(c);
                true
            }
            None => false,
        }
    }

    /// Add counters' seconds read from the records.
    pub fn add_counters(&mut self, c: &CounterSeconds) {
        self.counters.add(c);
    }

    /// The sum as passes (one row per key; the waits are the caller's).
    pub fn into_passes(self) -> Passes {
        Passes {
            hours: self
                .hours
                .into_values()
                .flat_map(BTreeMap::into_values)
                .collect(),
            waits: Vec::new(),
            done: self.done.into_values().flatten().collect(),
            lines: self
                .lines
                .into_iter()
                .map(|(line, r)| LineRow { line, ..r })
                .collect(),
            objections: self.objections.into_iter().collect(),
            followups: self.followups,
            staff: self
                .staff
                .into_iter()
                .map(|(code, r)| StaffRow { code, ..r })
                .collect(),
            level: self
                .level
                .into_values()
                .flat_map(BTreeMap::into_values)
                .collect(),
            counters: self.counters,
            open_pause: false,
        }
    }
}
