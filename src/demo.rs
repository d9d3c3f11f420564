//! The demo branch: its roster (`data/demo.toml`), a morning's queue in
//! progress, and months of finished business days for reports and benchmarks.
//!
//! Everything is made up from a seed with a small splitmix64 generator, so the
//! same seed always gives the same branch. Tickets get their numbers from the
//! normal numbering, and every step goes through the ticket life cycle
//! ([`apply`]) and writes the event the application would write.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
use serde::Deserialize;
use serde_json::json;

use crate::clock::Clock;
use crate::config::Catalog;
use crate::domain::queue::{call_order, Fairness};
use crate::domain::ticket::{apply, Status, Step, Ticket};
use crate::store::staff::Staff;
use crate::store::tickets::NewTicket;
use crate::store::{Db, Store, StoreError};

const DATA: &str = include_str!("../data/demo.toml");

/// Visits on an average business day when nobody asks for more.
pub const VISITS_PER_DAY: u32 = 120;

/// Branch hours, local time: doors open at 09:00 and close at 17:00; whoever
/// took a ticket before closing is still served.
const OPENS_AT_HOUR: u32 = 9;
/// The relative number of arrivals in each opening hour, 09:00 to 16:00;
/// the peak is the lunch hour (12:00–13:00), when office workers come.
const HOURLY: [f64; 8] = [0.9, 1.15, 1.3, 1.6, 1.25, 0.95, 0.95, 0.9];

#[derive(Deserialize)]
struct DemoData {
    staff: Vec<DemoStaff>,
    names: Names,
}

#[derive(Deserialize)]
struct DemoStaff {
    code: String,
    name: String,
    roles: Vec<String>,
    counter: Option<u32>,
}

#[derive(Deserialize)]
struct Names {
    surnames: Vec<String>,
    given: Vec<String>,
}

fn data() -> &'static DemoData {
    static DATA_PARSED: OnceLock<DemoData> = OnceLock::new();
    DATA_PARSED.get_or_init(|| toml::from_str(DATA).expect("data/demo.toml is valid"))
}

/// The demo branch's roster, as in `data/demo.toml`.
pub fn roster() -> Vec<Staff> {
    data()
        .staff
        .iter()
        .map(|s| Staff {
            code: s.code.clone(),
            name: s.name.clone(),
            roles: s.roles.clone(),
            counter: s.counter,
            active: true,
        })
        .collect()
}

/// The demo's lobby manager: the identity `--demo` opens with.
pub fn lobby_manager() -> String {
    roster()
        .into_iter()
        .find(|s| s.has_role("lobby"))
        .map_or_else(|| "LOBBY".to_string(), |s| s.code)
}

/// The demo tellers at the catalog's counters: (counter, staff code), by counter.
fn tellers(catalog: &Catalog) -> Vec<(u32, String)> {
    let mut t: Vec<(u32, String)> = roster()
        .into_iter()
        .filter(|s| s.has_role("teller"))
        .filter_map(|s| s.counter.map(|c| (c, s.code)))
        .filter(|(c, _)| (1..=catalog.branch.counters).contains(c))
        .collect();
    t.sort();
    t
}

/// Put the demo roster in the database, with a `staff.add` (or `staff.update`)
/// event for each entry that was missing or different. Running it again
/// changes nothing.
pub fn seed_roster(store: &mut Store, now: DateTime<Utc>) -> Result<(), StoreError> {
    store.write(|db| put_roster(db, now).map(|_| ()))
}

/// The roster writes of [`seed_roster`] inside a transaction; returns the
/// number of entries written.
fn put_roster(db: &Db, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mut written = 0;
    for s in roster() {
        let before = db.staff(&s.code)?;
        if before.as_ref() == Some(&s) {
            continue;
        }
        db.put_staff(&s)?;
        let kind = if before.is_some() {
            "staff.update"
        } else {
            "staff.add"
        };
        db.add_event(
            now,
            "system",
            kind,
            "staff",
            None,
            json!({"code": s.code, "name": s.name, "roles": s.roles, "counter": s.counter}),
        )?;
        written += 1;
    }
    Ok(written)
}

/// splitmix64: tiny, fast and plenty for made-up visits.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An index drawn in proportion to `weights`.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Mix a seed with a number into an independent stream's seed.
fn mix_seed(seed: u64, n: u64) -> u64 {
    Rng::new(seed ^ n.wrapping_mul(0xD134_2543_DE82_EF95)).next_u64()
}

