//! History: the referral cards of finished business days, from the teller's
//! flag to the line manager's outcome or the closing sweep, each step
//! through the card operations at its moment.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use super::agenda::Agenda;
use super::cast::done;
use super::desk::{amount_cents, card_note, later, Desk};
use super::followups::{Followed, Kind};
use super::history::{Ctx, Doing};
use super::mix::local_time;
use super::rng::Rng;
use super::simulation::DayPlan;
use super::{HOURLY, OPENS_AT_HOUR};
use crate::config::Catalog;
use crate::domain::card::{Card, Outcome};
use crate::domain::ticket::Status;
use crate::ops::cards::{self, NewCard};
use crate::store::StoreError;

/// How a card turns out on the day it is flagged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Turn {
    Contracted,
    Declined,
    Intent,
    NotNow,
    ClientLeft,
    /// The client left before anyone accepted: the closing sweep puts the
    /// card on the follow-up list.
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

/// A card's next step, for client `k` (a member of the history's clients)
/// on line `line` (an index into the desk's lines).
#[derive(Debug)]
pub(super) enum Work {
    /// A teller (or the lobby manager) flags a card on a visit of the day plan.
    Flag {
        visit: usize,
        k: u64,
        line: usize,
        referrer: String,
    },
    /// The line's manager accepts it.
    Accept { card: Planned },
    /// The manager records how it turned out, or refers it on.
    Outcome { card: Planned },
    /// The lobby manager's closing sweep.
    Sweep { card: Planned },
}

/// A card flagged and how it will turn out.
#[derive(Debug)]
pub(super) struct Planned {
    id: i64,
    need: String,
    k: u64,
    line: usize,
    turn: Turn,
    refer_to: Option<usize>,
}

/// The history's referral desk: makes each day's cards and follows every
/// prospect from one business day to the next.
pub(super) struct Referrals {
    pub(super) desk: Desk,
    pub(super) offset: FixedOffset,
    /// Cards per visit.
    rate: f64,
    pub(super) followed: HashMap<i64, Followed>,
    /// (client, line) of every open prospect.
    pub(super) open_prospects: HashMap<(u64, usize), i64>,
    /// (client, line) of every open card (intent) left from an earlier day.
    pub(super) open_cards: HashSet<(u64, usize)>,
    /// The answer each client gave on being contacted, once asked.
    pub(super) consent: HashMap<u64, bool>,
    /// The day of each client's latest card.
    last_card: HashMap<u64, NaiveDate>,
    /// (day, order, prospect): the next step of each followed prospect.
    pub(super) due: BinaryHeap<Reverse<(NaiveDate, u64, i64)>>,
    pub(super) order: u64,
    pub(super) cards: u64,
    pub(super) prospects: u64,
    pub(super) contacts: u64,
}

