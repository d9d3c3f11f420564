//! The one door for every action: one function per thing a person can do.
//!
//! Each operation takes the acting [`Person`], the moment and its input;
//! checks the person's authority and the record's state
//! ([`authority::allowed`], the rules in `domain`); writes through the store
//! inside the caller's transaction together with its typed events; and
//! returns a result or an [`OpError`] that `i18n` can say in both languages.
//! The screens, the command line, the closing sweep and the demo generator
//! all come through here: nothing else writes.
//!
//! An operation runs on a [`Db`] inside a transaction the caller opened
//! (`store.write(|db| ops::…(db, &op, …))`), so a caller can commit many
//! operations at once (the demo generator does).

pub mod admin;
pub mod appointments;
pub mod campaigns;
pub mod cards;
pub mod clients;
pub mod complaints;
pub mod counters;
pub mod cross_sell;
pub mod day;
pub mod disclose;
pub mod dormancy;
pub mod export;
pub mod import;
pub mod notices;
pub mod pairs;
pub mod prospects;
pub mod queue;
pub mod settings;
pub mod signin;
pub mod targets;
pub mod tickets;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::config::Catalog;
use crate::domain::appointment::AppointmentRefusal;
use crate::domain::authority::{self, Act, Denial, Person, Target};
use crate::domain::card::CardRefusal;
use crate::domain::client::ClientRefusal;
use crate::domain::event::{EventKind, Record};
use crate::domain::followup::FollowRefusal;
use crate::domain::ticket;
use crate::domain::validate::Invalid;
use crate::i18n::{self, Lang, Msg};
use crate::store::staff::Staff;
use crate::store::{Db, StoreError};

/// Who acts, when, under which branch settings.
#[derive(Clone, Copy)]
pub struct Op<'a> {
    pub who: &'a Person,
    pub now: DateTime<Utc>,
    /// The business day `now` falls on.
    pub day: NaiveDate,
    pub catalog: &'a Catalog,
}

impl Op<'_> {
    /// Refuse what the authority table refuses.
    pub fn require(&self, act: Act, target: Target) -> Result<(), OpError> {
        authority::allowed(self.who, act, target).map_err(OpError::Denied)
    }

    /// Write one event by the acting person.
    pub fn event(
        &self,
        db: &Db,
        kind: EventKind,
        record_id: Option<i64>,
        details: Value,
    ) -> Result<(), StoreError> {
        db.add_event(self.now, &self.who.code, kind, record_id, details)
    }
}

/// The person a roster entry is, with the lines the branch settings give
/// their roles, and their counter: the roster's, else the counter whose
/// `staff` lists them, else (a line's manager) their line's desk.
pub fn person(staff: &Staff, catalog: &Catalog) -> Person {
    let lines: Vec<&crate::config::Entry> = catalog
        .lines
        .iter()
        .filter(|l| l.role.as_deref().is_some_and(|r| staff.has_role(r)))
        .collect();
    let listed = || {
        catalog
            .counters
            .iter()
            .find(|c| c.staff.contains(&staff.code))
            .map(|c| c.number)
    };
    let desk = || lines.iter().find_map(|l| l.desk);
    let counter = match staff.has_role(authority::TELLER) || !lines.is_empty() {
        true => staff.counter.or_else(listed).or_else(desk),
        false => staff.counter,
    };
    Person {
        code: staff.code.clone(),
        roles: staff.roles.clone(),
        counter,
        lines: lines.iter().map(|l| l.code.clone()).collect(),
    }
}