/// A made-up client: a name from the pools and a valid mainland mobile (1[3-9] + 9 digits).
fn made_up_client(rng: &mut Rng) -> (String, String) {
    let names = &data().names;
    let name = format!("{}{}", rng.pick(&names.surnames), rng.pick(&names.given));
    let mobile = format!("1{}{:09}", 3 + rng.below(7), rng.below(1_000_000_000));
    (name, mobile)
}

/// What kind of visits come in: the catalog's services and priority classes,
/// weighted as a branch sees them.
struct Mix {
    /// Service letter, weight, mean minutes at the counter.
    services: Vec<(String, f64, f64)>,
    normal: String,
    vip: Option<String>,
    /// The other priority classes and their weights.
    special: Vec<(String, f64)>,
}

impl Mix {
    fn new(catalog: &Catalog) -> Mix {
        let services = catalog
            .services
            .iter()
            .map(|s| {
                let (weight, minutes) = match s.letter.as_str() {
                    "A" => (50.0, 5.5),
                    "C" => (18.0, 9.0),
                    "V" => (12.0, 7.0),
                    "B" => (12.0, 11.0),
                    "L" => (8.0, 12.0),
                    _ => (5.0, 7.0),
                };
                (s.letter.clone(), weight, minutes)
            })
            .collect();
        let normal = catalog
            .priorities
            .iter()
            .find(|p| !p.priority)
            .or(catalog.priorities.first())
            .map_or_else(|| "normal".to_string(), |p| p.code.clone());
        let vip = catalog
            .priority("vip")
            .filter(|p| p.priority)
            .map(|p| p.code.clone());
        let special = catalog
            .priorities
            .iter()
            .filter(|p| p.priority && p.code != "vip")
            .map(|p| {
                let w = match p.code.as_str() {
                    "elderly" => 70.0,
                    "pregnant" | "disabled" => 15.0,
                    _ => 10.0,
                };
                (p.code.clone(), w)
            })
            .collect();
        Mix {
            services,
            normal,
            vip,
            special,
        }
    }

    fn service(&self, rng: &mut Rng) -> usize {
        let weights: Vec<f64> = self.services.iter().map(|s| s.1).collect();
        rng.weighted(&weights)
    }

    /// A priority class for a visit to `service`: about one in ten is priority,
    /// half of the VIP service's visits and a few elderly, pregnant or disabled.
    fn priority(&self, rng: &mut Rng, service: usize) -> (String, bool) {
        if self.services[service].0 == "V" {
            if let Some(vip) = self.vip.as_ref().filter(|_| rng.chance(0.5)) {
                return (vip.clone(), true);
            }
        }
        if !self.special.is_empty() && rng.chance(0.05) {
            return (self.special_class(rng), true);
        }
        (self.normal.clone(), false)
    }

    fn special_class(&self, rng: &mut Rng) -> String {
        let weights: Vec<f64> = self.special.iter().map(|s| s.1).collect();
        self.special[rng.weighted(&weights)].0.clone()
    }

    /// Minutes at the counter: around the service's mean, sometimes much longer.
    fn minutes(&self, rng: &mut Rng, service: usize) -> f64 {
        let mean = self.services[service].2;
        (mean * (0.35 * rng.normal() - 0.06).exp()).clamp(0.3 * mean, 3.0 * mean)
    }
}

/// The event the application writes for a step.
fn step_kind(step: &Step) -> &'static str {
    match step {
        Step::Call { .. } => "ticket.call",
        Step::Start => "ticket.start",
        Step::Finish => "ticket.finish",
        Step::Hold => "ticket.hold",
        Step::Resume { .. } => "ticket.resume",
        Step::NoShow => "ticket.no_show",
        Step::Divert { .. } => "ticket.divert",
    }
}

/// The details of a step's event, as the application writes them.
fn step_details(number: &str, s: &StepEvent) -> serde_json::Value {
    json!({
        "number": number,
        "from": s.from.as_str(),
        "to": s.to.as_str(),
        "counter": s.counter,
        "calls": s.calls,
        "divert_target": s.divert_target,
    })
}

fn add_details(t: &Ticket) -> serde_json::Value {
    json!({"number": t.number, "service": t.service, "priority": t.priority})
}

/// Local `hour`:00 of `day` as a UTC instant.
fn local_time(day: NaiveDate, hour: u32, offset: FixedOffset) -> DateTime<Utc> {
    let naive = day.and_hms_opt(hour, 0, 0).expect("a valid hour");
    offset
        .from_local_datetime(&naive)
        .single()
        .expect("a fixed offset has one local time")
        .with_timezone(&Utc)
}

