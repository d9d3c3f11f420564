//! Who may do what to which record in which state: the one table that the
//! operations, the hint line and the help all ask.

use super::appointment;
use super::card::{Card, CardStatus};
use super::followup::Stage;
use super::ticket::{Status, Ticket};
use queue::{calling, serving};

mod cards;
mod complaints;
mod dormant;
mod queue;

/// The roles a roster entry can hold (a line's managers hold the line's role).
pub const LOBBY: &str = "lobby";
pub const TELLER: &str = "teller";
pub const HEAD: &str = "head";
/// A ticket kiosk: a roster entry of its own that only registers walk-ins.
pub const KIOSK: &str = "kiosk";
/// A calling display (叫号屏): a roster entry of its own that only shows the
/// queue on the lobby's television (`lobbydesk board`).
pub const DISPLAY: &str = "display";

/// The person acting, as the roster and the branch settings make them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub code: String,
    pub roles: Vec<String>,
    /// The counter a teller works at.
    pub counter: Option<u32>,
    /// The lines (by code) whose manager this person is.
    pub lines: Vec<String>,
}

impl Person {
    pub fn has(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    pub fn is_head(&self) -> bool {
        self.has(HEAD)
    }

    pub fn is_kiosk(&self) -> bool {
        self.has(KIOSK)
    }

    pub fn is_display(&self) -> bool {
        self.has(DISPLAY)
    }

    /// Registers walk-ins, calls and serves, flags cards (a kiosk does not
    /// serve: it only registers walk-ins).
    pub fn serves(&self) -> bool {
        self.has(TELLER) || self.has(LOBBY) || self.is_head()
    }

    /// Runs the queue as a whole: any counter, diverts, the closing sweep.
    pub fn runs_queue(&self) -> bool {
        self.has(LOBBY) || self.is_head()
    }

    pub fn works_line(&self, line: &str) -> bool {
        self.is_head() || self.lines.iter().any(|l| l == line)
    }

    /// A line's manager with a desk: calls and serves their line's tickets
    /// there (and pauses it), but does not run the queue.
    pub fn at_desk(&self) -> bool {
        !self.lines.is_empty() && self.counter.is_some() && !self.serves()
    }
}

/// Everything a person can do that the trail records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Act {
    RegisterWalkin,
    /// Call the next ticket, or recall the one called.
    Call,
    Start,
    Finish,
    Hold,
    Resume,
    NoShow,
    /// Put a no-show who came back in the queue again.
    Reinstate,
    Divert,
    FlagCard,
    AcceptCard,
    RecordOutcome,
    ReferOn,
    /// At the closing sweep: an open card to its line's follow-up pool.
    SweepCardLater,
    /// At the closing sweep: an open card straight back to the branch head.
    SweepCardHandBack,
    LogContact,
    Reschedule,
    Win,
    Lose,
    HandBack,
    Reassign,
    RecordConsent,
    AddProspect,
    /// Show a client's full name and mobile (a reveal, a pre-filled form).
    RevealClient,
    /// Write a contact list out of the application.
    ExportList,
    Purge,
    EditRoster,
    /// Close the business day (日终).
    CloseDay,
    /// Change the branch's settings (lists, thresholds, points, lines' roles).
    EditSettings,
    /// Set a target for a person or a line (目标任务).
    SetTarget,
    /// Remove a target.
    RemoveTarget,
    /// Show the calling board (叫号屏): the queue without a client's details.
    ShowBoard,
    /// Set or remove a pair (接对子): a teller's manager on a line.
    SetPair,
    /// Set or clear a client's dedicated manager (专属客户经理).
    SetClientManager,
    /// Pause a counter (or desk), with a reason.
    PauseCounter,
    /// Reopen a paused counter.
    ReopenCounter,
    /// Move a ticket to another service, keeping its number and arrival.
    Transfer,
    /// Book an appointment (预约) for a client.
    BookAppointment,
    /// The client with an appointment came: check them in (a ticket routed
    /// to the manager they came to see).
    CheckInAppointment,
    CancelAppointment,
    /// Import a client list from the core system (`lobbydesk import clients`).
    ImportClients,
    /// Edit a client's record (tier, tags, products held, dates).
    EditClient,
    /// Define a campaign (营销活动), or send it (write its list out).
    Campaign,
    /// Put a dormant client on a manager's follow-ups.
    FollowDormant,
    /// Record a complaint (投诉) about a visit, a client or the branch.
    RecordComplaint,
    /// Record a complaint's resolution, feedback and validity.
    ResolveComplaint,
    /// Record a finished visit's satisfaction rating (满意度).
    RateVisit,
    /// See every open complaint (the Review tab's complaints section).
    SeeComplaints,
}

