//! The referral card (转介绍明白卡): its life cycle, re-referral and attribution.

use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardStatus {
    New,
    Accepted,
    /// Documents pending (意向): the card stays open.
    Intent,
    /// Deal done (签约).
    Contracted,
    Declined,
    /// Not now, or the client left: continues as a prospect.
    FollowUp,
    /// Passed on to another line as a child card.
    Referred,
}

impl CardStatus {
    pub const ALL: [CardStatus; 7] = [
        CardStatus::New,
        CardStatus::Accepted,
        CardStatus::Intent,
        CardStatus::Contracted,
        CardStatus::Declined,
        CardStatus::FollowUp,
        CardStatus::Referred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::New => "new",
            CardStatus::Accepted => "accepted",
            CardStatus::Intent => "intent",
            CardStatus::Contracted => "contracted",
            CardStatus::Declined => "declined",
            CardStatus::FollowUp => "follow_up",
            CardStatus::Referred => "referred",
        }
    }

    pub fn parse(s: &str) -> Option<CardStatus> {
        CardStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Still being worked by its line.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CardStatus::New | CardStatus::Accepted | CardStatus::Intent
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub client_id: i64,
    /// The original referrer: keeps the credit through every re-referral.
    pub referrer: String,
    /// Who made this card (the referrer, or the manager who referred it on).
    pub referred_by: String,
    pub line: String,
    pub need: String,
    pub note: String,
    pub consent: bool,
    pub created_at: DateTime<Utc>,
    /// 责任人: the manager who accepted the card.
    pub receiver: Option<String>,
    /// 协助人: at most one assistant.
    pub assistant: Option<String>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub status: CardStatus,
    pub objection: Option<String>,
    pub product: Option<String>,
    pub amount_cents: Option<i64>,
    pub outcome_note: Option<String>,
    pub outcome_at: Option<DateTime<Utc>>,
    pub parent_id: Option<i64>,
    /// The first card of the chain (itself for an original card).
    pub root_id: Option<i64>,
    /// Who closed the contract (the "closed" points): the receiver who
    /// recorded it, or the owner of the prospect won later.
    pub closed_by: Option<String>,
    /// The manager the card is meant for first (a pair's manager, the
    /// client's dedicated manager); `None`: the whole line.
    pub assigned_to: Option<String>,
}

impl Card {
    /// A new card as its referrer makes it: not yet accepted, the root of its
    /// own chain once saved.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        ticket_id: Option<i64>,
        client_id: i64,
        referrer: &str,
        line: &str,
        need: &str,
        note: &str,
        consent: bool,
        now: DateTime<Utc>,
    ) -> Card {
        Card {
            id: 0,
            ticket_id,
            client_id,
            referrer: referrer.to_string(),
            referred_by: referrer.to_string(),
            line: line.to_string(),
            need: need.to_string(),
            note: note.to_string(),
            consent,
            created_at: now,
            receiver: None,
            assistant: None,
            accepted_at: None,
            status: CardStatus::New,
            objection: None,
            product: None,
            amount_cents: None,
            outcome_note: None,
            outcome_at: None,
            parent_id: None,
            root_id: None,
            closed_by: None,
            assigned_to: None,
        }
    }
}

/// What the receiver records.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Contracted { product: String, amount_cents: i64 },
    Intent,
    Declined { objection: String },
    NotNow,
    ClientLeft,
}