// ---------------------------------------------------------------------------
// A morning's queue in progress.

/// A visit of the morning; `ago` is minutes before now, before compression.
struct Visit {
    ago: f64,
    service: String,
    priority: String,
    is_priority: bool,
    client: Option<(String, String)>,
}

/// Something that happens in the morning: the visit arrives (`step: None`) or
/// takes a step.
struct Happening {
    ago: f64,
    visit: usize,
    actor: String,
    step: Option<Step>,
}

/// The morning as a plan: who came when, and what happened to them.
struct MorningPlan {
    visits: Vec<Visit>,
    happenings: Vec<Happening>,
}

impl MorningPlan {
    fn visit(&mut self, rng: &mut Rng, mix: &Mix, ago: f64) -> usize {
        let s = mix.service(rng);
        let (priority, is_priority) = mix.priority(rng, s);
        let service = mix.services[s].0.clone();
        let client = (service == "V" || rng.chance(0.4)).then(|| made_up_client(rng));
        self.visits.push(Visit {
            ago,
            service,
            priority,
            is_priority,
            client,
        });
        self.visits.len() - 1
    }

    fn at(&mut self, ago: f64, visit: usize, actor: &str, step: Step) {
        self.happenings.push(Happening {
            ago,
            visit,
            actor: actor.to_string(),
            step: Some(step),
        });
    }
}

/// Plan the last ~90 minutes: counters 1.. each busy from about 70 minutes ago
/// up to now (the last counter has just called its next ticket, the others are
/// serving), one ticket held at the second counter, two no-shows, two
/// diversions, and six tickets waiting, the longest past 15 minutes and
/// another past 6. Arrivals of called tickets are first come, first served,
/// and before everyone still waiting.
fn plan_morning(rng: &mut Rng, catalog: &Catalog) -> MorningPlan {
    let mix = Mix::new(catalog);
    let tellers = tellers(catalog);
    let lobby = lobby_manager();
    let mut plan = MorningPlan {
        visits: Vec::new(),
        happenings: Vec::new(),
    };

    let waiting_agos = [
        rng.between(17.2, 18.7),
        rng.between(10.0, 13.0),
        rng.between(6.6, 8.0),
        rng.between(4.0, 5.5),
        rng.between(2.0, 3.5),
        rng.between(0.3, 1.3),
    ];
    for (i, ago) in waiting_agos.iter().enumerate() {
        let v = plan.visit(rng, &mix, *ago);
        if i == 3 && !mix.special.is_empty() {
            // Someone the lobby manager lets go first.
            plan.visits[v].priority = mix.special[0].0.clone();
            plan.visits[v].is_priority = true;
        }
    }

    // (first call, visit) of everyone called to a counter.
    let mut called: Vec<(f64, usize)> = Vec::new();
    let last = tellers.len().saturating_sub(1);
    let hold_at = usize::from(tellers.len() > 1);
    for (i, (counter, teller)) in tellers.iter().enumerate() {
        let call = || Step::Call {
            counter: *counter,
            teller: Some(teller.clone()),
        };
        let just_called = i == last && tellers.len() > 1;
        let v = plan.visit(rng, &mix, 0.0);
        let first = if just_called {
            rng.between(0.4, 1.0)
        } else {
            3.0 + 5.0 * i as f64 + rng.between(0.0, 2.0)
        };
        plan.at(first, v, teller, call());
        if !just_called {
            plan.at(first - 0.5, v, teller, Step::Start);
        }
        called.push((first, v));

        // Earlier tickets at this counter, going back in time from `cursor`,
        // the moment the previous one left the counter.
        let no_show_slot = match i {
            0 => Some(1 + rng.below(3) as usize),
            _ if i == last => Some(2 + rng.below(2) as usize),
            _ => None,
        };
        let mut cursor = first + rng.between(0.3, 1.5);
        let mut slot = 0;
        // Go on until about 70 minutes ago, and at least past the no-show.
        while cursor < 66.0 || no_show_slot.is_some_and(|n| slot <= n) {
            let v = plan.visit(rng, &mix, 0.0);
            let first = if i == hold_at && slot == 0 {
                // Served, then put on hold: the client went to fetch a document.
                let start = cursor + rng.between(2.0, 4.0);
                let first = start + rng.between(0.4, 0.9);
                plan.at(first, v, teller, call());
                plan.at(start, v, teller, Step::Start);
                plan.at(cursor, v, teller, Step::Hold);
                first
            } else if Some(slot) == no_show_slot {
                // Called three times, never came.
                let first = cursor + rng.between(2.2, 3.0);
                plan.at(first, v, teller, call());
                plan.at(first - 0.7, v, teller, call());
                plan.at(first - 1.4, v, teller, call());
                plan.at(cursor, v, teller, Step::NoShow);
                first
            } else {
                let s = catalog_service_index(&mix, &plan.visits[v].service);
                let start = cursor + mix.minutes(rng, s);
                let first = start + rng.between(0.3, 0.8);
                plan.at(first, v, teller, call());
                plan.at(start, v, teller, Step::Start);
                plan.at(cursor, v, teller, Step::Finish);
                first
            };
            called.push((first, v));
            cursor = first
                + if cursor < 20.0 {
                    rng.between(0.3, 1.5)
                } else {
                    rng.between(4.0, 12.0)
                };
            slot += 1;
        }
    }

    // First come, first served: the later the call, the later the arrival,
    // and all of them before the first one still waiting.
    called.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut previous = waiting_agos[0] + 0.1;
    for (first, v) in called {
        let ago = (first + rng.between(0.5, 5.0)).max(previous + 0.3);
        plan.visits[v].ago = ago;
        previous = ago;
    }

    // Two clients the lobby manager sent elsewhere soon after they came in.
    if !catalog.divert_targets.is_empty() {
        for _ in 0..2 {
            let ago = rng.between(20.0, 75.0);
            let v = plan.visit(rng, &mix, ago);
            let target = rng.pick(&catalog.divert_targets).code.clone();
            let step = Step::Divert { target };
            plan.at(ago - rng.between(0.5, 2.5), v, &lobby, step);
        }
    }

    for (v, visit) in plan.visits.iter().enumerate() {
        plan.happenings.push(Happening {
            ago: visit.ago,
            visit: v,
            actor: lobby.clone(),
            step: None,
        });
    }
    plan
}

