//! A morning's queue in progress, with today's referral cards.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::cast::Cast;
use super::desk::{amount_cents, card_note, later, Desk};
use super::earlier::earlier_prospects;
use super::mix::{catalog_service_index, local_time, Mix};
use super::rng::{made_up_client, mix_seed, Rng};
use super::script::{Deed, Script};
use super::today::{dedicated_visitor, plan_setup};
use super::{lobby_manager, tellers};
use crate::clock::Clock;
use crate::config::Catalog;
use crate::domain::card::Outcome;
use crate::domain::ticket::{apply, Status, Step, Ticket};
use crate::store::{Store, StoreError};

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

    /// A visit for `counter`: of a service the counter takes (the one drawn
    /// if it does, else the counter's first).
    fn visit_at(&mut self, rng: &mut Rng, mix: &Mix, catalog: &Catalog, counter: u32) -> usize {
        let v = self.visit(rng, mix, 0.0);
        if let Some(c) = catalog.counter(counter) {
            let service = &mut self.visits[v].service;
            if !c.services.contains(service) {
                if let Some(first) = c.services.first() {
                    service.clone_from(first);
                }
            }
        }
        v
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
        let v = plan.visit_at(rng, &mix, catalog, *counter);
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
            let v = plan.visit_at(rng, &mix, catalog, *counter);
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

/// A morning's queue in progress today (the clock's local date): 25 to 30
/// tickets that came in over the last 90 minutes, most finished, a few
/// no-shows and diversions, a ticket at every counter, one on hold and six
/// waiting, the longest past the 15-minute alert. If it is not yet 90 minutes
/// since local midnight, the morning is compressed into the time there is.
///
/// The tellers flag today's referral cards on both lines (`morning_cards`),
/// and the follow-up list holds prospects of earlier days in every section
/// (`earlier_prospects`). All of it is planned first, then carried out
/// through the operations in the order things happened, each by the person
/// who did it, in one transaction; a step the state refuses (a counter
/// already busy from an earlier run) is left out.
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
    let mix = Mix::new(catalog);
    let walkin = (mix.services[0].0.clone(), mix.normal.clone());
    let mut referrals = Rng::new(mix_seed(0x5245_4645, today.num_days_from_ce() as u64));
    let mut script = Script::default();
    let tellers = tellers(catalog);
    let offset = clock.offset();
    let earlier = earlier_prospects(
        &mut script,
        &desk,
        &tellers,
        &walkin,
        &mut referrals,
        today,
        offset,
    );
    // The set-up of the day, before the first arrival; the dedicated client
    // who comes is the second one waiting.
    let setup = (at(longest) - Duration::minutes(5)).max(midnight);
    plan_setup(
        &mut script,
        &desk,
        &tellers,
        &earlier,
        setup,
        now,
        today,
        offset,
    );
    if let (Some(v), Some(client)) = (plan.visits.get_mut(1), dedicated_visitor(&earlier)) {
        v.client = Some(client);
    }

    // The morning's tickets as they will stand (numbered by arrival), so
    // that the cards can be planned on them.
    let slots: Vec<usize> = plan.visits.iter().map(|_| script.visit()).collect();
    let mut tickets: Vec<Option<Ticket>> = vec![None; plan.visits.len()];
    for h in &happenings {
        let when = at(h.ago);
        let visit = slots[h.visit];
        let Some(step) = &h.step else {
            let v = &plan.visits[h.visit];
            let arrived = tickets.iter().flatten().count() as i64;
            tickets[h.visit] = Some(waiting(v, arrived, today, when));
            let deed = Deed::Arrive {
                visit,
                service: v.service.clone(),
                priority: v.priority.clone(),
                client: v.client.clone(),
            };
            script.at(when, &h.actor, today, deed);
            continue;
        };
        let Some(t) = &tickets[h.visit] else {
            continue;
        };
        let counter = match step {
            Step::Call { counter, .. } | Step::Resume { counter, .. } => Some(*counter),
            _ => None,
        };
        let occupant = tickets
            .iter()
            .flatten()
            .find(|o| counter.is_some() && o.counter == counter && o.status.holds_counter());
        if let Ok(new) = apply(t, step, when, occupant) {
            tickets[h.visit] = Some(new);
            let step = step.clone();
            script.at(when, &h.actor, today, Deed::Step { visit, step });
        }
    }
    let mut mine: Vec<(usize, Ticket)> = tickets
        .into_iter()
        .enumerate()
        .filter_map(|(v, t)| t.map(|t| (slots[v], t)))
        .collect();
    mine.sort_by_key(|(_, t)| t.id);
    morning_cards(&mut script, &desk, &mut referrals, &mine, now, today);

    script.close_days_before(today, &super::lobby_manager(), offset);
    let cast = Cast::new(catalog);
    store.write(|db| {
        super::dormant::clients(db, &cast, now, today)?;
        script.run(db, &cast)?;
        super::cross_sell::prompts(db, &cast, now, today)?;
        super::dormant::campaign(db, &cast, now, today)
    })?;
    super::complaints::morning(store, clock, catalog)
}

/// A visit's ticket as it is registered: waiting, `order`th of the morning.
fn waiting(v: &Visit, order: i64, day: NaiveDate, at: DateTime<Utc>) -> Ticket {
    let service = v.service.clone();
    let mut t = Ticket::planned(order, day, service, v.priority.clone(), v.is_priority, at);
    t.client_id = v.client.as_ref().map(|_| order);
    t
}