impl Outcome {
    /// Whether the client goes on the follow-up list.
    pub fn makes_prospect(&self) -> bool {
        matches!(
            self,
            Outcome::Intent | Outcome::NotNow | Outcome::ClientLeft
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardRefusal {
    Impossible {
        step: &'static str,
        status: CardStatus,
    },
    /// Someone else accepted it first.
    AlreadyAccepted { by: String },
    /// An outcome needs a receiver: accept first.
    NotAccepted,
    /// Only the receiver records the outcome or refers on.
    NotReceiver { receiver: String },
    /// A card cannot be referred on to its own line.
    SameLine,
    /// The client already has an open card on that line.
    Duplicate {
        card: i64,
        owner: String,
        line: String,
    },
    /// Never more than two marketers on one client.
    TooManyStaff,
}

/// `a`: the manager becomes the card's receiver (责任人).
pub fn accept(card: &Card, who: &str, now: DateTime<Utc>) -> Result<Card, CardRefusal> {
    if let Some(by) = &card.receiver {
        return Err(CardRefusal::AlreadyAccepted { by: by.clone() });
    }
    if card.status != CardStatus::New {
        return Err(CardRefusal::Impossible {
            step: "accept",
            status: card.status,
        });
    }
    if card.assistant.as_deref() == Some(who) {
        // The assistant taking the card leaves one marketer, not two.
        let mut c = card.clone();
        c.assistant = None;
        return accept(&c, who, now);
    }
    let mut c = card.clone();
    c.receiver = Some(who.to_string());
    c.accepted_at = Some(now);
    c.status = CardStatus::Accepted;
    check_staff(&c)?;
    Ok(c)
}

/// `o`: the receiver records the outcome.
pub fn record(
    card: &Card,
    who: &str,
    outcome: &Outcome,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Card, CardRefusal> {
    match (&card.receiver, card.status) {
        (None, CardStatus::New) => return Err(CardRefusal::NotAccepted),
        (Some(r), CardStatus::Accepted | CardStatus::Intent) if r != who => {
            return Err(CardRefusal::NotReceiver {
                receiver: r.clone(),
            })
        }
        (Some(_), CardStatus::Accepted | CardStatus::Intent) => {}
        (_, status) => {
            return Err(CardRefusal::Impossible {
                step: "outcome",
                status,
            })
        }
    }
    let mut c = settle(card, outcome, note, now)?;
    if c.status == CardStatus::Contracted {
        c.closed_by = Some(who.to_string());
    }
    Ok(c)
}

/// At the closing sweep the lobby manager or the branch head settles an open
/// card on its line's behalf, accepted or not: nothing is left open at close.
pub fn settle(
    card: &Card,
    outcome: &Outcome,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Card, CardRefusal> {
    let repeat_intent = card.status == CardStatus::Intent && *outcome == Outcome::Intent;
    if !card.status.is_open() || repeat_intent {
        return Err(CardRefusal::Impossible {
            step: "outcome",
            status: card.status,
        });
    }
    let mut c = card.clone();
    c.outcome_at = Some(now);
    c.outcome_note = note;
    c.status = match outcome {
        Outcome::Contracted {
            product,
            amount_cents,
        } => {
            c.product = Some(product.clone());
            c.amount_cents = Some(*amount_cents);
            CardStatus::Contracted
        }
        Outcome::Intent => CardStatus::Intent,
        Outcome::Declined { objection } => {
            c.objection = Some(objection.clone());
            CardStatus::Declined
        }
        Outcome::NotNow | Outcome::ClientLeft => CardStatus::FollowUp,
    };
    Ok(c)
}

/// A prospect won later: its source card becomes contracted, whatever the
/// outcome recorded at the time (intent, not now, declined), closed by
/// `closer` (the prospect's owner, who did the work).
pub fn win_later(
    card: &Card,
    closer: &str,
    product: &str,
    amount_cents: i64,
    now: DateTime<Utc>,
) -> Result<Card, CardRefusal> {
    if matches!(card.status, CardStatus::Contracted | CardStatus::Referred) {
        return Err(CardRefusal::Impossible {
            step: "win",
            status: card.status,
        });
    }
    let mut c = card.clone();
    c.status = CardStatus::Contracted;
    c.product = Some(product.to_string());
    c.amount_cents = Some(amount_cents);
    c.outcome_at = Some(now);
    c.closed_by = Some(closer.to_string());
    Ok(c)
}

/// Whether `t` may pass the card on: while it is open, or once contracted
/// (a client who signs here and needs another line too).
pub fn can_refer_on(status: CardStatus) -> bool {
    status.is_open() || status == CardStatus::Contracted
}

/// `t`: pass the card on to another line. Returns the parent as it is now
/// (closed as referred; a contracted card stays contracted) and the child,
/// which carries the history: parent, original referrer, client, ticket,
/// consent; the manager who referred it on stays as its assistant.
pub fn refer_on(
    parent: &Card,
    who: &str,
    line: &str,
    need: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(Card, Card), CardRefusal> {
    if !can_refer_on(parent.status) {
        return Err(CardRefusal::Impossible {
            step: "refer",
            status: parent.status,
        });
    }
    if let Some(r) = parent.receiver.as_deref().filter(|r| *r != who) {
        return Err(CardRefusal::NotReceiver {
            receiver: r.to_string(),
        });
    }
    if parent.line == line {
        return Err(CardRefusal::SameLine);
    }
    let mut closed = parent.clone();
    if parent.status.is_open() {
        closed.status = CardStatus::Referred;
        closed.outcome_at = Some(now);
    }
    let child = Card {
        referrer: parent.referrer.clone(),
        referred_by: who.to_string(),
        assistant: parent.receiver.clone(),
        parent_id: Some(parent.id),
        root_id: Some(parent.root_id.unwrap_or(parent.id)),
        ..Card::new(
            parent.ticket_id,
            parent.client_id,
            who,
            line,
            need,
            note,
            parent.consent,
            now,
        )
    };
    Ok((closed, child))
}

/// No second open card for the same client on the same line (争抢客户, 重复营销).
/// `existing` are the client's cards on that line.
pub fn check_duplicate(existing: &[Card]) -> Result<(), CardRefusal> {
    match existing.iter().find(|c| c.status.is_open()) {
        Some(c) => Err(CardRefusal::Duplicate {
            card: c.id,
            owner: c.receiver.clone().unwrap_or_else(|| c.referred_by.clone()),
            line: c.line.clone(),
        }),
        None => Ok(()),
    }
}

/// The marketers attached to a card: receiver and assistant, never more than two.
pub fn attached(card: &Card) -> Vec<&str> {
    let mut v: Vec<&str> = card
        .receiver
        .iter()
        .chain(card.assistant.iter())
        .map(String::as_str)
        .collect();
    v.dedup();
    v
}

fn check_staff(card: &Card) -> Result<(), CardRefusal> {
    if attached(card).len() > 2 || (card.receiver.is_some() && card.receiver == card.assistant) {
        return Err(CardRefusal::TooManyStaff);
    }
    Ok(())
}

/// Whether a card has waited `minutes` since it landed (a card meant for
/// one manager is then open to every manager of its line).
pub fn waited_past(card: &Card, now: DateTime<Utc>, minutes: i64) -> bool {
    now - card.created_at >= chrono::Duration::minutes(minutes)
}

/// Who is credited when a chain converts: the original referrer.
pub fn credited(chain: &[Card]) -> Option<&str> {
    chain
        .iter()
        .find(|c| c.parent_id.is_none())
        .or(chain.first())
        .map(|c| c.referrer.as_str())
}

#[cfg(test)]
pub(crate) mod tests;