/// Why an operation did not happen. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("not allowed: {0:?}")]
    Denied(Denial),
    #[error("ticket {1}: {0:?}")]
    Ticket(ticket::Refusal, String),
    #[error("card: {0:?}")]
    Card(CardRefusal),
    #[error("prospect: {0:?}")]
    Follow(FollowRefusal),
    /// Who works the client, or who the client is, refuses the change.
    #[error("client: {0:?}")]
    Client(ClientRefusal),
    /// A field of the input is wrong: which, and why (already in words).
    #[error("{0:?}: {1}")]
    Invalid(Msg, String),
    /// A field of the input is wrong: which, and why.
    #[error("{0:?}: {1:?}")]
    Field(Msg, Invalid),
    #[error("nobody is waiting")]
    NobodyWaiting,
    /// Nobody waits for a service the counter takes (others may wait).
    #[error("nobody waiting for counter {counter} ({services})")]
    NobodyForCounter { counter: u32, services: String },
    /// A counter number the settings do not name.
    #[error("no counter {0}")]
    NoCounter(u32),
    /// A pause reason the settings do not list.
    #[error("no pause reason {0:?}")]
    NoPauseReason(String),
    /// The record changed (or vanished) since it was read: nothing saved.
    #[error("{0:?} changed elsewhere")]
    Changed(Record),
    #[error("the client is already on the follow-up list")]
    AlreadyProspect,
    /// The roster refuses the change.
    #[error("roster: {0:?}")]
    Roster(admin::RosterRefusal),
    /// A pair or a dedicated manager refused.
    #[error("pair: {0:?}")]
    Pair(pairs::PairRefusal),
    /// A settings file refused as a whole: nothing of it was used.
    #[error("settings: {0}")]
    Settings(crate::config::SettingsError),
    /// A sign-in, or a change to how someone signs in, refused.
    #[error("sign-in: {0:?}")]
    SignIn(signin::SignInRefusal),
    /// A purge of records ending after today.
    #[error("purge date {before} is after today {today}")]
    PurgeAfterToday { before: NaiveDate, today: NaiveDate },
    /// A purge of records still within the retention period.
    #[error("purge date {before} is within the {years}-year retention (latest {latest})")]
    PurgeWithinRetention {
        before: NaiveDate,
        latest: NaiveDate,
        years: u32,
    },
    /// Made-up days and a made-up roster go only into a throwaway database.
    #[error("not a throwaway database")]
    NotThrowaway,
    /// The business day was closed: its figures stand as they were.
    #[error("{0} is closed")]
    DayClosed(NaiveDate),
    /// A day still to come cannot be closed.
    #[error("{0} is not over")]
    DayNotOver(NaiveDate),
    /// The person acting does not see every record the day's figures
    /// count (on a branch server, where each sees only what they may).
    #[error("the day is not seen whole")]
    DayNotSeenWhole,
    /// A target refused (a bad period or value, an unknown code).
    #[error("target: {0:?}")]
    Target(crate::domain::target::TargetRefusal),
    /// The appointment's time or state refuses it.
    #[error("appointment: {0:?}")]
    Appointment(AppointmentRefusal),
    /// A campaign refused (its occasion, audience, template or dates).
    #[error("campaign: {0:?}")]
    Campaign(crate::domain::campaign::CampaignRefusal),
    /// The visit was rated already: a rating is recorded once.
    #[error("ticket {number} rated {score} already")]
    RatedAlready { number: String, score: u8 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<AppointmentRefusal> for OpError {
    fn from(r: AppointmentRefusal) -> Self {
        OpError::Appointment(r)
    }
}

impl From<CardRefusal> for OpError {
    fn from(r: CardRefusal) -> Self {
        OpError::Card(r)
    }
}

impl From<ClientRefusal> for OpError {
    fn from(r: ClientRefusal) -> Self {
        OpError::Client(r)
    }
}

impl From<FollowRefusal> for OpError {
    fn from(r: FollowRefusal) -> Self {
        OpError::Follow(r)
    }
}

impl From<Denial> for OpError {
    fn from(d: Denial) -> Self {
        OpError::Denied(d)
    }
}

/// What a message needs to name people and lines.
pub struct Names<'a> {
    pub lang: Lang,
    pub roster: &'a [Staff],
    pub catalog: &'a Catalog,
}

impl Names<'_> {
    pub fn staff(&self, code: &str) -> String {
        self.roster
            .iter()
            .find(|s| s.code == code)
            .map_or(code.to_string(), |s| s.name.clone())
    }

    pub fn line(&self, code: &str) -> String {
        Catalog::label(&self.catalog.lines, code, self.lang).to_string()
    }
}