/// Today's referral cards, flagged by the tellers on the morning's tickets
/// (`(visit, ticket)` in arrival order) with known clients where there are
/// (a client is taken down on the card otherwise, as the card form does). On
/// the first line: a new card for a client still at a counter, one accepted
/// by the line's manager and one contracted; on the second: a new one (the
/// client said no to being contacted) and one accepted and referred on to
/// the first line, where the child card waits with its chain. Each card at a
/// plausible time after its ticket started; all before `now`.
fn morning_cards(
    script: &mut Script,
    desk: &Desk,
    rng: &mut Rng,
    tickets: &[(usize, Ticket)],
    now: DateTime<Utc>,
    today: NaiveDate,
) {
    if desk.lines.is_empty() {
        return;
    }
    let (first, second) = (0, usize::from(desk.lines.len() > 1));
    let limit = Some(now);

    // Clients still in the lobby: at a counter, then waiting.
    let mut in_lobby: Vec<&(usize, Ticket)> = tickets
        .iter()
        .filter(|(_, t)| t.status == Status::Serving)
        .collect();
    in_lobby.sort_by_key(|(_, t)| (t.counter, t.id));
    let mut waiting: Vec<&(usize, Ticket)> = tickets
        .iter()
        .filter(|(_, t)| t.status == Status::Waiting)
        .collect();
    waiting.sort_by_key(|(_, t)| (t.client_id.is_none(), t.arrived_at));
    in_lobby.extend(waiting);
    let card = |script: &mut Script, rng: &mut Rng, v: &(usize, Ticket), line, consent, at| {
        counter_card(script, desk, rng, v, line, consent, at, today)
    };
    for (k, line) in [first, second].into_iter().enumerate() {
        let Some(v) = in_lobby.get(k) else {
            continue;
        };
        let from = v.1.started_at.unwrap_or(v.1.arrived_at);
        let at = from + (now - from) * 2 / 3;
        card(script, rng, v, line, k == 0, at);
    }

    // Served this morning, known clients first, the earliest first.
    let mut done: Vec<&(usize, Ticket)> = tickets
        .iter()
        .filter(|(_, t)| t.status == Status::Done && t.started_at.is_some())
        .collect();
    done.sort_by_key(|(_, t)| (t.client_id.is_none(), t.finished_at));
    done.truncate(3);
    done.sort_by_key(|(_, t)| t.finished_at);
    let during = |t: &Ticket, rng: &mut Rng| {
        let from = t.started_at.unwrap_or(t.arrived_at);
        let to = t.finished_at.unwrap_or(now);
        from + (to - from) * (40 + rng.below(50) as i32) / 100
    };
    let manager = |line: usize| desk.managers[line].as_str();
    // Contracted on the first line.
    if let Some(v) = done.first() {
        let at = during(&v.1, rng);
        let (c, need) = card(script, rng, v, first, true, at);
        let at = later(rng, at, 3.0, 10.0, limit);
        script.at(at, manager(first), today, Deed::Accept { card: c });
        let product = desk.product(rng, first, &need);
        let outcome = Outcome::Contracted {
            amount_cents: amount_cents(rng, &product),
            product,
        };
        let at = later(rng, at, 10.0, 25.0, limit);
        let prospect = script.prospect();
        let deed = Deed::Outcome {
            card: c,
            outcome,
            prospect,
        };
        script.at(at, manager(first), today, deed);
    }
    // Accepted on the second line and referred on to the first.
    if let Some(v) = done.get(1) {
        let at = during(&v.1, rng);
        let (c, _) = card(script, rng, v, second, true, at);
        let at = later(rng, at, 3.0, 10.0, limit);
        script.at(at, manager(second), today, Deed::Accept { card: c });
        let at = later(rng, at, 8.0, 15.0, limit);
        let need = desk.need(rng, first);
        if first != second {
            let deed = Deed::Refer {
                card: c,
                child: script.card(),
                line: desk.lines[first].clone(),
                need,
                note: desk.refer_note(rng),
            };
            script.at(at, manager(second), today, deed);
        }
    }
    // Accepted on the first line: the manager is with the client.
    if let Some(v) = done.get(2) {
        let at = during(&v.1, rng);
        let (c, _) = card(script, rng, v, first, true, at);
        let at = later(rng, at, 3.0, 10.0, limit);
        script.at(at, manager(first), today, Deed::Accept { card: c });
    }
}

/// A card flagged on a ticket of the lobby: by its teller (the lobby manager
/// for a ticket not yet called), for its client or one taken down now.
/// Returns the card's place in the script and its need; the card form
/// refuses it (and
/// the steps planned on it are left out) when the client already has an open
/// card on that line.
#[allow(clippy::too_many_arguments)]
fn counter_card(
    script: &mut Script,
    desk: &Desk,
    rng: &mut Rng,
    (visit, t): &(usize, Ticket),
    line: usize,
    consent: bool,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> (usize, String) {
    let referrer = t.teller.clone().unwrap_or_else(|| desk.lobby.clone());
    let taken_down = t.client_id.is_none().then(|| made_up_client(rng));
    let need = desk.need(rng, line);
    let card = script.card();
    let flag = Deed::Flag {
        card,
        visit: *visit,
        line: desk.lines[line].clone(),
        note: card_note(rng, &need),
        need: need.clone(),
        consent,
        taken_down,
    };
    script.at(at, &referrer, today, flag);
    (card, need)
}