fn catalog_service_index(mix: &Mix, letter: &str) -> usize {
    mix.services.iter().position(|s| s.0 == letter).unwrap_or(0)
}

/// A morning's queue in progress today (the clock's local date): 25 to 30
/// tickets that came in over the last 90 minutes, most finished, a few
/// no-shows and diversions, a ticket at every counter, one on hold and six
/// waiting, the longest past the 15-minute alert. If it is not yet 90 minutes
/// since local midnight, the morning is compressed into the time there is.
///
/// Numbers come from the normal numbering; each step is a legal life-cycle
/// step and writes its event, in the order things happened, in one
/// transaction. A step that the day's state refuses (a counter already busy
/// from an earlier run) is left out.
pub fn morning(store: &mut Store, clock: &Clock, catalog: &Catalog) -> Result<(), StoreError> {
    let now = clock.now();
    let today = clock.today();
    let midnight = local_time(today, 0, clock.offset());
    let mut rng = Rng::new(mix_seed(0x4C42_444B, today.num_days_from_ce() as u64));
    let mut plan = plan_morning(&mut rng, catalog);

    let longest = plan.visits.iter().map(|v| v.ago).fold(0.0, f64::max);
    let room = (now - midnight).num_seconds().max(0) as f64 / 60.0;
    let scale = if room < longest { room / longest } else { 1.0 };
    let at = |ago: f64| now - Duration::seconds((ago * scale * 60.0).floor() as i64);

    // Earliest first; an arrival before its own steps.
    let mut happenings = std::mem::take(&mut plan.happenings);
    happenings.sort_by(|a, b| {
        b.ago
            .total_cmp(&a.ago)
            .then(a.step.is_some().cmp(&b.step.is_some()))
    });

    store.write(|db| {
        let mut open = db.open_tickets(today)?;
        let mut index: HashMap<usize, usize> = HashMap::new();
        for h in &happenings {
            let when = at(h.ago);
            let Some(step) = &h.step else {
                let t = arrive(db, today, &plan.visits[h.visit], when, &h.actor)?;
                index.insert(h.visit, open.len());
                open.push(t);
                continue;
            };
            let Some(&i) = index.get(&h.visit) else {
                continue;
            };
            let counter = match step {
                Step::Call { counter, .. } | Step::Resume { counter, .. } => Some(*counter),
                _ => None,
            };
            let occupant = open
                .iter()
                .find(|t| counter.is_some() && t.counter == counter && t.status.holds_counter());
            let Ok(new) = apply(&open[i], step, when, occupant) else {
                continue;
            };
            if db.update_ticket(&open[i], &new)? {
                let details = step_details(&new.number, &StepEvent::of(step, &open[i], &new));
                db.add_event(
                    when,
                    &h.actor,
                    step_kind(step),
                    "ticket",
                    Some(new.id),
                    details,
                )?;
                open[i] = new;
            }
        }
        Ok(())
    })
}

