//! A finished business day simulated: who came when, how the counters
//! called them and how each visit ended; the known clients who come back.
//! Nothing is written here: the history carries the plan out through the
//! operations.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use super::history::weekday_factor;
use super::mix::{catalog_service_index, local_time, Mix};
use super::rng::{made_up_client, mix_seed, Rng};
use super::{lobby_manager, tellers, HOURLY, OPENS_AT_HOUR};
use crate::config::Catalog;
use crate::domain::queue::{call_order, Fairness};
use crate::domain::ticket::{apply, Step, Ticket};

/// The known clients of the history: a pool whose member `k` always has the
/// same name and mobile for a seed. Some come often (the branch's regulars),
/// most now and then.
pub(super) struct Clients {
    seed: u64,
    size: u64,
}

impl Clients {
    pub(super) fn new(seed: u64, visits_per_day: u32, size: Option<u64>) -> Clients {
        Clients {
            seed,
            size: size.unwrap_or(u64::from(visits_per_day) * 50).max(100),
        }
    }

    /// Member `k`'s name and mobile, as they give them at the desk.
    pub(super) fn details(&self, k: u64) -> (String, String) {
        made_up_client(&mut Rng::new(mix_seed(self.seed, k)))
    }
}

/// One event of a simulated day, before the ticket has its id and number.
pub(super) struct DayEvent {
    pub(super) at: DateTime<Utc>,
    pub(super) ticket: usize,
    /// Index into the simulation's actors: 0 is the lobby manager.
    pub(super) actor: usize,
    /// `None` for the arrival.
    pub(super) step: Option<Step>,
}

/// A simulated day: tickets in arrival order (their final state, as the
/// referral desk plans on it; no ids or numbers), who each one was (a member
/// of [`Clients`]), and what happens to them, in time order.
pub(super) struct DayPlan {
    pub(super) tickets: Vec<Ticket>,
    pub(super) clients: Vec<Option<u64>>,
    pub(super) events: Vec<DayEvent>,
}

/// What a visit turns out to be.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Served,
    NoShow,
    Diverted,
}

pub(super) struct Simulation {
    mix: Mix,
    fairness: Fairness,
    max_calls: u32,
    divert_targets: Vec<String>,
    /// The lobby manager, then the tellers.
    pub(super) actors: Vec<String>,
    /// Counter of each teller in `actors[1..]`.
    counters: Vec<u32>,
    visits_per_day: f64,
    /// Shortens service times when the visits are more than the counters can serve.
    pace: f64,
}

impl Simulation {
    pub(super) fn new(catalog: &Catalog, visits_per_day: u32) -> Simulation {
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
    pub(super) fn day(
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
            plan.tickets.push(Ticket::planned(
                i as i64,
                day,
                service,
                priority,
                is_priority,
                at,
            ));
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

    /// Take a legal step and note it.
    fn step(&self, plan: &mut DayPlan, i: usize, actor: usize, step: Step, at: DateTime<Utc>) {
        let old = &plan.tickets[i];
        match apply(old, &step, at, None) {
            Ok(new) => {
                plan.events.push(DayEvent {
                    at,
                    ticket: i,
                    actor,
                    step: Some(step),
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
