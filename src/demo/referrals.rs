//! History: the referrals of finished business days and their follow-ups.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde_json::json;

use super::data;
use super::desk::{amount_cents, at_work, later, Desk};
use super::events::EventLog;
use super::mix::local_time;
use super::rng::Rng;
use super::writes::{
    accept_card, card_prospect, hand_back, log_contact, lose, new_card, record_outcome, refer_card,
    sweep_card, win,
};
use super::{HOURLY, OPENS_AT_HOUR};
use crate::config::Catalog;
use crate::domain::card::{Card, Outcome};
use crate::domain::event::EventKind;
use crate::domain::followup::{self, Stage};
use crate::domain::ticket::{Status, Ticket};
use crate::store::{Db, StoreError};

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
pub(super) struct Referrals {
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
    pub(super) fn day(
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
                    EventKind::ClientConsent,
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
                    EventKind::ProspectReschedule,
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
                    EventKind::ProspectHandBack,
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
            EventKind::ProspectReassign,
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