impl Referrals {
    pub(super) fn new(
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
            due: BinaryHeap::new(),
            order: 0,
            cards: 0,
            prospects: 0,
            contacts: 0,
        }
    }

    /// Plan one business day: the cards flagged on its served known clients
    /// and worked the same day, and the follow-ups that fell due since the
    /// day before (a Sunday's on Monday).
    pub(super) fn plan_day(
        &mut self,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        day: NaiveDate,
        plan: &DayPlan,
    ) {
        if self.desk.lines.is_empty() {
            return;
        }
        self.cards_of_day(agenda, rng, day, plan);
        self.follow_ups_of_day(agenda, rng, day);
    }

    /// Carry out a card's or a prospect's step that is due now.
    pub(super) fn run(
        &mut self,
        now: &Ctx,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        doing: Doing,
    ) -> Result<(), StoreError> {
        match doing {
            Doing::Card(work) => self.card(now, agenda, rng, *work),
            Doing::Follow(step) => self.follow(now, agenda, rng, step),
            Doing::Visit(_) => Ok(()),
        }
    }

    pub(super) fn blocked(&self, client: u64, line: usize) -> bool {
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
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        day: NaiveDate,
        plan: &DayPlan,
    ) {
        let tickets = &plan.tickets;
        let wanted = (self.rate * tickets.len() as f64 * (1.0 + 0.08 * rng.normal()))
            .round()
            .max(0.0) as usize;
        let mut candidates: Vec<(usize, u64)> = (0..tickets.len())
            .filter(|&i| tickets[i].status == Status::Done)
            .filter_map(|i| plan.clients[i].map(|k| (i, k)))
            .collect();
        // Chosen at random: nobody marketed to again within a few weeks,
        // never a second open card or prospect on the line (争抢客户, 重复营销).
        let mut chosen: Vec<(usize, u64, usize)> = Vec::with_capacity(wanted);
        let mut i = 0;
        while chosen.len() < wanted && i < candidates.len() {
            let j = i + rng.below((candidates.len() - i) as u64) as usize;
            candidates.swap(i, j);
            let (t, k) = candidates[i];
            i += 1;
            let pause = |d: &NaiveDate| (day - *d).num_days() < REFERRAL_PAUSE_DAYS;
            if self.last_card.get(&k).is_some_and(pause) {
                continue;
            }
            let mut line = self.line_for(rng, &tickets[t].service);
            if self.blocked(k, line) {
                match self.desk.other_line(rng, line) {
                    Some(other) if !self.blocked(k, other) => line = other,
                    _ => continue,
                }
            }
            self.last_card.insert(k, day);
            chosen.push((t, k, line));
        }
        chosen.sort_by_key(|(t, _, _)| (tickets[*t].started_at, *t));
        for (visit, k, line) in chosen {
            let t = &tickets[visit];
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
            let flag = Work::Flag {
                visit,
                k,
                line,
                referrer,
            };
            agenda.push(at, Doing::Card(Box::new(flag)));
        }
    }

    fn card(
        &mut self,
        now: &Ctx,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        work: Work,
    ) -> Result<(), StoreError> {
        match work {
            Work::Flag {
                visit,
                k,
                line,
                referrer,
            } => {
                let Some(ticket) = now.saved[visit] else {
                    return Ok(());
                };
                if self.blocked(k, line) {
                    return Ok(());
                }
                let consent = *self.consent.entry(k).or_insert_with(|| rng.chance(0.9));
                let need = self.desk.need(rng, line);
                let input = NewCard {
                    ticket,
                    line: self.desk.lines[line].clone(),
                    note: card_note(rng, &need),
                    need,
                    consent,
                    name: None,
                    mobile: None,
                };
                if let Some(c) = done(cards::flag_card(now.db, &now.op(&referrer), &input))? {
                    self.cards += 1;
                    self.work(agenda, rng, now.day, &c, k, line, true);
                }
            }
            Work::Accept { card } => {
                let manager = self.desk.managers[card.line].clone();
                if done(cards::accept_card(now.db, &now.op(&manager), card.id))?.is_none() {
                    return Ok(());
                }
                let at = later(rng, now.at, 5.0, 40.0, None);
                if card.turn == Turn::Swept {
                    let at = self.closing(now.day).max(at + Duration::minutes(10));
                    agenda.push(at, Doing::Card(Box::new(Work::Sweep { card })));
                } else {
                    agenda.push(at, Doing::Card(Box::new(Work::Outcome { card })));
                }
            }
            Work::Outcome { card } => self.outcome(now, agenda, rng, card)?,
            Work::Sweep { card } => self.sweep(now, rng, card)?,
        }
        Ok(())
    }

    /// Closing time and half an hour: when the lobby manager sweeps.
    fn closing(&self, day: NaiveDate) -> DateTime<Utc> {
        local_time(day, OPENS_AT_HOUR + HOURLY.len() as u32, self.offset) + Duration::minutes(30)
    }

    /// How a card just flagged will turn out; its next step on the agenda.
    #[allow(clippy::too_many_arguments)]
    fn work(
        &mut self,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        day: NaiveDate,
        c: &Card,
        k: u64,
        line: usize,
        may_refer: bool,
    ) {
        let weights: Vec<f64> = TURNS
            .iter()
            .map(|(t, w)| match *t == Turn::Refer && !may_refer {
                true => 0.0,
                false => *w,
            })
            .collect();
        let mut turn = TURNS[rng.weighted(&weights)].0;
        let refer_to = match turn {
            Turn::Refer => self
                .desk
                .other_line(rng, line)
                .filter(|to| !self.blocked(k, *to)),
            _ => None,
        };
        if turn == Turn::Refer && refer_to.is_none() {
            turn = Turn::NotNow;
        }
        let card = Planned {
            id: c.id,
            need: c.need.clone(),
            k,
            line,
            turn,
            refer_to,
        };
        if turn == Turn::LeftUnaccepted {
            let at = self.closing(day).max(c.created_at + Duration::minutes(30));
            agenda.push(at, Doing::Card(Box::new(Work::Sweep { card })));
            return;
        }
        let at = later(rng, c.created_at, 2.0, 15.0, None);
        agenda.push(at, Doing::Card(Box::new(Work::Accept { card })));
    }

    /// The receiver records the outcome (the client goes on their follow-up
    /// list when it asks for one), or refers the card on to another line.
    fn outcome(
        &mut self,
        now: &Ctx,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        card: Planned,
    ) -> Result<(), StoreError> {
        let manager = self.desk.managers[card.line].clone();
        let op = now.op(&manager);
        let outcome = match card.turn {
            Turn::Contracted => {
                let product = self.desk.product(rng, card.line, &card.need);
                Outcome::Contracted {
                    amount_cents: amount_cents(rng, &product),
                    product,
                }
            }
            Turn::Declined => Outcome::Declined {
                objection: self.desk.objection(rng),
            },
            Turn::Intent => Outcome::Intent,
            Turn::ClientLeft => Outcome::ClientLeft,
            Turn::Refer => {
                let to = card.refer_to.expect("checked when planned");
                let need = self.desk.need(rng, to);
                let code = self.desk.lines[to].clone();
                let note = self.desk.refer_note(rng);
                let referred = cards::refer_on(now.db, &op, card.id, &code, &need, &note);
                if let Some((_, child)) = done(referred)? {
                    self.cards += 1;
                    self.work(agenda, rng, now.day, &child, card.k, to, false);
                }
                return Ok(());
            }
            _ => Outcome::NotNow,
        };
        let (note, kind) = match outcome {
            Outcome::Declined { .. } => {
                let note = Some(self.desk.declined_note(rng));
                (note, rng.chance(0.12).then_some(Kind::Declined))
            }
            Outcome::Intent => (None, Some(Kind::Intent)),
            Outcome::NotNow | Outcome::ClientLeft => (None, Some(Kind::FollowUp)),
            Outcome::Contracted { .. } => (None, None),
        };
        let keep = kind.is_some();
        let recorded = cards::record_outcome(now.db, &op, card.id, &outcome, note, keep);
        let Some(rec) = done(recorded)? else {
            return Ok(());
        };
        if let (Some(id), Some(kind)) = (rec.prospect, kind) {
            self.keep(
                rng, now.day, id, rec.card, &manager, card.k, card.line, kind,
            );
        }
        Ok(())
    }

    /// The closing sweep: the card goes on its receiver's follow-up list (or,
    /// nobody having accepted it, its line manager's), now and then straight
    /// back to the branch head, who may give it out again.
    fn sweep(&mut self, now: &Ctx, rng: &mut Rng, card: Planned) -> Result<(), StoreError> {
        let hand_back = card.turn == Turn::Swept && rng.chance(0.15);
        let lobby = self.desk.lobby.clone();
        let swept = cards::sweep_card(now.db, &now.op(&lobby), card.id, hand_back);
        let Some(s) = done(swept)? else {
            return Ok(());
        };
        let Some(id) = s.prospect else {
            return Ok(());
        };
        if !hand_back {
            let kind = Kind::FollowUp;
            self.keep(rng, now.day, id, s.card, &s.owner, card.k, card.line, kind);
            return Ok(());
        }
        self.prospects += 1;
        if rng.chance(0.3) {
            let mut p = Followed::new(id, card.k, card.line, &s.owner, s.card, s.due);
            p.in_pool = true;
            self.push(now.day + Duration::days(1 + rng.below(4) as i64), p);
        }
        Ok(())
    }
}