/// A walk-in registered as the application does: client, ticket, events.
fn arrive(
    db: &Db,
    day: NaiveDate,
    visit: &Visit,
    at: DateTime<Utc>,
    actor: &str,
) -> Result<Ticket, StoreError> {
    let client_id = match &visit.client {
        Some((name, mobile)) => {
            let (id, created) = db.find_or_add_client(Some(name), Some(mobile), at)?;
            if created {
                db.add_event(at, actor, "client.add", "client", Some(id), json!({}))?;
            }
            Some(id)
        }
        None => None,
    };
    let new = NewTicket {
        service: visit.service.clone(),
        priority: visit.priority.clone(),
        is_priority: visit.is_priority,
        client_id,
        note: None,
    };
    let t = db.add_ticket(day, &new, at)?;
    db.add_event(
        at,
        actor,
        "ticket.add",
        "ticket",
        Some(t.id),
        add_details(&t),
    )?;
    Ok(t)
}

// ---------------------------------------------------------------------------
// History: finished business days.

/// What [`history`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistorySummary {
    pub days: u32,
    pub tickets: u64,
    pub events: u64,
}

/// How much history to write.
#[derive(Clone, Copy, Debug)]
pub struct HistoryOptions {
    /// Business days, ending at the last day.
    pub days: u32,
    pub seed: u64,
    /// Visits on an average business day.
    pub visits_per_day: u32,
}

/// The `days` business days ending at `last_day` (inclusive), oldest first.
/// The demo branch opens Monday to Saturday, like many Chinese branches;
/// Saturday is quieter. Public holidays are not modelled.
pub fn business_days(last_day: NaiveDate, days: u32) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = last_day
        .iter_days()
        .rev()
        .filter(|d| d.weekday() != Weekday::Sun)
        .take(days as usize)
        .collect();
    out.reverse();
    out
}

/// How busy a weekday is against the average business day: Monday and Friday
/// are the busiest, Saturday the quietest.
fn weekday_factor(day: NaiveDate) -> f64 {
    match day.weekday() {
        Weekday::Mon => 1.25,
        Weekday::Tue => 1.0,
        Weekday::Wed => 0.95,
        Weekday::Thu => 1.0,
        Weekday::Fri => 1.2,
        Weekday::Sat => 0.6,
        Weekday::Sun => 0.0,
    }
}

/// [`history_with`] at [`VISITS_PER_DAY`].
pub fn history(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    last_day: NaiveDate,
    days: u32,
    seed: u64,
) -> Result<HistorySummary, StoreError> {
    let options = HistoryOptions {
        days,
        seed,
        visits_per_day: VISITS_PER_DAY,
    };
    history_with(store, catalog, offset, last_day, &options)
}

/// Write finished business days ([`business_days`]) ending at `last_day`:
/// arrivals from 09:00 to 17:00 local with a lunchtime peak, more on Monday
/// and Friday; service mix A, then C, V, B, L; about one in ten a priority
/// class; the counters call in the application's call order, so waits grow at
/// the peaks; about 3% no-shows and 5% diverted by the lobby manager; a third
/// of the visits by known clients. Every ticket ends done, no-show or
/// diverted, with its events. The demo roster is put first if it is missing.
///
/// When the visits asked for are more than three counters can serve, service
/// times are shortened so the day still ends near closing time. Each day is
/// one transaction; writing a day twice adds a second set of visits to it.
pub fn history_with(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    last_day: NaiveDate,
    options: &HistoryOptions,
) -> Result<HistorySummary, StoreError> {
    let days = business_days(last_day, options.days);
    let mut summary = HistorySummary::default();
    let Some(first) = days.first() else {
        return Ok(summary);
    };
    let before_opening = local_time(*first, OPENS_AT_HOUR - 1, offset);
    summary.events += store.write(|db| put_roster(db, before_opening))?;

    let sim = Simulation::new(catalog, options.visits_per_day);
    let mut clients = Clients::new(options.seed, options.visits_per_day);
    for day in days {
        let mut rng = Rng::new(mix_seed(options.seed, day.num_days_from_ce() as u64));
        let plan = sim.day(&mut rng, day, offset, &clients);
        let (tickets, events) =
            store.write(|db| write_day(db, &plan, &sim.actors, &mut clients))?;
        summary.days += 1;
        summary.tickets += tickets;
        summary.events += events;
    }
    Ok(summary)
}

