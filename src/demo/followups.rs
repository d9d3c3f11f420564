//! History: the follow-up list from one business day to the next. Each
//! prospect's owner logs contacts at the catalog's cadence (asking for
//! consent first where it is missing), reschedules now and then, and wins,
//! loses or hands it back; the branch head gives some handed-back ones out
//! again. Every step goes through the follow-up operations at its moment.

use std::cmp::Reverse;

use chrono::{Duration, NaiveDate};

use super::agenda::Agenda;
use super::cast::done;
use super::desk::{amount_cents, at_work};
use super::history::{Ctx, Doing};
use super::referrals::Referrals;
use super::rng::Rng;
use crate::domain::card::{Card, Outcome};
use crate::domain::followup::{self, Stage};
use crate::ops::{cards, prospects};
use crate::store::StoreError;

/// What a prospect came from: it sets the odds of how it ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Intent,
    FollowUp,
    /// Declined, kept on the list by choice.
    Declined,
}

/// An open prospect of the history, as far as the generator follows it.
#[derive(Debug)]
pub(super) struct Followed {
    id: i64,
    /// The client: a member of the history's clients.
    client: u64,
    line: usize,
    owner: String,
    /// The source card as it was left when the prospect was made.
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
    pub(super) in_pool: bool,
    /// Its entry on the agenda (older entries are stale).
    step: u64,
}

impl Followed {
    pub(super) fn new(
        id: i64,
        client: u64,
        line: usize,
        owner: &str,
        card: Card,
        due: NaiveDate,
    ) -> Followed {
        Followed {
            id,
            client,
            line,
            owner: owner.to_string(),
            card: Some(card),
            contacts: 0,
            planned: 0,
            fate: Stage::Lost,
            next_due: due,
            rescheduled: false,
            reassigned: false,
            in_pool: false,
            step: 0,
        }
    }
}

/// A prospect's step on a business day.
#[derive(Debug)]
pub(super) enum FollowStep {
    /// Its owner turns to it (or the branch head, if it is in the pool).
    Due(i64),
    /// A contact, a new date, or its end, once consent is recorded.
    Contact(Box<Followed>),
    /// It ends as planned, some minutes after the last contact.
    End(Box<Followed>),
    /// The receiver declines the intent card of a prospect just lost.
    Decline {
        card: i64,
        receiver: String,
        objection: String,
    },
}

