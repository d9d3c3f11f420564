//! The demo morning as a script: what each person does and when, planned in
//! advance and then carried out in time order through the operations. A
//! step refused (its record's state does not allow it, the client is on the
//! list already) is left out, and so are the steps that needed its record.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};

use super::agenda::Agenda;
use super::cast::{done, Cast};
use crate::domain::card::Outcome;
use crate::domain::target::Target;
use crate::domain::ticket::Step;
use crate::i18n::Lang;
use crate::ops::appointments::{self, Booking};
use crate::ops::cards::{self, NewCard};
use crate::ops::pairs;
use crate::ops::prospects::{self, ByHand, NewContact};
use crate::ops::targets;
use crate::ops::tickets::{self, check_walkin, TicketTarget};
use crate::store::{Db, StoreError};

/// A client's name and mobile as typed.
pub(super) type Details = (String, String);

/// One thing a person does. Visits, cards and prospects are named by their
/// place in the script (`visit`, `card`, `prospect`), as their ids are known
/// only once they are written.
pub(super) enum Deed {
    /// The lobby manager closes the cue's day (日终).
    CloseDay {
        offset: FixedOffset,
    },
    /// The lobby manager registers a walk-in.
    Arrive {
        visit: usize,
        service: String,
        priority: String,
        client: Option<Details>,
    },
    Step {
        visit: usize,
        step: Step,
    },
    /// The card form on a visit's ticket; the client taken down on it when
    /// the ticket has none.
    Flag {
        card: usize,
        visit: usize,
        line: String,
        need: String,
        note: String,
        consent: bool,
        taken_down: Option<Details>,
    },
    Accept {
        card: usize,
    },
    /// The receiver's outcome; the prospect it makes, if any, is `prospect`.
    Outcome {
        card: usize,
        outcome: Outcome,
        prospect: usize,
    },
    Refer {
        card: usize,
        child: usize,
        line: String,
        need: String,
        note: String,
    },
    AddProspect {
        prospect: usize,
        by_hand: ByHand,
    },
    Reschedule {
        prospect: usize,
        due: NaiveDate,
    },
    Contact {
        prospect: usize,
        contact: NewContact,
    },
    Win {
        prospect: usize,
        product: String,
        amount_cents: i64,
    },
    Lose {
        prospect: usize,
        reason: String,
        note: String,
    },
    HandBack {
        prospect: usize,
    },
    /// The head pairs a teller with a manager of a line.
    Pair {
        teller: String,
        line: String,
        manager: String,
    },
    /// A prospect's client is given a dedicated manager.
    Dedicate {
        prospect: usize,
        manager: String,
    },
    /// The head sets a target.
    SetTarget(Target),
    /// A manager books an appointment with themself for a prospect's client,
    /// at a local time of the branch.
    Book {
        appointment: usize,
        prospect: usize,
        day: NaiveDate,
        time: NaiveTime,
        offset: FixedOffset,
        note: String,
    },
    /// The lobby manager checks in the client of an appointment.
    CheckIn {
        appointment: usize,
    },
}

/// Who does a deed, on which business day.
struct Cue {
    who: String,
    day: NaiveDate,
    deed: Deed,
}

/// The script: deeds by their moment, and the records they wrote.
#[derive(Default)]
pub(super) struct Script {
    agenda: Agenda<Cue>,
    visits: Vec<Option<i64>>,
    cards: Vec<Option<i64>>,
    prospects: Vec<Option<i64>>,
    appointments: Vec<Option<i64>>,
    /// The business days the deeds fall on.
    days: std::collections::BTreeSet<NaiveDate>,
}

impl Script {
    /// A place for a visit, a card or a prospect.
    pub(super) fn visit(&mut self) -> usize {
        self.visits.push(None);
        self.visits.len() - 1
    }

    pub(super) fn card(&mut self) -> usize {
        self.cards.push(None);
        self.cards.len() - 1
    }

    pub(super) fn prospect(&mut self) -> usize {
        self.prospects.push(None);
        self.prospects.len() - 1
    }

    pub(super) fn appointment(&mut self) -> usize {
        self.appointments.push(None);
        self.appointments.len() - 1
    }

    /// `who` does `deed` at `at`, on business day `day`.
    pub(super) fn at(&mut self, at: DateTime<Utc>, who: &str, day: NaiveDate, deed: Deed) {
        let who = who.to_string();
        self.days.insert(day);
        self.agenda.push(at, Cue { who, day, deed });
    }

    /// The lobby manager (`lobby`) closes each day before `today` the deeds
    /// fall on, at its evening, as every day of history is closed.
    pub(super) fn close_days_before(&mut self, today: NaiveDate, lobby: &str, offset: FixedOffset) {
        let days: Vec<NaiveDate> = self.days.range(..today).copied().collect();
        for day in days {
            let at = super::history::day_close_at(day, offset);
            self.at(at, lobby, day, Deed::CloseDay { offset });
        }
    }