/// The known clients of the history: a pool whose member `k` always has the
/// same name and mobile for a seed; ids once they are in the database.
struct Clients {
    seed: u64,
    size: u64,
    ids: HashMap<u64, i64>,
}

impl Clients {
    fn new(seed: u64, visits_per_day: u32) -> Clients {
        Clients {
            seed,
            size: (u64::from(visits_per_day) * 8).max(100),
            ids: HashMap::new(),
        }
    }

    fn id(
        &mut self,
        db: &Db,
        k: u64,
        at: DateTime<Utc>,
        actor: &str,
    ) -> Result<(i64, u64), StoreError> {
        if let Some(id) = self.ids.get(&k) {
            return Ok((*id, 0));
        }
        let (name, mobile) = made_up_client(&mut Rng::new(mix_seed(self.seed, k)));
        let (id, created) = db.find_or_add_client(Some(&name), Some(&mobile), at)?;
        let mut events = 0;
        if created {
            db.add_event(at, actor, "client.add", "client", Some(id), json!({}))?;
            events = 1;
        }
        self.ids.insert(k, id);
        Ok((id, events))
    }
}

/// One event of a simulated day, before the ticket has its id and number.
struct DayEvent {
    at: DateTime<Utc>,
    ticket: usize,
    /// Index into the simulation's actors: 0 is the lobby manager.
    actor: usize,
    /// `None` for the arrival.
    step: Option<StepEvent>,
}

/// What a step's event records of the ticket after the step.
struct StepEvent {
    kind: &'static str,
    from: Status,
    to: Status,
    counter: Option<u32>,
    calls: u32,
    divert_target: Option<String>,
}

impl StepEvent {
    fn of(step: &Step, old: &Ticket, new: &Ticket) -> StepEvent {
        StepEvent {
            kind: step_kind(step),
            from: old.status,
            to: new.status,
            counter: new.counter,
            calls: new.calls,
            divert_target: new.divert_target.clone(),
        }
    }
}

/// A simulated day: tickets in arrival order (final state, no ids or numbers
/// yet), who each one was, and the events.
struct DayPlan {
    tickets: Vec<Ticket>,
    clients: Vec<Option<u64>>,
    events: Vec<DayEvent>,
}

/// What a visit turns out to be.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Served,
    NoShow,
    Diverted,
}

struct Simulation {
    mix: Mix,
    fairness: Fairness,
    max_calls: u32,
    divert_targets: Vec<String>,
    /// The lobby manager, then the tellers.
    actors: Vec<String>,
    /// Counter of each teller in `actors[1..]`.
    counters: Vec<u32>,
    visits_per_day: f64,
    /// Shortens service times when the visits are more than the counters can serve.
    pace: f64,
}

impl Simulation {
    fn new(catalog: &Catalog, visits_per_day: u32) -> Simulation {
        let mix = Mix::new(catalog);
        let mut tellers = tellers(catalog);
        if tellers.is_empty() {
            tellers.push((1, lobby_manager()));
        }
        let total: f64 = mix.services.iter().map(|s| s.1).sum();
        let mean_minutes: f64 = mix.services.iter().map(|s| s.1 * s.2).sum::<f64>() / total;
        let opening_minutes = HOURLY.len() as f64 * 60.0;
        // Keep the average load near 75% of what the counters can do.
        let capacity = 0.75 * tellers.len() as f64 * opening_minutes;
        let demand = f64::from(visits_per_day.max(1)) * mean_minutes;
        Simulation {
            mix,
            fairness: catalog.fairness(),
            max_calls: catalog.thresholds.max_calls.max(1),
            divert_targets: catalog
                .divert_targets
                .iter()
                .map(|d| d.code.clone())
                .collect(),
            actors: std::iter::once(lobby_manager())
                .chain(tellers.iter().map(|t| t.1.clone()))
                .collect(),
            counters: tellers.iter().map(|t| t.0).collect(),
            visits_per_day: f64::from(visits_per_day),
            pace: (capacity / demand).min(1.0),
        }
    }