impl Denial {
    /// The refusal in one sentence.
    pub fn message(&self, n: &Names) -> String {
        let lang = n.lang;
        match self {
            Denial::NotServing => Msg::DenyServe.get(lang).to_string(),
            Denial::NotQueue => Msg::DenyQueue.get(lang).to_string(),
            Denial::NotCloser => Msg::DenyCloseDay.get(lang).to_string(),
            Denial::DayClosed => Msg::DayClosedAlready.get(lang).to_string(),
            Denial::DayNotOver => Msg::DayNotOverYet.get(lang).to_string(),
            Denial::OtherCounter(c) => Msg::DenyCounter.fill(lang, &[("c", c)]),
            Denial::NotLine(l) => Msg::DenyLine.fill(lang, &[("line", &n.line(l))]),
            Denial::NotReceiver(r) => Msg::RefNotReceiver.fill(lang, &[("r", &n.staff(r))]),
            Denial::AlreadyAccepted(by) => {
                Msg::RefAlreadyAccepted.fill(lang, &[("by", &n.staff(by))])
            }
            Denial::NotAccepted => Msg::RefNotAccepted.get(lang).to_string(),
            Denial::NotOwner(o) => Msg::DenyProspect.fill(lang, &[("o", &n.staff(o))]),
            Denial::NotHead => Msg::DenyHeadOnly.get(lang).to_string(),
            Denial::MeantFor(m) => Msg::DenyMeantFor.fill(lang, &[("m", &n.staff(m))]),
            Denial::NotManager => Msg::DenyNotManager.get(lang).to_string(),
            Denial::Kiosk => Msg::DenyKiosk.get(lang).to_string(),
            Denial::Display => Msg::DenyDisplay.get(lang).to_string(),
            Denial::NotDisplay => Msg::DenyNotDisplay.get(lang).to_string(),
            Denial::NotDormant => Msg::DenyDormant.get(lang).to_string(),
            Denial::NotYours => Msg::DenyReveal.get(lang).to_string(),
            Denial::Ticket(s) => {
                Msg::DenyTicketState.fill(lang, &[("s", &i18n::status(*s).get(lang))])
            }
            Denial::Card(s) => {
                Msg::DenyCardState.fill(lang, &[("s", &i18n::card_status(*s).get(lang))])
            }
            Denial::Ended(s) => Msg::RefEnded.fill(lang, &[("s", &i18n::stage(*s).get(lang))]),
            Denial::NoConsent => Msg::RefNoConsent.get(lang).to_string(),
            Denial::Nothing => Msg::NothingSelected.get(lang).to_string(),
            Denial::CounterPaused(c) => Msg::DenyCounterPaused.fill(lang, &[("c", c)]),
            Denial::CounterOpen(c) => Msg::DenyCounterOpen.fill(lang, &[("c", c)]),
            Denial::CounterBusy(c) => Msg::DenyCounterBusy.fill(lang, &[("c", c)]),
            Denial::Appointment(s) => {
                Msg::ApptNotBooked.fill(lang, &[("s", &i18n::appointment_status(*s).get(lang))])
            }
            Denial::RoutedTo(p) => Msg::DenyRoutedTo.fill(lang, &[("p", &n.staff(p))]),
            Denial::Resolved => Msg::CpResolvedAlready.get(lang).to_string(),
        }
    }
}

