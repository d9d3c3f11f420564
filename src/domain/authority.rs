//! Who may do what to which record in which state: the one table that the
//! operations, the hint line and the help all ask.

use super::card::{Card, CardStatus};
use super::followup::Stage;
use super::ticket::{Status, Ticket};

/// The roles a roster entry can hold (a line's managers hold the line's role).
pub const LOBBY: &str = "lobby";
pub const TELLER: &str = "teller";
pub const HEAD: &str = "head";

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

    /// Registers walk-ins, calls and serves, flags cards.
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
}

impl Act {
    pub const ALL: [Act; 28] = [
        Act::RegisterWalkin,
        Act::Call,
        Act::Start,
        Act::Finish,
        Act::Hold,
        Act::Resume,
        Act::NoShow,
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
    ];
}

/// A prospect as far as authority cares: whose it is and whether it is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProspectState<'a> {
    pub owner: &'a str,
    pub stage: Stage,
    pub consent: bool,
}

/// What an act is done to.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// No record: the queue, the branch, the roster.
    Branch,
    Ticket(&'a Ticket),
    Card(&'a Card),
    Prospect(ProspectState<'a>),
    /// A client by the people who may see them in full: the staff attached
    /// to the record they were reached through (the branch head always may).
    Client {
        owners: &'a [String],
    },
    /// The prospects of one owner (`None`: everyone's), for an export.
    Owner(Option<&'a str>),
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
    /// A teller works the tickets at their own counter.
    OtherCounter(u32),
    /// Only the line's managers work its cards.
    NotLine(String),
    /// Only the receiver records the outcome or refers on.
    NotReceiver(String),
    /// Someone else accepted it first.
    AlreadyAccepted(String),
    /// Somebody must accept the card before its outcome is recorded.
    NotAccepted,
    /// Only the owner (or the head) works a prospect.
    NotOwner(String),
    /// Only the branch head.
    NotHead,
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
}

/// Whether `who` may do `act` to `target` now. The operations refuse what
/// this refuses; the hint line offers what it allows.
pub fn allowed(who: &Person, act: Act, target: Target) -> Result<(), Denial> {
    use Act as A;
    match (act, target) {
        (A::RegisterWalkin, Target::Branch) => serving(who),
        (A::Call, Target::Branch) => serving(who),
        (A::Call, Target::Ticket(t)) => {
            serving(who)?;
            match t.status {
                Status::Waiting => Ok(()),
                Status::Called => own_counter(who, t),
                s => Err(Denial::Ticket(s)),
            }
        }
        (A::Start | A::Finish | A::Hold | A::Resume | A::NoShow, Target::Ticket(t)) => {
            serving(who)?;
            own_counter(who, t)?;
            let ok = match act {
                A::Start | A::NoShow => t.status == Status::Called,
                A::Finish | A::Hold => t.status == Status::Serving,
                _ => t.status == Status::OnHold,
            };
            match ok {
                true => Ok(()),
                false => Err(Denial::Ticket(t.status)),
            }
        }
        (A::Divert, Target::Ticket(t)) => {
            if !who.runs_queue() {
                return Err(Denial::NotQueue);
            }
            match t.status.is_final() {
                true => Err(Denial::Ticket(t.status)),
                false => Ok(()),
            }
        }
        (A::FlagCard, Target::Ticket(_)) => serving(who),
        (A::AcceptCard, Target::Card(c)) => {
            line(who, c)?;
            if let Some(r) = &c.receiver {
                if c.status.is_open() {
                    return Err(Denial::AlreadyAccepted(r.clone()));
                }
            }
            match c.status {
                CardStatus::New => Ok(()),
                s => Err(Denial::Card(s)),
            }
        }
        (A::RecordOutcome | A::ReferOn, Target::Card(c)) => {
            line(who, c)?;
            if !c.status.is_open() {
                return Err(Denial::Card(c.status));
            }
            match &c.receiver {
                None if act == A::RecordOutcome => Err(Denial::NotAccepted),
                Some(r) if *r != who.code => Err(Denial::NotReceiver(r.clone())),
                _ => Ok(()),
            }
        }
        (A::SweepCardLater | A::SweepCardHandBack, Target::Card(c)) => {
            if !who.runs_queue() {
                line(who, c)?;
            }
            match c.status.is_open() {
                true => Ok(()),
                false => Err(Denial::Card(c.status)),
            }
        }
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
        (A::Purge | A::EditRoster | A::EditSettings, Target::Branch) => head(who),
        (A::CloseDay, Target::Branch) => match who.runs_queue() {
            true => Ok(()),
            false => Err(Denial::NotCloser),
        },
        _ => Err(Denial::Nothing),
    }
}

fn serving(who: &Person) -> Result<(), Denial> {
    match who.serves() {
        true => Ok(()),
        false => Err(Denial::NotServing),
    }
}

/// A teller works the tickets at their own counter; the lobby manager and
/// the head work any.
fn own_counter(who: &Person, t: &Ticket) -> Result<(), Denial> {
    match t.counter {
        Some(c) if !who.runs_queue() && who.counter != Some(c) => Err(Denial::OtherCounter(c)),
        _ => Ok(()),
    }
}

fn line(who: &Person, c: &Card) -> Result<(), Denial> {
    match who.works_line(&c.line) {
        true => Ok(()),
        false => Err(Denial::NotLine(c.line.clone())),
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
mod tests {
    use super::*;
    use crate::domain::card::tests::card;
    use crate::domain::ticket::tests::ticket;

    fn person(code: &str, roles: &[&str], counter: Option<u32>, lines: &[&str]) -> Person {
        Person {
            code: code.into(),
            roles: roles.iter().map(|s| s.to_string()).collect(),
            counter,
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn each_role_does_its_own_work() {
        let teller = person("T01", &[TELLER], Some(1), &[]);
        let lobby = person("L01", &[LOBBY], None, &[]);
        let wealth = person("W01", &["wealth"], None, &["wealth"]);
        let head = person("H01", &[HEAD], None, &[]);
        let waiting = ticket(1, Status::Waiting);
        assert!(allowed(&teller, Act::RegisterWalkin, Target::Branch).is_ok());
        assert_eq!(
            allowed(&wealth, Act::RegisterWalkin, Target::Branch),
            Err(Denial::NotServing)
        );
        assert_eq!(
            allowed(&teller, Act::Divert, Target::Ticket(&waiting)),
            Err(Denial::NotQueue)
        );
        assert!(allowed(&lobby, Act::Divert, Target::Ticket(&waiting)).is_ok());
        let mut at2 = ticket(2, Status::Serving);
        at2.counter = Some(2);
        assert_eq!(
            allowed(&teller, Act::Finish, Target::Ticket(&at2)),
            Err(Denial::OtherCounter(2))
        );
        assert!(allowed(&lobby, Act::Finish, Target::Ticket(&at2)).is_ok());
        let c = card(1, "wealth");
        assert!(allowed(&wealth, Act::AcceptCard, Target::Card(&c)).is_ok());
        assert_eq!(
            allowed(&lobby, Act::AcceptCard, Target::Card(&c)),
            Err(Denial::NotLine("wealth".into()))
        );
        assert_eq!(
            allowed(&wealth, Act::RecordOutcome, Target::Card(&c)),
            Err(Denial::NotAccepted)
        );
        let p = ProspectState {
            owner: "W01",
            stage: Stage::Won,
            consent: true,
        };
        assert_eq!(
            allowed(&wealth, Act::Win, Target::Prospect(p)),
            Err(Denial::Ended(Stage::Won))
        );
        assert_eq!(
            allowed(&wealth, Act::Reassign, Target::Prospect(p)),
            Err(Denial::NotHead)
        );
        assert!(allowed(&head, Act::Purge, Target::Branch).is_ok());
        assert_eq!(
            allowed(&lobby, Act::Purge, Target::Branch),
            Err(Denial::NotHead)
        );
        assert!(allowed(&head, Act::EditSettings, Target::Branch).is_ok());
        for someone in [&teller, &lobby, &wealth] {
            assert_eq!(
                allowed(someone, Act::EditSettings, Target::Branch),
                Err(Denial::NotHead)
            );
        }
        assert!(allowed(&wealth, Act::ExportList, Target::Owner(Some("W01"))).is_ok());
        assert_eq!(
            allowed(&teller, Act::ExportList, Target::Owner(Some("T01"))),
            Err(Denial::NotHead)
        );
        assert_eq!(
            allowed(&wealth, Act::ExportList, Target::Owner(None)),
            Err(Denial::NotHead)
        );
    }
}
