//! The demo branch: its roster (`data/demo.toml`), a morning's queue in
//! progress with today's referral cards and the follow-up list, and years of
//! finished business days (visits, cards, prospects and their contacts) for
//! reports and benchmarks.
//!
//! Everything is made up from a seed with a small splitmix64 generator, so the
//! same seed always gives the same branch. Tickets get their numbers from the
//! normal numbering, and every step goes through the domain's rules (the
//! ticket life cycle [`apply`], the card life cycle in [`card`], follow-up
//! scheduling in [`followup`]) and writes the event the application would
//! write. A transaction's events are written in time order.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
use serde::Deserialize;
use serde_json::json;

use crate::clock::Clock;
use crate::config::Catalog;
use crate::domain::card::{self, Card, Outcome};
use crate::domain::followup::{self, Rules, Stage};
use crate::domain::queue::{call_order, Fairness};
use crate::domain::ticket::{apply, Status, Step, Ticket};
use crate::store::prospects::{Contact, NewProspect};
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
    notes: Notes,
    /// Product code to the (low, high) amount of a contract, in yuan.
    amounts: HashMap<String, (u64, u64)>,
    /// Need code to the product a contract for it is usually in.
    need_products: HashMap<String, String>,
    contact: ContactTexts,
}

/// What people write on cards and when things end.
#[derive(Deserialize)]
struct Notes {
    any: Vec<String>,
    refer_notes: Vec<String>,
    declined_notes: Vec<String>,
    lost_notes: Vec<String>,
    /// By need code.
    #[serde(flatten)]
    by_need: HashMap<String, Vec<String>>,
}

/// The follow-up log's texts.
#[derive(Deserialize)]
struct ContactTexts {
    /// By channel code; `any` for the others.
    summary: HashMap<String, Vec<String>>,
    result: Vec<String>,
    next_step: Vec<String>,
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
///
/// The tellers flag today's referral cards on both lines ([`morning_cards`]),
/// and the follow-up list holds prospects of earlier days in every section
/// ([`earlier_prospects`]).
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

    let desk = Desk::new(catalog);
    let mut referrals = Rng::new(mix_seed(0x5245_4645, today.num_days_from_ce() as u64));

    store.write(|db| {
        let mut log = EventLog::default();
        earlier_prospects(db, &mut log, &desk, &mut referrals, today, clock.offset())?;
        let mut open = db.open_tickets(today)?;
        let mut index: HashMap<usize, usize> = HashMap::new();
        for h in &happenings {
            let when = at(h.ago);
            let Some(step) = &h.step else {
                let t = arrive(db, &mut log, today, &plan.visits[h.visit], when, &h.actor)?;
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
                log.add(
                    when,
                    &h.actor,
                    step_kind(step),
                    "ticket",
                    Some(new.id),
                    details,
                );
                open[i] = new;
            }
        }
        let mut mine: Vec<Ticket> = index.values().map(|&i| open[i].clone()).collect();
        mine.sort_by_key(|t| t.id);
        morning_cards(db, &mut log, &desk, &mut referrals, &mine, now)?;
        log.write(db)?;
        Ok(())
    })
}