impl OpError {
    /// The refusal in one sentence, in the person's language.
    pub fn message(&self, n: &Names) -> String {
        let lang = n.lang;
        match self {
            OpError::Denied(d) => d.message(n),
            OpError::Campaign(r) => r.message(lang),
            OpError::Ticket(r, number) => match r {
                ticket::Refusal::Impossible { step, status } => Msg::RefusedStep.fill(
                    lang,
                    &[
                        ("step", &i18n::step_name(step).get(lang)),
                        ("n", number),
                        ("s", &i18n::status(*status).get(lang)),
                    ],
                ),
                ticket::Refusal::CounterBusy { counter, number } => {
                    Msg::CounterBusy.fill(lang, &[("c", counter), ("n", number)])
                }
                ticket::Refusal::CalledElsewhere { counter } => {
                    Msg::CalledElsewhere.fill(lang, &[("c", counter)])
                }
                ticket::Refusal::RecallPassed { minutes } => {
                    Msg::RecallPassed.fill(lang, &[("n", number), ("m", minutes)])
                }
            },
            OpError::Card(r) => match r {
                CardRefusal::AlreadyAccepted { by } => {
                    Msg::RefAlreadyAccepted.fill(lang, &[("by", &n.staff(by))])
                }
                CardRefusal::NotAccepted => Msg::RefNotAccepted.get(lang).to_string(),
                CardRefusal::NotReceiver { receiver } => {
                    Msg::RefNotReceiver.fill(lang, &[("r", &n.staff(receiver))])
                }
                CardRefusal::SameLine => Msg::RefSameLine.get(lang).to_string(),
                CardRefusal::TooManyStaff => Msg::RefTooMany.get(lang).to_string(),
                CardRefusal::Duplicate { card, owner, line } => Msg::RefDuplicate.fill(
                    lang,
                    &[
                        ("line", &n.line(line)),
                        ("id", card),
                        ("owner", &n.staff(owner)),
                    ],
                ),
                CardRefusal::Impossible { status, .. } => {
                    Msg::DenyCardState.fill(lang, &[("s", &i18n::card_status(*status).get(lang))])
                }
            },
            OpError::Follow(r) => match r {
                FollowRefusal::Ended(s) => {
                    Msg::RefEnded.fill(lang, &[("s", &i18n::stage(*s).get(lang))])
                }
                FollowRefusal::NoConsent => Msg::RefNoConsent.get(lang).to_string(),
                FollowRefusal::SameOwner => Msg::RefSameOwner.get(lang).to_string(),
                FollowRefusal::NotStaff => Msg::RefNotStaff.get(lang).to_string(),
                FollowRefusal::DueInPast => Msg::DueInPast.get(lang).to_string(),
            },
            OpError::Client(r) => match r {
                ClientRefusal::TooManyMarketers { on } => {
                    let sep = match lang {
                        Lang::Zh => "、",
                        Lang::En => ", ",
                    };
                    let names: Vec<String> = on.iter().map(|c| n.staff(c)).collect();
                    Msg::RefTooManyOn.fill(lang, &[("on", &names.join(sep))])
                }
                ClientRefusal::MobileTaken { name } => {
                    Msg::RefMobileTaken.fill(lang, &[("name", name)])
                }
            },
            OpError::Invalid(field, why) => {
                Msg::ErrField.fill(lang, &[("f", &field.get(lang)), ("e", why)])
            }
            OpError::Field(field, why) => Msg::ErrField.fill(
                lang,
                &[("f", &field.get(lang)), ("e", &i18n::invalid(lang, *why))],
            ),
            OpError::NobodyWaiting => Msg::NobodyWaiting.get(lang).to_string(),
            OpError::NobodyForCounter { counter, services } => {
                let name = n.catalog.counter(*counter).map_or_else(
                    || Msg::CounterN.fill(lang, &[("n", counter)]),
                    |c| c.label.get(lang).to_string(),
                );
                Msg::NobodyForCounter.fill(lang, &[("c", &name), ("s", services)])
            }
            OpError::NoCounter(c) => {
                let list: Vec<String> = n
                    .catalog
                    .counters
                    .iter()
                    .map(|c| c.number.to_string())
                    .collect();
                Msg::ErrUnknownCounter.fill(lang, &[("c", c), ("list", &list.join(", "))])
            }
            OpError::NoPauseReason(r) => {
                let list: Vec<&str> = n
                    .catalog
                    .pause_reasons
                    .iter()
                    .map(|r| r.code.as_str())
                    .collect();
                Msg::ErrUnknownReason.fill(lang, &[("s", r), ("list", &list.join(", "))])
            }
            OpError::Changed(r) => match r {
                Record::Card => Msg::CardChanged,
                Record::Prospect => Msg::ProspectChanged,
                Record::Complaint => Msg::CpChanged,
                _ => Msg::ChangedElsewhere,
            }
            .get(lang)
            .to_string(),
            OpError::AlreadyProspect => Msg::AlreadyProspect.get(lang).to_string(),
            OpError::Roster(r) => r.message(lang),
            OpError::SignIn(r) => r.message(lang),
            OpError::PurgeAfterToday { before, today } => {
                Msg::PurgeFuture.fill(lang, &[("t", today), ("d", before)])
            }
            OpError::PurgeWithinRetention {
                before,
                latest,
                years,
            } => Msg::PurgeRetention.fill(lang, &[("d", before), ("l", latest), ("y", years)]),
            OpError::NotThrowaway => Msg::DemoNotHere.get(lang).to_string(),
            OpError::DayClosed(d) => Msg::DayClosed.fill(lang, &[("d", d)]),
            OpError::DayNotOver(d) => Msg::DayNotOver.fill(lang, &[("d", d)]),
            OpError::DayNotSeenWhole => Msg::DayNotSeenWhole.get(lang).to_string(),
            OpError::Settings(e) => e.message(lang),
            OpError::Target(r) => r.message(lang),
            OpError::Pair(r) => r.message(lang, n.catalog),
            OpError::Appointment(r) => match r {
                AppointmentRefusal::InPast => Msg::ApptInPast.get(lang).to_string(),
                AppointmentRefusal::NotBooked(s) => {
                    Msg::ApptNotBooked.fill(lang, &[("s", &i18n::appointment_status(*s).get(lang))])
                }
                AppointmentRefusal::NotToday(d) => Msg::ApptNotToday.fill(lang, &[("d", d)]),
            },
            OpError::RatedAlready { number, score } => {
                Msg::RatedAlready.fill(lang, &[("n", number), ("s", score)])
            }
            OpError::Store(e) => e.message(lang),
        }
    }
}