impl Referrals {
    /// A card's client went on the follow-up list as prospect `id`: how it
    /// will end, and its first step on the agenda.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn keep(
        &mut self,
        rng: &mut Rng,
        day: NaiveDate,
        id: i64,
        card: Card,
        owner: &str,
        client: u64,
        line: usize,
        kind: Kind,
    ) {
        self.prospects += 1;
        if card.status.is_open() {
            self.open_cards.insert((client, line));
        }
        // (won, lost, handed back) and the weights of 0, 1, 2... contacts.
        let (ends, contacts): ([f64; 3], &[f64]) = match kind {
            Kind::Intent => ([55.0, 30.0, 15.0], &[35.0, 45.0, 20.0]),
            Kind::FollowUp => ([15.0, 55.0, 30.0], &[15.0, 30.0, 25.0, 20.0, 10.0]),
            Kind::Declined => ([10.0, 70.0, 20.0], &[40.0, 40.0, 20.0]),
        };
        let mut p = Followed::new(id, client, line, owner, card, self.desk.first_due(day));
        p.fate = [Stage::Won, Stage::Lost, Stage::HandedBack][rng.weighted(&ends)];
        p.planned = rng.weighted(contacts);
        self.open_prospects.insert((client, line), id);
        self.schedule(rng, p);
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

    pub(super) fn push(&mut self, when: NaiveDate, mut p: Followed) {
        self.order += 1;
        p.step = self.order;
        self.due.push(Reverse((when, self.order, p.id)));
        self.followed.insert(p.id, p);
    }

    /// The prospects whose step fell due by `day`, each at a moment of its
    /// working hours.
    pub(super) fn follow_ups_of_day(
        &mut self,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        day: NaiveDate,
    ) {
        while let Some(Reverse((when, step, id))) = self.due.peek().copied() {
            if when > day {
                break;
            }
            self.due.pop();
            if self.followed.get(&id).is_some_and(|p| p.step == step) {
                let at = at_work(rng, day, self.offset);
                agenda.push(at, Doing::Follow(FollowStep::Due(id)));
            }
        }
    }

    /// A prospect's step now: the branch head reassigns it, or its owner
    /// records consent, logs a contact, reschedules it, or it ends as planned.
    pub(super) fn follow(
        &mut self,
        now: &Ctx,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        step: FollowStep,
    ) -> Result<(), StoreError> {
        match step {
            FollowStep::Due(id) => {
                let Some(mut p) = self.followed.remove(&id) else {
                    return Ok(());
                };
                if p.in_pool {
                    return self.reassign(now, rng, p);
                }
                if p.contacts < p.planned && !self.consent.get(&p.client).copied().unwrap_or(true) {
                    if rng.chance(0.4) {
                        // Contacting them starts with recording their consent.
                        let op = now.op(&p.owner);
                        done(prospects::record_consent(now.db, &op, p.id, true))?;
                        self.consent.insert(p.client, true);
                        let at = now.at + Duration::minutes(1);
                        agenda.push(at, Doing::Follow(FollowStep::Contact(Box::new(p))));
                        return Ok(());
                    }
                    p.planned = p.contacts;
                    if p.fate == Stage::Won && !rng.chance(0.3) {
                        p.fate = Stage::HandedBack;
                    }
                }
                self.contact(now, agenda, rng, p)
            }
            FollowStep::Contact(p) => self.contact(now, agenda, rng, *p),
            FollowStep::End(p) => self.end(now, agenda, rng, *p),
            FollowStep::Decline {
                card,
                receiver,
                objection,
            } => {
                let outcome = Outcome::Declined { objection };
                let op = now.op(&receiver);
                done(cards::record_outcome(
                    now.db, &op, card, &outcome, None, false,
                ))?;
                Ok(())
            }
        }
    }

    /// A contact (or, now and then, a new date) while contacts are planned;
    /// the end after the last one, or when none is left.
    fn contact(
        &mut self,
        now: &Ctx,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        mut p: Followed,
    ) -> Result<(), StoreError> {
        if p.contacts >= p.planned {
            return self.end(now, agenda, rng, p);
        }
        let op = now.op(&p.owner);
        if !p.rescheduled && rng.chance(0.08) {
            let to = now.day + Duration::days(3 + rng.below(8) as i64);
            done(prospects::reschedule(now.db, &op, p.id, to))?;
            p.rescheduled = true;
            p.next_due = to;
            self.schedule(rng, p);
            return Ok(());
        }
        p.contacts += 1;
        p.next_due = followup::next_due(&self.desk.rules, p.contacts, now.day);
        let contact = self.desk.contact(rng, p.next_due);
        if done(prospects::log_contact(now.db, &op, p.id, &contact))?.is_some() {
            self.contacts += 1;
        }
        if p.contacts < p.planned || rng.chance(0.5) {
            self.schedule(rng, p);
            return Ok(());
        }
        let at = now.at + Duration::minutes(1 + rng.below(5) as i64);
        agenda.push(at, Doing::Follow(FollowStep::End(Box::new(p))));
        Ok(())
    }

    /// End a followed prospect as planned: won (its card contracted, the
    /// referrer credited), lost or handed back. An intent card still open is
    /// closed by its receiver in the pane: declined when lost, to follow-up
    /// (before the hand-back, so the client is on the list already) when
    /// handed back. Some handed-back prospects go back on the agenda for the
    /// branch head to reassign.
    fn end(
        &mut self,
        now: &Ctx,
        agenda: &mut Agenda<Doing>,
        rng: &mut Rng,
        mut p: Followed,
    ) -> Result<(), StoreError> {
        let op = now.op(&p.owner);
        let open_card = p.card.clone().filter(|c| c.status.is_open());
        match p.fate {
            Stage::Won => {
                let need = p.card.as_ref().map(|c| c.need.clone());
                let need = need.unwrap_or_else(|| self.desk.need(rng, p.line));
                let product = self.desk.product(rng, p.line, &need);
                let amount = amount_cents(rng, &product);
                done(prospects::win(now.db, &op, p.id, &product, amount))?;
            }
            Stage::Lost => {
                let reason = match rng.chance(0.85) {
                    true => self.desk.objection(rng),
                    false => "other".to_string(),
                };
                let note = self.desk.lost_note(rng);
                done(prospects::lose(now.db, &op, p.id, &reason, &note))?;
                if let Some(card) = open_card {
                    let objection = match self.desk.objections.contains(&reason) {
                        true => reason,
                        false => self.desk.objection(rng),
                    };
                    let decline = FollowStep::Decline {
                        card: card.id,
                        receiver: card.receiver.unwrap_or_default(),
                        objection,
                    };
                    agenda.push(now.at + Duration::minutes(1), Doing::Follow(decline));
                }
            }
            _ => {
                if let Some(c) = open_card {
                    let receiver = c.receiver.clone().unwrap_or_default();
                    let rop = now.op(&receiver);
                    let outcome = Outcome::NotNow;
                    let closed = cards::record_outcome(now.db, &rop, c.id, &outcome, None, false);
                    if let Some(rec) = done(closed)? {
                        p.card = Some(rec.card);
                    }
                }
                done(prospects::hand_back(now.db, &op, p.id))?;
            }
        }
        self.open_prospects.remove(&(p.client, p.line));
        self.open_cards.remove(&(p.client, p.line));
        if p.fate == Stage::HandedBack && !p.reassigned && rng.chance(0.3) {
            p.in_pool = true;
            self.push(now.day + Duration::days(1 + rng.below(4) as i64), p);
        }
        Ok(())
    }

    /// `R`: the branch head gives a handed-back prospect to someone who will
    /// look after it, unless the client is on the list for the line again.
    fn reassign(&mut self, now: &Ctx, rng: &mut Rng, mut p: Followed) -> Result<(), StoreError> {
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
        let head = self.desk.head.clone();
        if done(prospects::reassign(now.db, &now.op(&head), p.id, &to))?.is_none() {
            return Ok(());
        }
        p.owner = to;
        p.in_pool = false;
        p.reassigned = true;
        p.planned = p.contacts + 1 + rng.below(2) as usize;
        p.fate = match rng.chance(0.25) {
            true => Stage::Won,
            false => Stage::Lost,
        };
        p.next_due = self.desk.first_due(now.day);
        self.open_prospects.insert((p.client, p.line), p.id);
        self.schedule(rng, p);
        Ok(())
    }
}