/// A walk-in registered as the application does: client, ticket, events.
fn arrive(
    db: &Db,
    log: &mut EventLog,
    day: NaiveDate,
    visit: &Visit,
    at: DateTime<Utc>,
    actor: &str,
) -> Result<Ticket, StoreError> {
    let client_id = match &visit.client {
        Some((name, mobile)) => {
            let (id, created) = db.find_or_add_client(Some(name), Some(mobile), at)?;
            if created {
                log.add(at, actor, "client.add", "client", Some(id), json!({}));
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
    log.add(
        at,
        actor,
        "ticket.add",
        "ticket",
        Some(t.id),
        add_details(&t),
    );
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
    /// Referral cards, re-referred ones included.
    pub cards: u64,
    pub prospects: u64,
    pub contacts: u64,
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

/// Referral cards on an average business day of `visits_per_day` visits
/// when nobody asks for a number: about one visit in five (80 at 400).
pub fn default_cards_per_day(visits_per_day: u32) -> u32 {
    (visits_per_day * 11).div_ceil(50)
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

/// [`history_with_cards`] at [`default_cards_per_day`].
pub fn history_with(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    last_day: NaiveDate,
    options: &HistoryOptions,
) -> Result<HistorySummary, StoreError> {
    let cards = default_cards_per_day(options.visits_per_day);
    history_with_cards(store, catalog, offset, last_day, options, cards)
}

/// Write finished business days ([`business_days`]) ending at `last_day`:
/// arrivals from 09:00 to 17:00 local with a lunchtime peak, more on Monday
/// and Friday; service mix A, then C, V, B, L; about one in ten a priority
/// class; the counters call in the application's call order, so waits grow at
/// the peaks; about 3% no-shows and 5% diverted by the lobby manager; a third
/// of the visits by known clients, who come back. Every ticket ends done,
/// no-show or diverted, with its events. The demo roster is put first if it
/// is missing.
///
/// About `cards_per_day` referral cards a day (in proportion to the day's
/// visits) are flagged on served known clients and worked by the line's
/// manager ([`Referrals`]); those who do not sign go on the follow-up list and
/// are contacted at the catalog's cadence until won, lost or handed back.
/// Prospects of the last weeks stay open.
///
/// When the visits asked for are more than three counters can serve, service
/// times are shortened so the day still ends near closing time. Each day is
/// one transaction; writing a day twice adds a second set of visits to it.
pub fn history_with_cards(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    last_day: NaiveDate,
    options: &HistoryOptions,
    cards_per_day: u32,
) -> Result<HistorySummary, StoreError> {
    let days = business_days(last_day, options.days);
    let Some(first) = days.first() else {
        return Ok(HistorySummary::default());
    };
    let before_opening = local_time(*first, OPENS_AT_HOUR - 1, offset);
    let roster = store.write(|db| put_roster(db, before_opening))?;

    // A day's cards and follow-ups touch pages all over the tables and
    // indexes: keep them in memory until the day commits, instead of
    // spilling them to the write-ahead log again and again.
    let settings = store.begin_bulk(HISTORY_CACHE_KIB)?;
    let written = write_days(store, catalog, offset, &days, options, cards_per_day);
    store.end_bulk(settings)?;
    let mut summary = written?;
    summary.events += roster;
    Ok(summary)
}

/// The page cache while history is written, in KiB.
const HISTORY_CACHE_KIB: i64 = 64 * 1024;

/// The days of [`history_with_cards`], one transaction each: the visits,
/// then the day's cards and follow-ups, then every event in time order.
fn write_days(
    store: &mut Store,
    catalog: &Catalog,
    offset: FixedOffset,
    days: &[NaiveDate],
    options: &HistoryOptions,
    cards_per_day: u32,
) -> Result<HistorySummary, StoreError> {
    let mut summary = HistorySummary::default();
    let sim = Simulation::new(catalog, options.visits_per_day);
    let mut clients = Clients::new(options.seed, options.visits_per_day);
    let mut referrals = Referrals::new(catalog, options.visits_per_day, cards_per_day, offset);
    for &day in days {
        let stream = day.num_days_from_ce() as u64;
        let mut rng = Rng::new(mix_seed(options.seed, stream));
        let plan = sim.day(&mut rng, day, offset, &clients);
        let mut rng = Rng::new(mix_seed(options.seed ^ 0x5245_4645, stream));
        let (tickets, events) = store.write(|db| {
            let mut log = EventLog::default();
            let saved = write_day(db, &plan, &sim.actors, &mut clients, &mut log)?;
            referrals.day(db, &mut log, &mut rng, day, &saved)?;
            Ok::<_, StoreError>((saved.len() as u64, log.write(db)?))
        })?;
        summary.days += 1;
        summary.tickets += tickets;
        summary.events += events;
    }
    summary.cards = referrals.cards;
    summary.prospects = referrals.prospects;
    summary.contacts = referrals.contacts;
    Ok(summary)
}

/// The known clients of the history: a pool whose member `k` always has the
/// same name and mobile for a seed; ids once they are in the database. Some
/// come often (the branch's regulars), most now and then.
struct Clients {
    seed: u64,
    size: u64,
    ids: HashMap<u64, i64>,
}

impl Clients {
    fn new(seed: u64, visits_per_day: u32) -> Clients {
        Clients {
            seed,
            size: (u64::from(visits_per_day) * 50).max(100),
            ids: HashMap::new(),
        }
    }

    fn id(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        k: u64,
        at: DateTime<Utc>,
        actor: &str,
    ) -> Result<i64, StoreError> {
        if let Some(id) = self.ids.get(&k) {
            return Ok(*id);
        }
        let (name, mobile) = made_up_client(&mut Rng::new(mix_seed(self.seed, k)));
        let (id, created) = db.find_or_add_client(Some(&name), Some(&mobile), at)?;
        if created {
            log.add(at, actor, "client.add", "client", Some(id), json!({}));
        }
        self.ids.insert(k, id);
        Ok(id)
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
    /// A client for a visit: anyone in the pool, the first ones more often
    /// (the first 1% make about 5% of the visits, the last half about 37%).
    fn pick(&self, rng: &mut Rng) -> u64 {
        let u = rng.unit();
        ((self.size as f64 * u * u.sqrt()) as u64).min(self.size - 1)
    }
}

/// Write one simulated day: the tickets in arrival order (so their numbers
/// are the day's sequence), and their events; returns the tickets as saved.
fn write_day(
    db: &Db,
    plan: &DayPlan,
    actors: &[String],
    clients: &mut Clients,
    log: &mut EventLog,
) -> Result<Vec<Ticket>, StoreError> {
    let mut saved: Vec<Ticket> = Vec::with_capacity(plan.tickets.len());
    for (t, client) in plan.tickets.iter().zip(&plan.clients) {
        let client_id = match client {
            Some(k) => Some(clients.id(db, log, *k, t.arrived_at, &actors[0])?),
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
        log.add(e.at, &actors[e.actor], kind, "ticket", Some(t.id), details);
    }
    Ok(saved)
}

// ---------------------------------------------------------------------------
// Events, in time order.

/// An event waiting to be written.
struct Pending {
    at: DateTime<Utc>,
    actor: String,
    kind: &'static str,
    record: &'static str,
    record_id: Option<i64>,
    details: serde_json::Value,
}

/// The events of one transaction, written at its end in time order (those of
/// the same second in the order they were noted), so the log reads as things
/// happened even when the records were written in another order.
#[derive(Default)]
struct EventLog {
    rows: Vec<Pending>,
}

impl EventLog {
    fn add(
        &mut self,
        at: DateTime<Utc>,
        actor: &str,
        kind: &'static str,
        record: &'static str,
        record_id: Option<i64>,
        details: serde_json::Value,
    ) {
        self.rows.push(Pending {
            at,
            actor: actor.to_string(),
            kind,
            record,
            record_id,
            details,
        });
    }

    /// Write every noted event; returns how many.
    fn write(&mut self, db: &Db) -> Result<u64, StoreError> {
        self.rows.sort_by_key(|e| e.at);
        let n = self.rows.len() as u64;
        for e in self.rows.drain(..) {
            db.add_event(e.at, &e.actor, e.kind, e.record, e.record_id, e.details)?;
        }
        Ok(n)
    }
}

// ---------------------------------------------------------------------------
// Referral cards and follow-ups: the application's writes, with their events.

/// Who works the referrals and what they choose from: the catalog's lines
/// (by index), needs, products, objections and channels, and the roster.
struct Desk {
    lines: Vec<String>,
    /// The manager who accepts each line's cards (the lobby manager if the
    /// roster has nobody in the line's role).
    managers: Vec<String>,
    needs: Vec<Vec<String>>,
    products: Vec<Vec<String>>,
    objections: Vec<String>,
    channels: Vec<String>,
    channel_weights: Vec<f64>,
    rules: Rules,
    lobby: String,
    head: String,
    tellers: Vec<String>,
}

impl Desk {
    fn new(catalog: &Catalog) -> Desk {
        let roster = roster();
        let lobby = lobby_manager();
        let with_role = |role: &str| {
            roster
                .iter()
                .find(|s| s.has_role(role))
                .map(|s| s.code.clone())
        };
        let lines: Vec<String> = catalog.lines.iter().map(|l| l.code.clone()).collect();
        let of_line = |entries: &[crate::config::Entry], line: &str| -> Vec<String> {
            let own: Vec<String> = entries
                .iter()
                .filter(|e| e.line.as_deref() == Some(line))
                .map(|e| e.code.clone())
                .collect();
            if own.is_empty() {
                vec![line.to_string()]
            } else {
                own
            }
        };
        Desk {
            managers: catalog
                .lines
                .iter()
                .map(|l| {
                    l.role
                        .as_deref()
                        .and_then(with_role)
                        .unwrap_or_else(|| lobby.clone())
                })
                .collect(),
            needs: lines.iter().map(|l| of_line(&catalog.needs, l)).collect(),
            products: lines
                .iter()
                .map(|l| of_line(&catalog.products, l))
                .collect(),
            lines,
            objections: catalog.objections.iter().map(|o| o.code.clone()).collect(),
            channels: catalog.channels.iter().map(|c| c.code.clone()).collect(),
            channel_weights: catalog
                .channels
                .iter()
                .map(|c| match c.code.as_str() {
                    "phone" => 45.0,
                    "wechat" => 25.0,
                    "branch" => 12.0,
                    "sms" => 10.0,
                    "visit" => 5.0,
                    _ => 8.0,
                })
                .collect(),
            rules: Rules {
                cadence_days: catalog.followup.cadence_days.clone(),
                alert_days: catalog.followup.overdue_alert_days,
                escalate_days: catalog.followup.escalate_days,
            },
            head: with_role("head").unwrap_or_else(|| lobby.clone()),
            tellers: roster
                .iter()
                .filter(|s| s.has_role("teller"))
                .map(|s| s.code.clone())
                .collect(),
            lobby,
        }
    }

    /// Days from a contact (or the prospect's start, `k = 0`) to the next one.
    fn cadence(&self, k: usize) -> i64 {
        let epoch = NaiveDate::default();
        (followup::next_due(&self.rules, k, epoch) - epoch).num_days()
    }

    /// The first contact of a prospect made today, as the application proposes it.
    fn first_due(&self, today: NaiveDate) -> NaiveDate {
        followup::next_due(&self.rules, 0, today)
    }

    fn need(&self, rng: &mut Rng, line: usize) -> String {
        rng.pick(&self.needs[line]).clone()
    }

    /// The product a contract for `need` on `line` is in.
    fn product(&self, rng: &mut Rng, line: usize, need: &str) -> String {
        let products = &self.products[line];
        let usual = data().need_products.get(need).map_or(need, String::as_str);
        match products.iter().find(|p| *p == usual) {
            Some(p) => p.clone(),
            None => rng.pick(products).clone(),
        }
    }

    fn channel(&self, rng: &mut Rng) -> String {
        if self.channels.is_empty() {
            return "phone".to_string();
        }
        self.channels[rng.weighted(&self.channel_weights)].clone()
    }

    fn objection(&self, rng: &mut Rng) -> String {
        if self.objections.is_empty() {
            return "other".to_string();
        }
        rng.pick(&self.objections).clone()
    }

    /// Another line than `line`, if the catalog has one.
    fn other_line(&self, rng: &mut Rng, line: usize) -> Option<usize> {
        let n = self.lines.len();
        (n > 1).then(|| (line + 1 + rng.below(n as u64 - 1) as usize) % n)
    }
}

/// A teller's note on a card for `need`.
fn card_note(rng: &mut Rng, need: &str) -> String {
    let notes = &data().notes;
    let list = notes
        .by_need
        .get(need)
        .filter(|l| !l.is_empty())
        .unwrap_or(&notes.any);
    rng.pick(list).clone()
}

/// The amount of a contract in `product`, in cents: between the demo's low
/// and high for the product, evenly on a log scale, in whole thousands of yuan.
fn amount_cents(rng: &mut Rng, product: &str) -> i64 {
    let amounts = &data().amounts;
    let (lo, hi) = amounts
        .get(product)
        .or(amounts.get("any"))
        .copied()
        .unwrap_or((10_000, 2_000_000));
    let yuan = rng
        .between((lo.max(1) as f64).ln(), (hi.max(lo).max(1) as f64).ln())
        .exp();
    let thousands = ((yuan / 1000.0).round() as i64).max(1);
    thousands * 1000 * 100
}

/// A moment of `day`'s working hours (09:15 to 17:15 local).
fn at_work(rng: &mut Rng, day: NaiveDate, offset: FixedOffset) -> DateTime<Utc> {
    local_time(day, OPENS_AT_HOUR, offset) + Duration::seconds(900 + rng.below(8 * 3600) as i64)
}

/// `from` plus `lo` to `hi` minutes, but never past `limit`: at most half of
/// the time left until then.
fn later(
    rng: &mut Rng,
    from: DateTime<Utc>,
    lo: f64,
    hi: f64,
    limit: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let mut secs = (rng.between(lo, hi) * 60.0) as i64;
    if let Some(limit) = limit {
        secs = secs.min((limit - from).num_seconds().max(0) / 2);
    }
    from + Duration::seconds(secs)
}

/// The day itself, or the Saturday before a Sunday (the branch is closed).
fn open_day(day: NaiveDate) -> NaiveDate {
    if day.weekday() == Weekday::Sun {
        day - Duration::days(1)
    } else {
        day
    }
}

/// The card form (`r`) saved: the client's answer on being contacted
/// (`client.consent`), the card, and `card.add`.
#[allow(clippy::too_many_arguments)]
fn new_card(
    db: &Db,
    log: &mut EventLog,
    ticket: Option<i64>,
    client: i64,
    referrer: &str,
    line: &str,
    need: &str,
    consent: bool,
    at: DateTime<Utc>,
    rng: &mut Rng,
) -> Result<Card, StoreError> {
    db.set_consent(client, consent, referrer, at)?;
    log.add(
        at,
        referrer,
        "client.consent",
        "client",
        Some(client),
        json!({"consent": consent, "ticket": ticket}),
    );
    let note = card_note(rng, need);
    let c = db.insert_card(&Card::new(
        ticket, client, referrer, line, need, &note, consent, at,
    ))?;
    log.add(
        at,
        referrer,
        "card.add",
        "card",
        Some(c.id),
        json!({"ticket": ticket, "line": line, "need": need, "consent": consent}),
    );
    Ok(c)
}

/// A client taken down on the card form: found by mobile, or added (with
/// `client.add`), their name and mobile filled in where missing.
fn take_down(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    who: &str,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let (name, mobile) = made_up_client(rng);
    let (id, created) = db.find_or_add_client(Some(&name), Some(&mobile), at)?;
    if created {
        log.add(at, who, "client.add", "client", Some(id), json!({}));
    }
    db.complete_client(id, &name, &mobile)?;
    Ok(id)
}

/// Save a card step if nobody changed the card meanwhile; `None` if the
/// domain refused the step or the card changed.
fn card_step(
    db: &Db,
    old: &Card,
    new: Result<Card, card::CardRefusal>,
) -> Result<Option<Card>, StoreError> {
    let Ok(new) = new else {
        return Ok(None);
    };
    Ok(db.update_card(old, &new)?.then_some(new))
}

/// `a` in a line pane.
fn accept_card(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    who: &str,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    let new = card_step(db, c, card::accept(c, who, at))?;
    if new.is_some() {
        log.add(
            at,
            who,
            "card.accept",
            "card",
            Some(c.id),
            json!({"receiver": who}),
        );
    }
    Ok(new)
}

/// `o` in a line pane: the receiver records the outcome.
fn record_outcome(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    who: &str,
    outcome: &Outcome,
    note: Option<String>,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    let new = card_step(db, c, card::record(c, who, outcome, note, at))?;
    if let Some(n) = &new {
        log.add(
            at,
            who,
            "card.outcome",
            "card",
            Some(c.id),
            json!({"status": n.status.as_str(), "product": n.product,
                   "amount_cents": n.amount_cents, "objection": n.objection}),
        );
    }
    Ok(new)
}

/// The closing sweep: a card left open goes on the follow-up list.
fn sweep_card(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    who: &str,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    let new = card_step(db, c, card::settle(c, &Outcome::NotNow, None, at))?;
    if let Some(n) = &new {
        log.add(
            at,
            who,
            "card.outcome",
            "card",
            Some(c.id),
            json!({"status": n.status.as_str(), "sweep": true}),
        );
    }
    Ok(new)
}

/// `t` in a line pane: the parent closes as referred, the child opens on `line`.
#[allow(clippy::too_many_arguments)]
fn refer_card(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    c: &Card,
    who: &str,
    line: &str,
    need: &str,
    at: DateTime<Utc>,
) -> Result<Option<(Card, Card)>, StoreError> {
    let note = rng.pick(&data().notes.refer_notes).clone();
    let Ok((closed, child)) = card::refer_on(c, who, line, need, &note, at) else {
        return Ok(None);
    };
    if card::check_duplicate(&db.client_cards_on_line(c.client_id, line)?).is_err()
        || !db.update_card(c, &closed)?
    {
        return Ok(None);
    }
    let child = db.insert_card(&child)?;
    log.add(
        at,
        who,
        "card.refer",
        "card",
        Some(c.id),
        json!({"child": child.id, "line": line}),
    );
    log.add(
        at,
        who,
        "card.add",
        "card",
        Some(child.id),
        json!({"parent": c.id, "line": line, "need": need, "consent": child.consent}),
    );
    Ok(Some((closed, child)))
}

/// A card that did not sign today becomes a prospect, owned by its receiver
/// (or whoever settled it), first due at the cadence's first step.
fn card_prospect(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    owner: &str,
    due: NaiveDate,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let id = db.add_prospect(
        &NewProspect {
            client_id: c.client_id,
            owner: owner.to_string(),
            source_card: Some(c.id),
            line: Some(c.line.clone()),
            next_due: due,
        },
        at,
    )?;
    log.add(
        at,
        actor,
        "prospect.add",
        "prospect",
        Some(id),
        json!({"card": c.id, "owner": owner, "next_due": due.to_string()}),
    );
    Ok(id)
}

/// `l` on the Follow-ups tab: a contact logged, the next one due.
#[allow(clippy::too_many_arguments)]
fn log_contact(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    desk: &Desk,
    prospect: i64,
    by: &str,
    due: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let texts = &data().contact;
    let channel = desk.channel(rng);
    let summaries = texts
        .summary
        .get(&channel)
        .or(texts.summary.get("any"))
        .filter(|l| !l.is_empty())
        .expect("data/demo.toml has contact summaries for any channel");
    db.add_contact(&Contact {
        prospect_id: prospect,
        at,
        by: by.to_string(),
        channel: channel.clone(),
        summary: rng.pick(summaries).clone(),
        result: rng.pick(&texts.result).clone(),
        next_step: rng.pick(&texts.next_step).clone(),
        next_due: Some(due),
    })?;
    log.add(
        at,
        by,
        "prospect.contact",
        "prospect",
        Some(prospect),
        json!({"channel": channel, "next_due": due.to_string()}),
    );
    Ok(())
}

/// `w`: the prospect is won; its source card becomes contracted and the
/// chain's original referrer is credited. Returns whether the card was.
#[allow(clippy::too_many_arguments)]
fn win(
    db: &Db,
    log: &mut EventLog,
    prospect: i64,
    source: Option<&Card>,
    product: &str,
    amount: i64,
    who: &str,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    if !db.end_prospect(
        prospect,
        Stage::Won,
        None,
        Some(product),
        Some(amount),
        "",
        at,
    )? {
        return Ok(None);
    }
    log.add(
        at,
        who,
        "prospect.won",
        "prospect",
        Some(prospect),
        json!({"product": product, "amount_cents": amount}),
    );
    let Some(source) = source else {
        return Ok(None);
    };
    let chain = db.chain(source.root_id.unwrap_or(source.id))?;
    let credited = card::credited(&chain)
        .unwrap_or(&source.referrer)
        .to_string();
    let won = card_step(db, source, card::win_later(source, product, amount, at))?;
    if won.is_some() {
        log.add(
            at,
            who,
            "card.contracted",
            "card",
            Some(source.id),
            json!({"product": product, "amount_cents": amount, "credited": credited,
                   "prospect": prospect}),
        );
    }
    Ok(won)
}

/// `L`: lost, with a reason.
fn lose(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    prospect: i64,
    reason: &str,
    who: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let note = rng.pick(&data().notes.lost_notes).clone();
    let done = db.end_prospect(prospect, Stage::Lost, Some(reason), None, None, &note, at)?;
    if done {
        log.add(
            at,
            who,
            "prospect.lost",
            "prospect",
            Some(prospect),
            json!({"reason": reason}),
        );
    }
    Ok(done)
}

/// `b`: handed back to the branch head's pool.
fn hand_back(
    db: &Db,
    log: &mut EventLog,
    prospect: i64,
    owner: &str,
    who: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = db.end_prospect(prospect, Stage::HandedBack, None, None, None, "", at)?;
    if done {
        log.add(
            at,
            who,
            "prospect.hand_back",
            "prospect",
            Some(prospect),
            json!({"owner": owner}),
        );
    }
    Ok(done)
}

// ---------------------------------------------------------------------------
// The morning's cards and the follow-up list.

/// Today's referral cards, flagged by the tellers on the morning's tickets
/// with known clients where there are (a client is taken down on the card
/// otherwise, as the card form does). On the first line: a new card for a
/// client still at a counter, one accepted by the line's manager and one
/// contracted; on the second: a new one (the client said no to being
/// contacted) and one accepted and referred on to the first line, where the
/// child card waits with its chain. Each card at a plausible time after its
/// ticket started; all before `now`.
fn morning_cards(
    db: &Db,
    log: &mut EventLog,
    desk: &Desk,
    rng: &mut Rng,
    tickets: &[Ticket],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if desk.lines.is_empty() {
        return Ok(());
    }
    let (first, second) = (0, usize::from(desk.lines.len() > 1));
    let limit = Some(now);

    // Clients still in the lobby: at a counter, then waiting.
    let mut in_lobby: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| t.status == Status::Serving)
        .collect();
    in_lobby.sort_by_key(|t| (t.counter, t.id));
    let mut waiting: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| t.status == Status::Waiting)
        .collect();
    waiting.sort_by_key(|t| (t.client_id.is_none(), t.arrived_at));
    in_lobby.extend(waiting);
    for (k, line) in [first, second].into_iter().enumerate() {
        let Some(t) = in_lobby.get(k) else {
            continue;
        };
        let from = t.started_at.unwrap_or(t.arrived_at);
        let at = from + (now - from) * 2 / 3;
        counter_card(db, log, desk, rng, t, line, k == 0, at)?;
    }

    // Served this morning, known clients first, the earliest first.
    let mut done: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| t.status == Status::Done && t.started_at.is_some())
        .collect();
    done.sort_by_key(|t| (t.client_id.is_none(), t.finished_at));
    done.truncate(3);
    done.sort_by_key(|t| t.finished_at);
    let during = |t: &Ticket, rng: &mut Rng| {
        let from = t.started_at.unwrap_or(t.arrived_at);
        let to = t.finished_at.unwrap_or(now);
        from + (to - from) * (40 + rng.below(50) as i32) / 100
    };
    let manager = |line: usize| desk.managers[line].as_str();
    // Contracted on the first line.
    if let Some(t) = done.first() {
        let at = during(t, rng);
        if let Some(c) = counter_card(db, log, desk, rng, t, first, true, at)? {
            let at = later(rng, at, 3.0, 10.0, limit);
            if let Some(c) = accept_card(db, log, &c, manager(first), at)? {
                let product = desk.product(rng, first, &c.need);
                let outcome = Outcome::Contracted {
                    amount_cents: amount_cents(rng, &product),
                    product,
                };
                let at = later(rng, at, 10.0, 25.0, limit);
                record_outcome(db, log, &c, manager(first), &outcome, None, at)?;
            }
        }
    }
    // Accepted on the second line and referred on to the first.
    if let Some(t) = done.get(1) {
        let at = during(t, rng);
        if let Some(c) = counter_card(db, log, desk, rng, t, second, true, at)? {
            let at = later(rng, at, 3.0, 10.0, limit);
            if let Some(c) = accept_card(db, log, &c, manager(second), at)? {
                let at = later(rng, at, 8.0, 15.0, limit);
                let need = desk.need(rng, first);
                if first != second {
                    let to = &desk.lines[first];
                    refer_card(db, log, rng, &c, manager(second), to, &need, at)?;
                }
            }
        }
    }
    // Accepted on the first line: the manager is with the client.
    if let Some(t) = done.get(2) {
        let at = during(t, rng);
        if let Some(c) = counter_card(db, log, desk, rng, t, first, true, at)? {
            let at = later(rng, at, 3.0, 10.0, limit);
            accept_card(db, log, &c, manager(first), at)?;
        }
    }
    Ok(())
}

/// A card flagged on a ticket of the lobby: by its teller (the lobby manager
/// for a ticket not yet called), for its client or one taken down now.
/// `None` when the client already has an open card on that line.
#[allow(clippy::too_many_arguments)]
fn counter_card(
    db: &Db,
    log: &mut EventLog,
    desk: &Desk,
    rng: &mut Rng,
    t: &Ticket,
    line: usize,
    consent: bool,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    let referrer = t.teller.clone().unwrap_or_else(|| desk.lobby.clone());
    let client = match t.client_id {
        Some(id) => id,
        None => {
            let id = take_down(db, log, rng, &referrer, at)?;
            db.set_ticket_client(t.id, id)?;
            id
        }
    };
    let code = &desk.lines[line];
    if card::check_duplicate(&db.client_cards_on_line(client, code)?).is_err() {
        return Ok(None);
    }
    let need = desk.need(rng, line);
    let c = new_card(
        db,
        log,
        Some(t.id),
        client,
        &referrer,
        code,
        &need,
        consent,
        at,
        rng,
    )?;
    Ok(Some(c))
}

/// How a prospect of an earlier day came to the list.
#[derive(Clone, Copy, PartialEq)]
enum Came {
    /// Its card ended as intent (documents pending): the card stays open.
    Intent,
    NotNow,
    ClientLeft,
    /// Added by hand from the client's record, by the lobby manager.
    ByHand,
}

/// A prospect of an earlier day, as it stands this morning.
struct Earlier {
    /// Index into the catalog's lines (the last one if there are fewer).
    line: usize,
    came: Came,
    consent: bool,
    /// Contacts logged, each on the day it was due.
    contacts: usize,
    /// Days from today to the next contact due; for an ended prospect, to
    /// the day it ended.
    due: i64,
    ended: Option<Stage>,
}

/// Overdue by more than the escalation threshold: two days past it.
const ESCALATED: i64 = i64::MIN;

/// The follow-up list of the demo morning: each line's manager has prospects
/// due today, overdue (one for more than the escalation threshold), upcoming
/// and ended lately, one client has not agreed to be contacted, and the lobby
/// manager has one added by hand.
const EARLIER: [Earlier; 12] = [
    // line, how it came, consent, contacts, due (days from today), ended
    earlier(0, Came::NotNow, true, 1, 0, None),
    earlier(0, Came::Intent, true, 0, -2, None),
    earlier(0, Came::NotNow, true, 1, ESCALATED, None),
    earlier(0, Came::ClientLeft, true, 2, 3, None),
    earlier(0, Came::NotNow, false, 0, 1, None),
    earlier(0, Came::Intent, true, 2, -3, Some(Stage::Won)),
    earlier(1, Came::NotNow, true, 0, 0, None),
    earlier(1, Came::Intent, true, 1, -4, None),
    earlier(1, Came::ClientLeft, true, 1, 5, None),
    earlier(1, Came::NotNow, true, 1, -6, Some(Stage::Lost)),
    earlier(1, Came::NotNow, true, 0, -2, Some(Stage::HandedBack)),
    earlier(1, Came::ByHand, true, 0, -1, None),
];

const fn earlier(
    line: usize,
    came: Came,
    consent: bool,
    contacts: usize,
    due: i64,
    ended: Option<Stage>,
) -> Earlier {
    Earlier {
        line,
        came,
        consent,
        contacts,
        due,
        ended,
    }
}

/// Write [`EARLIER`]: each prospect's card of an earlier day (flagged by a
/// teller, accepted by the line's manager, its outcome recorded), the
/// prospect, its contacts on the days they were due, and its end; every step
/// with its event, on the day it happened.
fn earlier_prospects(
    db: &Db,
    log: &mut EventLog,
    desk: &Desk,
    rng: &mut Rng,
    today: NaiveDate,
    offset: FixedOffset,
) -> Result<(), StoreError> {
    if desk.lines.is_empty() {
        return Ok(());
    }
    for e in &EARLIER {
        let line = e.line.min(desk.lines.len() - 1);
        let code = &desk.lines[line];
        let due = match e.due {
            ESCALATED => -(desk.rules.escalate_days + 2),
            d => d,
        };
        let last = today - Duration::days(1);
        let target = today + Duration::days(due);
        // Going back from the last due date: each contact on the date the one
        // before set, the first on the prospect's first due date.
        let mut dues = vec![target];
        for k in (1..=e.contacts).rev() {
            let before = *dues.last().expect("one") - Duration::days(desk.cadence(k));
            dues.push(before.min(last));
        }
        dues.reverse();
        let created = open_day(dues[0] - Duration::days(desk.cadence(0))).min(last);

        let start = at_work(rng, created, offset);
        let teller = match desk.tellers.is_empty() {
            true => desk.lobby.clone(),
            false => rng.pick(&desk.tellers).clone(),
        };
        let manager = desk.managers[line].clone();
        let (id, owner, source) = if e.came == Came::ByHand {
            // The Follow-ups tab's form: no event for the client itself.
            let (name, mobile) = made_up_client(rng);
            let (client, _) = db.find_or_add_client(Some(&name), Some(&mobile), start)?;
            db.complete_client(client, &name, &mobile)?;
            let owner = desk.lobby.clone();
            db.set_consent(client, e.consent, &owner, start)?;
            if db.open_prospect(client, Some(code))?.is_some() {
                continue;
            }
            let id = db.add_prospect(
                &NewProspect {
                    client_id: client,
                    owner: owner.clone(),
                    source_card: None,
                    line: Some(code.clone()),
                    next_due: dues[0],
                },
                start,
            )?;
            let need = desk.need(rng, line);
            let note = card_note(rng, &need);
            log.add(
                start,
                &owner,
                "prospect.add",
                "prospect",
                Some(id),
                json!({"by_hand": true, "note": note, "consent": e.consent}),
            );
            (id, owner, None)
        } else {
            let client = take_down(db, log, rng, &teller, start)?;
            if card::check_duplicate(&db.client_cards_on_line(client, code)?).is_err()
                || db.open_prospect(client, Some(code))?.is_some()
            {
                continue;
            }
            let need = desk.need(rng, line);
            let c = new_card(
                db, log, None, client, &teller, code, &need, e.consent, start, rng,
            )?;
            let at = later(rng, start, 4.0, 12.0, None);
            let Some(c) = accept_card(db, log, &c, &manager, at)? else {
                continue;
            };
            let outcome = match e.came {
                Came::Intent => Outcome::Intent,
                Came::ClientLeft => Outcome::ClientLeft,
                _ => Outcome::NotNow,
            };
            let at = later(rng, at, 10.0, 30.0, None);
            let Some(c) = record_outcome(db, log, &c, &manager, &outcome, None, at)? else {
                continue;
            };
            let id = card_prospect(db, log, &c, &manager, dues[0], &manager, at)?;
            (id, manager.clone(), Some(c))
        };
        for (k, day) in dues[..e.contacts].iter().enumerate() {
            let at = at_work(rng, open_day(*day), offset);
            log_contact(db, log, rng, desk, id, &owner, dues[k + 1], at)?;
        }
        let at = at_work(rng, open_day(target), offset);
        match e.ended {
            Some(Stage::Won) => {
                let need = source
                    .as_ref()
                    .map_or_else(|| desk.need(rng, line), |c| c.need.clone());
                let product = desk.product(rng, line, &need);
                let amount = amount_cents(rng, &product);
                win(db, log, id, source.as_ref(), &product, amount, &owner, at)?;
            }
            Some(Stage::Lost) => {
                let reason = desk.objection(rng);
                lose(db, log, rng, id, &reason, &owner, at)?;
            }
            Some(Stage::HandedBack) => {
                hand_back(db, log, id, &owner, &owner, at)?;
            }
            _ => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// History: the referrals of finished business days and their follow-ups.

/// How a card turns out on the day it is flagged.
#[derive(Clone, Copy, PartialEq)]
enum Turn {
    Contracted,
    Declined,
    Intent,
    NotNow,
    ClientLeft,
    /// The client left before anyone accepted: the closing sweep puts the
    /// card on the lobby manager's follow-up list.
    LeftUnaccepted,
    /// Referred on to another line, whose manager works the child card.
    Refer,
    /// Accepted, but no outcome recorded by closing: swept to the follow-up
    /// list, now and then straight to the branch head's pool.
    Swept,
}

/// Days after a card before the same client is referred again.
const REFERRAL_PAUSE_DAYS: i64 = 21;

/// Turns and their weights (per cent) for a card from the counter; a child
/// card is not referred on again.
const TURNS: [(Turn, f64); 8] = [
    (Turn::Contracted, 20.0),
    (Turn::Declined, 10.0),
    (Turn::Intent, 15.0),
    (Turn::NotNow, 24.0),
    (Turn::ClientLeft, 8.0),
    (Turn::LeftUnaccepted, 8.0),
    (Turn::Refer, 5.0),
    (Turn::Swept, 10.0),
];

/// What a prospect came from: it sets the odds of how it ends.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Intent,
    FollowUp,
    /// Declined, kept on the list by choice.
    Declined,
}

/// An open prospect of the history, as far as the generator follows it.
struct Followed {
    id: i64,
    client: i64,
    line: usize,
    owner: String,
    /// The source card as stored now.
    card: Option<Card>,
    contacts: usize,
    /// Contacts before it ends.
    planned: usize,
    /// How it ends.
    fate: Stage,
    next_due: NaiveDate,
    rescheduled: bool,
    reassigned: bool,
    /// Handed back and waiting for the branch head to reassign it.
    in_pool: bool,
    /// Its entry on the agenda (older entries are stale).
    step: u64,
}

/// The history's referral desk: makes each day's cards and follows every
/// prospect from one business day to the next.
struct Referrals {
    desk: Desk,
    offset: FixedOffset,
    /// Cards per visit.
    rate: f64,
    followed: HashMap<i64, Followed>,
    /// (client, line) of every open prospect.
    open_prospects: HashMap<(i64, usize), i64>,
    /// (client, line) of every open card (intent) left from an earlier day.
    open_cards: HashSet<(i64, usize)>,
    /// The answer each client gave on being contacted, once asked.
    consent: HashMap<i64, bool>,
    /// The day of each client's latest card.
    last_card: HashMap<i64, NaiveDate>,
    /// (day, order, prospect): the next step of each followed prospect.
    agenda: BinaryHeap<Reverse<(NaiveDate, u64, i64)>>,
    order: u64,
    cards: u64,
    prospects: u64,
    contacts: u64,
}

impl Referrals {
    fn new(
        catalog: &Catalog,
        visits_per_day: u32,
        cards_per_day: u32,
        offset: FixedOffset,
    ) -> Referrals {
        Referrals {
            desk: Desk::new(catalog),
            offset,
            rate: f64::from(cards_per_day) / f64::from(visits_per_day.max(1)),
            followed: HashMap::new(),
            open_prospects: HashMap::new(),
            open_cards: HashSet::new(),
            consent: HashMap::new(),
            last_card: HashMap::new(),
            agenda: BinaryHeap::new(),
            order: 0,
            cards: 0,
            prospects: 0,
            contacts: 0,
        }
    }

    /// One business day: the cards flagged on its served known clients and
    /// worked the same day, then the follow-ups that fell due since the day
    /// before (a Sunday's on Monday).
    fn day(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        rng: &mut Rng,
        day: NaiveDate,
        tickets: &[Ticket],
    ) -> Result<(), StoreError> {
        if self.desk.lines.is_empty() {
            return Ok(());
        }
        self.cards_of_day(db, log, rng, day, tickets)?;
        while let Some(Reverse((when, step, id))) = self.agenda.peek().copied() {
            if when > day {
                break;
            }
            self.agenda.pop();
            if self.followed.get(&id).is_some_and(|p| p.step == step) {
                let p = self.followed.remove(&id).expect("just seen");
                self.follow(db, log, rng, p, day)?;
            }
        }
        Ok(())
    }

    fn blocked(&self, client: i64, line: usize) -> bool {
        self.open_cards.contains(&(client, line))
            || self.open_prospects.contains_key(&(client, line))
    }

    /// The line a card for a visit to `service` goes to: wealth for wealth
    /// advice and VIPs, credit for loan advice and more often for companies.
    fn line_for(&self, rng: &mut Rng, service: &str) -> usize {
        let wealth = match service {
            "C" | "V" => 0.85,
            "L" => 0.1,
            "B" => 0.35,
            _ => 0.6,
        };
        let weights: Vec<f64> = self
            .desk
            .lines
            .iter()
            .map(|l| match l.as_str() {
                "wealth" => wealth,
                "credit" => 1.0 - wealth,
                _ => 0.1,
            })
            .collect();
        rng.weighted(&weights)
    }

    fn cards_of_day(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        rng: &mut Rng,
        day: NaiveDate,
        tickets: &[Ticket],
    ) -> Result<(), StoreError> {
        let wanted = (self.rate * tickets.len() as f64 * (1.0 + 0.08 * rng.normal()))
            .round()
            .max(0.0) as usize;
        let mut candidates: Vec<&Ticket> = tickets
            .iter()
            .filter(|t| t.status == Status::Done && t.client_id.is_some())
            .collect();
        // Chosen at random: nobody marketed to again within a few weeks,
        // never a second open card or prospect on the line (争抢客户, 重复营销).
        let mut chosen: Vec<(&Ticket, usize)> = Vec::with_capacity(wanted);
        let mut i = 0;
        while chosen.len() < wanted && i < candidates.len() {
            let j = i + rng.below((candidates.len() - i) as u64) as usize;
            candidates.swap(i, j);
            let t = candidates[i];
            i += 1;
            let client = t.client_id.expect("known clients only");
            let pause = |d: &NaiveDate| (day - *d).num_days() < REFERRAL_PAUSE_DAYS;
            if self.last_card.get(&client).is_some_and(pause) {
                continue;
            }
            let mut line = self.line_for(rng, &t.service);
            if self.blocked(client, line) {
                match self.desk.other_line(rng, line) {
                    Some(other) if !self.blocked(client, other) => line = other,
                    _ => continue,
                }
            }
            self.last_card.insert(client, day);
            chosen.push((t, line));
        }
        chosen.sort_by_key(|(t, _)| (t.started_at, t.id));
        for (t, line) in chosen {
            let client = t.client_id.expect("known clients only");
            // Mostly the teller at the counter; now and then the lobby
            // manager, talking with someone who waits.
            let (referrer, at) = match (&t.teller, t.started_at, t.finished_at) {
                (Some(teller), Some(s), Some(f)) if !rng.chance(0.1) => (
                    teller.clone(),
                    s + (f - s) * (20 + rng.below(75) as i32) / 100,
                ),
                _ => {
                    let called = t.called_at.unwrap_or(t.arrived_at);
                    let waited = (called - t.arrived_at) * (10 + rng.below(80) as i32) / 100;
                    (self.desk.lobby.clone(), t.arrived_at + waited)
                }
            };
            let consent = *self
                .consent
                .entry(client)
                .or_insert_with(|| rng.chance(0.9));
            let need = self.desk.need(rng, line);
            let code = self.desk.lines[line].clone();
            let c = new_card(
                db,
                log,
                Some(t.id),
                client,
                &referrer,
                &code,
                &need,
                consent,
                at,
                rng,
            )?;
            self.cards += 1;
            self.work(db, log, rng, day, c, line, true)?;
        }
        Ok(())
    }

    /// The line's manager works a card the day it is flagged.
    #[allow(clippy::too_many_arguments)]
    fn work(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        rng: &mut Rng,
        day: NaiveDate,
        c: Card,
        line: usize,
        may_refer: bool,
    ) -> Result<(), StoreError> {
        let desk = &self.desk;
        let manager = desk.managers[line].clone();
        let lobby = desk.lobby.clone();
        let closing = local_time(day, OPENS_AT_HOUR + HOURLY.len() as u32, self.offset)
            + Duration::minutes(30);
        let weights: Vec<f64> = TURNS
            .iter()
            .map(|(t, w)| {
                if *t == Turn::Refer && !may_refer {
                    0.0
                } else {
                    *w
                }
            })
            .collect();
        let mut turn = TURNS[rng.weighted(&weights)].0;
        let refer_to = match turn {
            Turn::Refer => desk
                .other_line(rng, line)
                .filter(|to| !self.blocked(c.client_id, *to)),
            _ => None,
        };
        if turn == Turn::Refer && refer_to.is_none() {
            turn = Turn::NotNow;
        }
        if turn == Turn::LeftUnaccepted {
            let at = closing.max(c.created_at + Duration::minutes(30));
            if let Some(c) = sweep_card(db, log, &c, &lobby, at)? {
                self.keep(db, log, rng, day, &c, &lobby, &lobby, Kind::FollowUp, at)?;
            }
            return Ok(());
        }
        let at = later(rng, c.created_at, 2.0, 15.0, None);
        let Some(c) = accept_card(db, log, &c, &manager, at)? else {
            return Ok(());
        };
        let at = later(rng, at, 5.0, 40.0, None);
        let outcome = match turn {
            Turn::Contracted => {
                let product = self.desk.product(rng, line, &c.need);
                Outcome::Contracted {
                    amount_cents: amount_cents(rng, &product),
                    product,
                }
            }
            Turn::Declined => Outcome::Declined {
                objection: self.desk.objection(rng),
            },
            Turn::Intent => Outcome::Intent,
            Turn::NotNow => Outcome::NotNow,
            Turn::ClientLeft => Outcome::ClientLeft,
            Turn::Refer => {
                let to = refer_to.expect("checked");
                let need = self.desk.need(rng, to);
                let code = self.desk.lines[to].clone();
                if let Some((_, child)) = refer_card(db, log, rng, &c, &manager, &code, &need, at)?
                {
                    self.cards += 1;
                    self.work(db, log, rng, day, child, to, false)?;
                }
                return Ok(());
            }
            Turn::Swept | Turn::LeftUnaccepted => {
                let at = closing.max(at + Duration::minutes(10));
                if let Some(c) = sweep_card(db, log, &c, &lobby, at)? {
                    let p =
                        self.keep(db, log, rng, day, &c, &manager, &lobby, Kind::FollowUp, at)?;
                    let swept = p.filter(|_| rng.chance(0.15));
                    if let Some(p) = swept.and_then(|id| self.followed.remove(&id)) {
                        self.end_now(db, log, rng, p, Stage::HandedBack, &lobby, at, day, true)?;
                    }
                }
                return Ok(());
            }
        };
        let note = match outcome {
            Outcome::Declined { .. } => Some(rng.pick(&data().notes.declined_notes).clone()),
            _ => None,
        };
        let Some(c) = record_outcome(db, log, &c, &manager, &outcome, note, at)? else {
            return Ok(());
        };
        let kind = match outcome {
            Outcome::Intent => Kind::Intent,
            Outcome::Declined { .. } if rng.chance(0.12) => Kind::Declined,
            Outcome::NotNow | Outcome::ClientLeft => Kind::FollowUp,
            _ => return Ok(()),
        };
        self.keep(db, log, rng, day, &c, &manager, &manager, kind, at)?;
        Ok(())
    }

    /// A card goes on the follow-up list (unless its client is already on it
    /// for the line, as the application does): the prospect, how it will end,
    /// and its first step on the agenda.
    #[allow(clippy::too_many_arguments)]
    fn keep(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        rng: &mut Rng,
        day: NaiveDate,
        c: &Card,
        owner: &str,
        actor: &str,
        kind: Kind,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let line = self.line_index(&c.line);
        if self.open_prospects.contains_key(&(c.client_id, line)) {
            return Ok(None);
        }
        let due = self.desk.first_due(day);
        let id = card_prospect(db, log, c, owner, due, actor, at)?;
        self.prospects += 1;
        if c.status.is_open() {
            self.open_cards.insert((c.client_id, line));
        }
        // (won, lost, handed back) and the weights of 0, 1, 2... contacts.
        let (ends, contacts): ([f64; 3], &[f64]) = match kind {
            Kind::Intent => ([55.0, 30.0, 15.0], &[35.0, 45.0, 20.0]),
            Kind::FollowUp => ([15.0, 55.0, 30.0], &[15.0, 30.0, 25.0, 20.0, 10.0]),
            Kind::Declined => ([10.0, 70.0, 20.0], &[40.0, 40.0, 20.0]),
        };
        let fate = [Stage::Won, Stage::Lost, Stage::HandedBack][rng.weighted(&ends)];
        let p = Followed {
            id,
            client: c.client_id,
            line,
            owner: owner.to_string(),
            card: Some(c.clone()),
            contacts: 0,
            planned: rng.weighted(contacts),
            fate,
            next_due: due,
            rescheduled: false,
            reassigned: false,
            in_pool: false,
            step: 0,
        };
        self.open_prospects.insert((c.client_id, line), id);
        self.schedule(rng, p);
        Ok(Some(id))
    }

    fn line_index(&self, code: &str) -> usize {
        self.desk.lines.iter().position(|l| l == code).unwrap_or(0)
    }

    /// Put the prospect's next step on the agenda: on its due date, or some
    /// days later when its owner is behind.
    fn schedule(&mut self, rng: &mut Rng, p: Followed) {
        let late = match rng.unit() {
            r if r < 0.75 => 0,
            r if r < 0.9 => 1 + rng.below(3),
            _ => 4 + rng.below(9),
        };
        self.push(p.next_due + Duration::days(late as i64), p);
    }

    fn push(&mut self, when: NaiveDate, mut p: Followed) {
        self.order += 1;
        p.step = self.order;
        self.agenda.push(Reverse((when, self.order, p.id)));
        self.followed.insert(p.id, p);
    }

    /// A prospect's step that fell due: the branch head reassigns it, or its
    /// owner logs a contact (asking for consent first where it is missing),
    /// reschedules it, or it ends as planned.
    fn follow(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        rng: &mut Rng,
        mut p: Followed,
        day: NaiveDate,
    ) -> Result<(), StoreError> {
        let mut at = at_work(rng, day, self.offset);
        if p.in_pool {
            return self.reassign(db, log, rng, p, day, at);
        }
        if p.contacts < p.planned && !self.consent.get(&p.client).copied().unwrap_or(true) {
            if rng.chance(0.4) {
                // Contacting them starts with recording their consent.
                db.set_consent(p.client, true, &p.owner, at)?;
                log.add(
                    at,
                    &p.owner,
                    "client.consent",
                    "client",
                    Some(p.client),
                    json!({"consent": true, "prospect": p.id}),
                );
                self.consent.insert(p.client, true);
                at += Duration::minutes(1);
            } else {
                p.planned = p.contacts;
                if p.fate == Stage::Won && !rng.chance(0.3) {
                    p.fate = Stage::HandedBack;
                }
            }
        }
        if p.contacts < p.planned {
            if !p.rescheduled && rng.chance(0.08) {
                let to = day + Duration::days(3 + rng.below(8) as i64);
                db.set_due(p.id, to)?;
                log.add(
                    at,
                    &p.owner,
                    "prospect.reschedule",
                    "prospect",
                    Some(p.id),
                    json!({"from": p.next_due.to_string(), "to": to.to_string()}),
                );
                p.rescheduled = true;
                p.next_due = to;
                self.schedule(rng, p);
                return Ok(());
            }
            p.contacts += 1;
            p.next_due = followup::next_due(&self.desk.rules, p.contacts, day);
            log_contact(db, log, rng, &self.desk, p.id, &p.owner, p.next_due, at)?;
            self.contacts += 1;
            if p.contacts < p.planned || rng.chance(0.5) {
                self.schedule(rng, p);
                return Ok(());
            }
            at += Duration::minutes(1 + rng.below(5) as i64);
        }
        let (fate, owner) = (p.fate, p.owner.clone());
        self.end_now(db, log, rng, p, fate, &owner, at, day, false)
    }

    /// End a followed prospect: won (its card contracted, the referrer
    /// credited), lost or handed back. An intent card still open is closed by
    /// its receiver in the pane: declined when lost, to follow-up when
    /// handed back. Some handed-back prospects go back on the agenda for the
    /// branch head to reassign.
    #[allow(clippy::too_many_arguments)]
    fn end_now(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        rng: &mut Rng,
        mut p: Followed,
        stage: Stage,
        who: &str,
        at: DateTime<Utc>,
        day: NaiveDate,
        sweep: bool,
    ) -> Result<(), StoreError> {
        if sweep {
            // Straight to the pool at the closing sweep.
            if db.end_prospect(p.id, Stage::HandedBack, None, None, None, "", at)? {
                log.add(
                    at,
                    who,
                    "prospect.hand_back",
                    "prospect",
                    Some(p.id),
                    json!({"sweep": true}),
                );
            }
        } else {
            match stage {
                Stage::Won => {
                    let need = p.card.as_ref().map(|c| c.need.clone());
                    let need = need.unwrap_or_else(|| self.desk.need(rng, p.line));
                    let product = self.desk.product(rng, p.line, &need);
                    let amount = amount_cents(rng, &product);
                    let card = p.card.take();
                    p.card = win(db, log, p.id, card.as_ref(), &product, amount, who, at)?;
                }
                Stage::Lost => {
                    let reason = if rng.chance(0.85) {
                        self.desk.objection(rng)
                    } else {
                        "other".to_string()
                    };
                    lose(db, log, rng, p.id, &reason, who, at)?;
                    if let Some(c) = p.card.as_ref().filter(|c| c.status.is_open()) {
                        let objection = match self.desk.objections.contains(&reason) {
                            true => reason.clone(),
                            false => self.desk.objection(rng),
                        };
                        let outcome = Outcome::Declined { objection };
                        let receiver = c.receiver.clone().unwrap_or_else(|| who.to_string());
                        let at = at + Duration::minutes(1);
                        p.card = record_outcome(db, log, c, &receiver, &outcome, None, at)?;
                    }
                }
                _ => {
                    hand_back(db, log, p.id, &p.owner, who, at)?;
                    if let Some(c) = p.card.as_ref().filter(|c| c.status.is_open()) {
                        let receiver = c.receiver.clone().unwrap_or_else(|| who.to_string());
                        let at = at + Duration::minutes(1);
                        p.card = record_outcome(db, log, c, &receiver, &Outcome::NotNow, None, at)?;
                    }
                }
            }
        }
        self.open_prospects.remove(&(p.client, p.line));
        self.open_cards.remove(&(p.client, p.line));
        if stage == Stage::HandedBack && !p.reassigned && rng.chance(0.3) {
            p.in_pool = true;
            self.push(day + Duration::days(1 + rng.below(4) as i64), p);
        }
        Ok(())
    }

    /// `R`: the branch head gives a handed-back prospect to someone who will
    /// look after it, unless the client is on the list for the line again.
    fn reassign(
        &mut self,
        db: &Db,
        log: &mut EventLog,
        rng: &mut Rng,
        mut p: Followed,
        day: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if self.open_prospects.contains_key(&(p.client, p.line)) {
            return Ok(());
        }
        // The lobby manager, or another line's manager; never the one who
        // handed it back.
        let mut staff: Vec<&String> = std::iter::once(&self.desk.lobby)
            .chain(&self.desk.managers)
            .filter(|s| **s != p.owner)
            .collect();
        staff.dedup();
        if staff.is_empty() {
            return Ok(());
        }
        let to = match rng.chance(0.6) {
            true => staff[0].clone(),
            false => rng.pick(&staff).to_string(),
        };
        let due = self.desk.first_due(day);
        if !db.reassign_prospect(p.id, &to, due)? {
            return Ok(());
        }
        log.add(
            at,
            &self.desk.head,
            "prospect.reassign",
            "prospect",
            Some(p.id),
            json!({"from": p.owner, "to": to, "stage": Stage::HandedBack.as_str()}),
        );
        p.owner = to;
        p.in_pool = false;
        p.reassigned = true;
        p.planned = p.contacts + 1 + rng.below(2) as usize;
        p.fate = if rng.chance(0.25) {
            Stage::Won
        } else {
            Stage::Lost
        };
        p.next_due = due;
        self.open_prospects.insert((p.client, p.line), p.id);
        self.schedule(rng, p);
        Ok(())
    }
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
    fn the_demo_texts_cover_the_shipped_catalog() {
        let catalog = Catalog::shipped();
        let d = data();
        for n in &catalog.needs {
            assert!(
                d.notes.by_need.contains_key(&n.code),
                "notes for {}",
                n.code
            );
        }
        for p in &catalog.products {
            let (lo, hi) = d.amounts[&p.code];
            assert!(10_000 <= lo && lo < hi && hi <= 2_000_000, "{}", p.code);
        }
        for c in &catalog.channels {
            assert!(d.contact.summary.contains_key(&c.code), "{}", c.code);
        }
        let desk = Desk::new(&catalog);
        assert_eq!(desk.managers, ["W01", "C01"]);
        assert_eq!(desk.head, "H01");
        assert_eq!(
            (0..5).map(|k| desk.cadence(k)).collect::<Vec<_>>(),
            [2, 7, 30, 30, 30]
        );
        let mut rng = Rng::new(3);
        assert_eq!(desk.product(&mut rng, 0, "deposit"), "cd");
        assert_eq!(desk.product(&mut rng, 1, "mortgage"), "mortgage");
    }

    #[test]
    fn amounts_stay_between_the_bounds_in_thousands() {
        let mut rng = Rng::new(9);
        for (product, (lo, hi)) in &data().amounts {
            for _ in 0..200 {
                let cents = amount_cents(&mut rng, product);
                assert_eq!(cents % 100_000, 0);
                let yuan = (cents / 100) as u64;
                assert!(*lo <= yuan && yuan <= *hi, "{product}: {yuan}");
            }
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