impl Act {
    pub const ALL: [Act; 48] = [
        Act::RegisterWalkin,
        Act::Call,
        Act::Start,
        Act::Finish,
        Act::Hold,
        Act::Resume,
        Act::NoShow,
        Act::Reinstate,
        Act::Divert,
        Act::FlagCard,
        Act::AcceptCard,
        Act::RecordOutcome,
        Act::ReferOn,
        Act::SweepCardLater,
        Act::SweepCardHandBack,
        Act::LogContact,
        Act::Reschedule,
        Act::Win,
        Act::Lose,
        Act::HandBack,
        Act::Reassign,
        Act::RecordConsent,
        Act::AddProspect,
        Act::RevealClient,
        Act::ExportList,
        Act::Purge,
        Act::EditRoster,
        Act::CloseDay,
        Act::EditSettings,
        Act::SetTarget,
        Act::RemoveTarget,
        Act::ShowBoard,
        Act::SetPair,
        Act::SetClientManager,
        Act::PauseCounter,
        Act::ReopenCounter,
        Act::Transfer,
        Act::BookAppointment,
        Act::CheckInAppointment,
        Act::CancelAppointment,
        Act::ImportClients,
        Act::EditClient,
        Act::Campaign,
        Act::FollowDormant,
        Act::RecordComplaint,
        Act::ResolveComplaint,
        Act::RateVisit,
        Act::SeeComplaints,
    ];
}

/// A prospect as far as authority cares: whose it is and whether it is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProspectState<'a> {
    pub owner: &'a str,
    pub stage: Stage,
    pub consent: bool,
}

/// A counter (or a line's desk) as authority cares: its number and whether
/// it is paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CounterState {
    pub number: u32,
    pub paused: bool,
    /// A ticket is called or being served there.
    pub busy: bool,
}

/// An appointment as far as authority cares: who booked it and where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppointmentState<'a> {
    pub booked_by: &'a str,
    pub status: appointment::Status,
}

/// A complaint as far as authority cares: who owns its resolution and
/// whether it is still open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ComplaintState<'a> {
    pub owner: &'a str,
    pub open: bool,
}