    /// Simulate one business day.
    fn day(
        &self,
        rng: &mut Rng,
        day: NaiveDate,
        offset: FixedOffset,
        clients: &Clients,
    ) -> DayPlan {
        let opens = local_time(day, OPENS_AT_HOUR, offset);
        let mean = self.visits_per_day * weekday_factor(day);
        let n = (mean * (1.0 + 0.08 * rng.normal())).round().max(1.0) as usize;

        // Arrivals, in seconds after opening.
        let mut arrivals: Vec<i64> = (0..n)
            .map(|_| rng.weighted(&HOURLY) as i64 * 3600 + rng.below(3600) as i64)
            .collect();
        arrivals.sort_unstable();

        let mut plan = DayPlan {
            tickets: Vec::with_capacity(n),
            clients: Vec::with_capacity(n),
            events: Vec::with_capacity(n * 4),
        };
        let mut fates = Vec::with_capacity(n);
        for (i, secs) in arrivals.iter().enumerate() {
            let s = self.mix.service(rng);
            let (priority, is_priority) = self.mix.priority(rng, s);
            let service = self.mix.services[s].0.clone();
            let known = service == "V" || rng.chance(0.3);
            plan.clients.push(known.then(|| clients.pick(rng)));
            let at = opens + Duration::seconds(*secs);
            plan.tickets.push(Ticket {
                id: i as i64,
                day,
                number: String::new(),
                service,
                seq: 0,
                priority,
                is_priority,
                client_id: None,
                client_name: None,
                client_mobile: None,
                arrived_at: at,
                called_at: None,
                started_at: None,
                finished_at: None,
                counter: None,
                teller: None,
                status: Status::Waiting,
                calls: 0,
                note: None,
                divert_target: None,
            });
            plan.events.push(DayEvent {
                at,
                ticket: i,
                actor: 0,
                step: None,
            });
            let r = rng.unit();
            fates.push(if r < 0.05 && !self.divert_targets.is_empty() {
                Fate::Diverted
            } else if r < 0.08 {
                Fate::NoShow
            } else {
                Fate::Served
            });
        }

        // The lobby manager diverts soon after arrival.
        for (i, fate) in fates.iter().enumerate() {
            if *fate == Fate::Diverted {
                let target = if plan.tickets[i].service == "C"
                    && self.divert_targets.iter().any(|d| d == "wealth")
                {
                    "wealth".to_string()
                } else {
                    rng.pick(&self.divert_targets).clone()
                };
                let at = plan.tickets[i].arrived_at + Duration::seconds(30 + rng.below(150) as i64);
                self.step(&mut plan, i, 0, Step::Divert { target }, at);
            }
        }

        // The counters call in the application's call order.
        let mut free: Vec<i64> = vec![0; self.counters.len()];
        let mut waiting: Vec<usize> = Vec::new();
        let mut next = 0;
        let mut streak = 0;
        loop {
            let (c, t) = free
                .iter()
                .copied()
                .enumerate()
                .min_by_key(|(_, f)| *f)
                .expect("at least one counter");
            while next < n && arrivals[next] <= t {
                if fates[next] != Fate::Diverted {
                    waiting.push(next);
                }
                next += 1;
            }
            if waiting.is_empty() {
                if next >= n {
                    break;
                }
                free[c] = arrivals[next];
                continue;
            }
            let now = opens + Duration::seconds(t);
            let order = call_order(
                waiting.iter().map(|&i| &plan.tickets[i]),
                streak,
                now,
                self.fairness,
            );
            let i = order[0].id as usize;
            waiting.retain(|&w| w != i);
            streak = if plan.tickets[i].is_priority {
                streak + 1
            } else {
                0
            };

            let teller = c + 1;
            let counter = self.counters[c];
            let call = Step::Call {
                counter,
                teller: Some(self.actors[teller].clone()),
            };
            let mut at = t;
            self.step(
                &mut plan,
                i,
                teller,
                call.clone(),
                opens + Duration::seconds(at),
            );
            if fates[i] == Fate::NoShow {
                let calls = 1 + rng.below(u64::from(self.max_calls)) as u32;
                for _ in 1..calls {
                    at += 45 + rng.below(30) as i64;
                    self.step(
                        &mut plan,
                        i,
                        teller,
                        call.clone(),
                        opens + Duration::seconds(at),
                    );
                }
                at += 30 + rng.below(30) as i64;
                self.step(
                    &mut plan,
                    i,
                    teller,
                    Step::NoShow,
                    opens + Duration::seconds(at),
                );
            } else {
                at += 20 + rng.below(70) as i64;
                self.step(
                    &mut plan,
                    i,
                    teller,
                    Step::Start,
                    opens + Duration::seconds(at),
                );
                let service = catalog_service_index(&self.mix, &plan.tickets[i].service);
                let minutes = self.mix.minutes(rng, service) * self.pace;
                at += ((minutes * 60.0) as i64).max(30);
                self.step(
                    &mut plan,
                    i,
                    teller,
                    Step::Finish,
                    opens + Duration::seconds(at),
                );
            }
            free[c] = at + 10 + rng.below(30) as i64;
        }

        // Chronological; for the same second, in the order they were made.
        plan.events.sort_by_key(|e| e.at);
        plan
    }