    /// Carry out every deed in time order, as its person, in one transaction.
    pub(super) fn run(mut self, db: &Db, cast: &Cast) -> Result<(), StoreError> {
        while let Some((at, cue)) = self.agenda.pop() {
            let op = cast.op(&cue.who, at, cue.day);
            let op = &op;
            match cue.deed {
                Deed::Arrive {
                    visit,
                    service,
                    priority,
                    client,
                } => {
                    let (name, mobile) = client.unwrap_or_default();
                    let walkin =
                        check_walkin(cast.catalog, Lang::En, &service, &priority, &name, &mobile);
                    if let Ok(w) = walkin {
                        let t = done(tickets::register_walkin(db, op, &w))?;
                        self.visits[visit] = t.map(|t| t.id);
                    }
                }
                Deed::Step { visit, step } => {
                    if let Some(id) = self.visits[visit] {
                        done(tickets::step(db, op, TicketTarget::Ticket(id), &step))?;
                    }
                }
                Deed::Flag {
                    card,
                    visit,
                    line,
                    need,
                    note,
                    consent,
                    taken_down,
                } => {
                    let Some(ticket) = self.visits[visit] else {
                        continue;
                    };
                    let (name, mobile) = taken_down.unzip();
                    let input = NewCard {
                        ticket,
                        need,
                        line,
                        consent,
                        note,
                        name,
                        mobile,
                    };
                    self.cards[card] = done(cards::flag_card(db, op, &input))?.map(|c| c.id);
                }
                Deed::Accept { card } => {
                    if let Some(id) = self.cards[card] {
                        done(cards::accept_card(db, op, id))?;
                    }
                }
                Deed::Outcome {
                    card,
                    outcome,
                    prospect,
                } => {
                    if let Some(id) = self.cards[card] {
                        let r = done(cards::record_outcome(db, op, id, &outcome, None, false))?;
                        self.prospects[prospect] = r.and_then(|r| r.prospect);
                    }
                }
                Deed::Refer {
                    card,
                    child,
                    line,
                    need,
                    note,
                } => {
                    if let Some(id) = self.cards[card] {
                        let r = done(cards::refer_on(db, op, id, &line, &need, &note))?;
                        self.cards[child] = r.map(|(_, c)| c.id);
                    }
                }
                Deed::AddProspect { prospect, by_hand } => {
                    self.prospects[prospect] = done(prospects::add_prospect(db, op, &by_hand))?;
                }
                Deed::Reschedule { prospect, due } => {
                    if let Some(id) = self.prospects[prospect] {
                        done(prospects::reschedule(db, op, id, due))?;
                    }
                }
                Deed::Contact { prospect, contact } => {
                    if let Some(id) = self.prospects[prospect] {
                        done(prospects::log_contact(db, op, id, &contact))?;
                    }
                }
                Deed::Win {
                    prospect,
                    product,
                    amount_cents,
                } => {
                    if let Some(id) = self.prospects[prospect] {
                        done(prospects::win(db, op, id, &product, amount_cents))?;
                    }
                }
                Deed::Lose {
                    prospect,
                    reason,
                    note,
                } => {
                    if let Some(id) = self.prospects[prospect] {
                        done(prospects::lose(db, op, id, &reason, &note))?;
                    }
                }
                Deed::HandBack { prospect } => {
                    if let Some(id) = self.prospects[prospect] {
                        done(prospects::hand_back(db, op, id))?;
                    }
                }
                Deed::Pair {
                    teller,
                    line,
                    manager,
                } => {
                    done(pairs::set_pair(db, op, &teller, &line, &manager))?;
                }
                Deed::Dedicate { prospect, manager } => {
                    if let Some(client) = self.client_of(db, prospect)? {
                        done(pairs::set_client_manager(db, op, client, Some(&manager)))?;
                    }
                }
                Deed::SetTarget(target) => {
                    done(targets::set_target(db, op, &target))?;
                }
                Deed::Book {
                    appointment,
                    prospect,
                    day,
                    time,
                    offset,
                    note,
                } => {
                    if let Some(client) = self.client_of(db, prospect)? {
                        let booking = Booking {
                            client,
                            prospect: self.prospects[prospect],
                            day,
                            time,
                            with: cue.who.clone(),
                            note,
                        };
                        let a = done(appointments::book(db, op, offset, &booking))?;
                        self.appointments[appointment] = a.map(|a| a.id);
                    }
                }
                Deed::CheckIn { appointment } => {
                    if let Some(id) = self.appointments[appointment] {
                        done(appointments::check_in(db, op, id))?;
                    }
                }
                Deed::CloseDay { offset } => {
                    done(crate::ops::day::close_day(db, op, cue.day, offset))?;
                }
            }
        }
        Ok(())
    }

    /// The client of a prospect of the script, once written.
    fn client_of(&self, db: &Db, prospect: usize) -> Result<Option<i64>, StoreError> {
        match self.prospects[prospect] {
            Some(id) => Ok(db.prospect(id)?.map(|p| p.client_id)),
            None => Ok(None),
        }
    }
}