/// What an act is done to.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// A counter: calling to it, pausing or reopening it.
    Counter(CounterState),
    /// No record: the queue, the branch, the roster.
    Branch,
    Ticket(&'a Ticket),
    Card(&'a Card),
    /// A new card offered for acceptance: `open` once it has waited past
    /// the pair threshold, when any manager of the line may take a card
    /// meant for another (a plain [`Target::Card`] is taken as not open).
    Offer {
        card: &'a Card,
        open: bool,
    },
    Prospect(ProspectState<'a>),
    /// A client by the people who may see them in full: the staff attached
    /// to the record they were reached through (the branch head always may).
    Client {
        owners: &'a [String],
    },
    /// The prospects of one owner (`None`: everyone's), for an export.
    Owner(Option<&'a str>),
    /// A business day: whether it is closed already, and whether it is
    /// still to come.
    Day {
        closed: bool,
        future: bool,
    },
    Appointment(AppointmentState<'a>),
    Complaint(ComplaintState<'a>),
}

/// Why an act is not allowed: a typed reason the interface says in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denial {
    /// Only tellers, the lobby manager and the head serve the queue.
    NotServing,
    /// Only the lobby manager and the head run the queue (divert, sweep, any counter).
    NotQueue,
    /// Only the lobby manager and the head close the day.
    NotCloser,
    /// The day is closed already.
    DayClosed,
    /// The day is still to come.
    DayNotOver,
    /// A teller works the tickets at their own counter.
    OtherCounter(u32),
    /// Only the line's managers work its cards.
    NotLine(String),
    /// Only the receiver records the outcome or refers on.
    NotReceiver(String),
    /// Someone else accepted it first.
    AlreadyAccepted(String),
    /// The card is meant for another manager first (their code), who has
    /// not yet let the wait pass.
    MeantFor(String),
    /// Only the branch head or a line's manager (sets a dedicated manager,
    /// books an appointment).
    NotManager,
    /// Somebody must accept the card before its outcome is recorded.
    NotAccepted,
    /// Only the owner (or the head) works a prospect.
    NotOwner(String),
    /// Only the branch head.
    NotHead,
    /// A ticket kiosk only registers walk-ins.
    Kiosk,
    /// A calling display only shows the queue.
    Display,
    /// The calling board runs under a display account (or the lobby
    /// manager's or the head's, to look at it).
    NotDisplay,
    /// The client's details belong to the people working the record.
    NotYours,
    /// The ticket's state does not allow it.
    Ticket(Status),
    /// The card's state does not allow it.
    Card(CardStatus),
    /// The prospect has ended.
    Ended(Stage),
    /// The client has not agreed to be contacted.
    NoConsent,
    /// The act needs a record of another kind (a bug in the caller).
    Nothing,
    /// The counter is paused: nobody calls to it until it is reopened.
    CounterPaused(u32),
    /// The counter is open already.
    CounterOpen(u32),
    /// A ticket is at the counter: finish (or hold) it before pausing.
    CounterBusy(u32),
    /// The appointment is no longer booked.
    Appointment(appointment::Status),
    /// The ticket is routed to this person: only they (or whoever runs the
    /// queue) call it.
    RoutedTo(String),
    /// Only the head, the lobby manager and the lines' managers put a
    /// dormant client on follow-ups.
    NotDormant,
    /// The complaint is resolved already.
    Resolved,
}

/// Whether `who` may do `act` to `target` now. The operations refuse what
/// this refuses; the hint line offers what it allows.
pub fn allowed(who: &Person, act: Act, target: Target) -> Result<(), Denial> {
    use Act as A;
    if who.is_kiosk() {
        return match (act, target) {
            (A::RegisterWalkin, Target::Branch) => Ok(()),
            // A rating keypad at the counter runs under a kiosk account.
            (A::RateVisit, Target::Ticket(t)) => complaints::finished(t),
            _ => Err(Denial::Kiosk),
        };
    }
    if who.is_display() {
        return match (act, target) {
            (A::ShowBoard, Target::Branch) => Ok(()),
            _ => Err(Denial::Display),
        };
    }
    match (act, target) {
        (A::RegisterWalkin, Target::Branch) => serving(who),
        (A::Call, Target::Branch) => calling(who),
        (A::Call | A::PauseCounter | A::ReopenCounter, Target::Counter(c)) => {
            queue::counter(who, act, c)
        }
        (
            A::Call
            | A::Start
            | A::Finish
            | A::Hold
            | A::Resume
            | A::NoShow
            | A::Reinstate
            | A::Divert
            | A::Transfer,
            Target::Ticket(t),
        ) => queue::ticket(who, act, t),
        (A::FlagCard, Target::Ticket(_)) => serving(who),
        (A::AcceptCard, Target::Card(c)) => cards::accept(who, c, false),
        (A::AcceptCard, Target::Offer { card, open }) => cards::accept(who, card, open),
        (A::RecordOutcome | A::ReferOn, Target::Card(c)) => cards::settle(who, act, c),
        (A::SweepCardLater | A::SweepCardHandBack, Target::Card(c)) => cards::sweep(who, c),
        (A::LogContact, Target::Prospect(p)) => {
            owner(who, p.owner)?;
            open(p.stage)?;
            match p.consent {
                true => Ok(()),
                false => Err(Denial::NoConsent),
            }
        }
        (A::Reschedule | A::Win | A::Lose | A::HandBack, Target::Prospect(p)) => {
            owner(who, p.owner)?;
            open(p.stage)
        }
        (A::RecordConsent, Target::Prospect(p)) => owner(who, p.owner),
        (A::Reassign, Target::Prospect(p)) => {
            head(who)?;
            match p.stage {
                Stage::Won | Stage::Lost => Err(Denial::Ended(p.stage)),
                _ => Ok(()),
            }
        }
        // Anyone who meets clients may put one on their own follow-up list.
        (A::AddProspect, Target::Branch) => Ok(()),
        (A::RevealClient, Target::Client { owners }) => {
            match who.is_head() || owners.contains(&who.code) {
                true => Ok(()),
                false => Err(Denial::NotYours),
            }
        }
        (A::ExportList, Target::Owner(o)) => {
            if who.is_head() {
                return Ok(());
            }
            match o {
                Some(o) if o == who.code && !who.lines.is_empty() => Ok(()),
                Some(o) if o == who.code => Err(Denial::NotHead),
                Some(o) => Err(Denial::NotOwner(o.to_string())),
                None => Err(Denial::NotHead),
            }
        }
        (A::Purge | A::EditRoster | A::EditSettings | A::SetPair, Target::Branch) => head(who),
        (A::SetTarget | A::RemoveTarget, Target::Branch) => head(who),
        // A client list from the core system touches every client: the head's.
        (A::ImportClients, Target::Branch) => head(who),
        // A campaign discloses every consenting client's details: the head's.
        (A::Campaign, Target::Branch) => head(who),
        (A::FollowDormant, Target::Branch) => dormant::follow(who),
        (A::ShowBoard, Target::Branch) => match who.runs_queue() {
            true => Ok(()),
            false => Err(Denial::NotDisplay),
        },
        (A::SetClientManager | A::EditClient, Target::Branch) => {
            match who.is_head() || !who.lines.is_empty() {
                true => Ok(()),
                false => Err(Denial::NotManager),
            }
        }
        (A::CloseDay, Target::Day { closed, future }) => match who.runs_queue() {
            false => Err(Denial::NotCloser),
            true if closed => Err(Denial::DayClosed),
            true if future => Err(Denial::DayNotOver),
            true => Ok(()),
        },
        (A::BookAppointment, Target::Branch) => match who.is_head() || !who.lines.is_empty() {
            true => Ok(()),
            false => Err(Denial::NotManager),
        },
        (A::CheckInAppointment, Target::Appointment(a)) => {
            if !who.runs_queue() {
                return Err(Denial::NotQueue);
            }
            booked(a)
        }
        (A::CancelAppointment, Target::Appointment(a)) => {
            owner(who, a.booked_by)?;
            booked(a)
        }
        (A::RecordComplaint | A::ResolveComplaint | A::RateVisit | A::SeeComplaints, _) => {
            complaints::allowed(who, act, target)
        }
        _ => Err(Denial::Nothing),
    }
}

fn booked(a: AppointmentState) -> Result<(), Denial> {
    match a.status {
        appointment::Status::Booked => Ok(()),
        s => Err(Denial::Appointment(s)),
    }
}

fn owner(who: &Person, owner: &str) -> Result<(), Denial> {
    match who.is_head() || who.code == owner {
        true => Ok(()),
        false => Err(Denial::NotOwner(owner.to_string())),
    }
}

fn head(who: &Person) -> Result<(), Denial> {
    match who.is_head() {
        true => Ok(()),
        false => Err(Denial::NotHead),
    }
}

fn open(stage: Stage) -> Result<(), Denial> {
    match stage {
        Stage::Open => Ok(()),
        s => Err(Denial::Ended(s)),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_queue;