    /// Take a legal step and note its event.
    fn step(&self, plan: &mut DayPlan, i: usize, actor: usize, step: Step, at: DateTime<Utc>) {
        let old = &plan.tickets[i];
        match apply(old, &step, at, None) {
            Ok(new) => {
                plan.events.push(DayEvent {
                    at,
                    ticket: i,
                    actor,
                    step: Some(StepEvent::of(&step, old, &new)),
                });
                plan.tickets[i] = new;
            }
            Err(refusal) => debug_assert!(false, "simulated step refused: {refusal:?}"),
        }
    }
}

impl Clients {
    /// A client for a visit: anyone in the pool.
    fn pick(&self, rng: &mut Rng) -> u64 {
        rng.below(self.size)
    }
}

/// Write one simulated day: the tickets in arrival order (so their numbers
/// are the day's sequence), then the events in time order.
fn write_day(
    db: &Db,
    plan: &DayPlan,
    actors: &[String],
    clients: &mut Clients,
) -> Result<(u64, u64), StoreError> {
    let mut events = 0;
    let mut saved: Vec<Ticket> = Vec::with_capacity(plan.tickets.len());
    for (t, client) in plan.tickets.iter().zip(&plan.clients) {
        let client_id = match client {
            Some(k) => {
                let (id, added) = clients.id(db, *k, t.arrived_at, &actors[0])?;
                events += added;
                Some(id)
            }
            None => None,
        };
        let new = NewTicket {
            service: t.service.clone(),
            priority: t.priority.clone(),
            is_priority: t.is_priority,
            client_id,
            note: None,
        };
        let waiting = db.add_ticket(t.day, &new, t.arrived_at)?;
        let done = Ticket {
            id: waiting.id,
            number: waiting.number.clone(),
            seq: waiting.seq,
            client_id,
            client_name: waiting.client_name.clone(),
            client_mobile: waiting.client_mobile.clone(),
            ..t.clone()
        };
        db.update_ticket(&waiting, &done)?;
        saved.push(done);
    }
    for e in &plan.events {
        let t = &saved[e.ticket];
        let (kind, details) = match &e.step {
            None => ("ticket.add", add_details(t)),
            Some(s) => (s.kind, step_details(&t.number, s)),
        };
        db.add_event(e.at, &actors[e.actor], kind, "ticket", Some(t.id), details)?;
        events += 1;
    }
    Ok((saved.len() as u64, events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_repeatable_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            let x = a.unit();
            assert_eq!(x, b.unit());
            assert!((0.0..1.0).contains(&x));
            assert!(a.below(7) < 7);
            b.below(7);
        }
    }

    #[test]
    fn made_up_mobiles_are_valid() {
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            let (name, mobile) = made_up_client(&mut rng);
            assert!(!name.is_empty());
            assert_eq!(
                crate::domain::validate::mobile(&mobile, true),
                Ok(Some(mobile.clone()))
            );
        }
    }

    #[test]
    fn business_days_skip_sundays() {
        // 2026-11-23 is a Monday.
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let days = business_days(monday, 3);
        let names: Vec<Weekday> = days.iter().map(|d| d.weekday()).collect();
        assert_eq!(names, [Weekday::Fri, Weekday::Sat, Weekday::Mon]);
    }

    #[test]
    fn weekdays_average_to_one() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let sum: f64 = business_days(monday + Duration::days(5), 6)
            .into_iter()
            .map(weekday_factor)
            .sum();
        assert!((sum - 6.0).abs() < 1e-9);
    }
}
