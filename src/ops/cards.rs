//! The referral card's operations: a teller flags a card on a ticket, the
//! line's manager accepts it, records its outcome or refers it on, and the
//! closing sweep moves a card nobody finished off the lines for the night.

use chrono::NaiveDate;
use serde_json::json;

use super::pairs::{self, Routing};
use super::{clients, notices, Op, OpError};
use crate::domain::authority::{Act, Target, HEAD};
use crate::domain::card::{self, Card, CardStatus, Outcome};
use crate::domain::event::{EventKind, Record};
use crate::domain::followup::Stage;
use crate::domain::notice::{NoticeKind, To};
use crate::domain::validate::{self, Invalid};
use crate::i18n::Msg;
use crate::store::clients::Client;
use crate::store::prospects::NewProspect;
use crate::store::Db;

/// The teller's card form (`r` on a ticket), as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCard {
    pub ticket: i64,
    /// A need of the catalog.
    pub need: String,
    /// A line of the catalog.
    pub line: String,
    /// The client's answer to being contacted: always asked, never assumed.
    pub consent: bool,
    pub note: String,
    /// `None`: keep what is stored (a masked field left as shown).
    pub name: Option<String>,
    /// `None`: keep what is stored (a masked field left as shown).
    pub mobile: Option<String>,
}

/// `r` on a ticket: the client found (by mobile) or added, their answer to
/// being contacted recorded, and a new card for the line unless the client
/// already has an open one there. The card is meant for the client's
/// dedicated manager on the line, else the teller's pair there
/// ([`flag_card_to`] to say otherwise).
pub fn flag_card(db: &Db, op: &Op, input: &NewCard) -> Result<Card, OpError> {
    flag_card_to(db, op, input, &Routing::Default)
}

/// [`flag_card`], the card meant for whom the form says.
pub fn flag_card_to(db: &Db, op: &Op, input: &NewCard, routing: &Routing) -> Result<Card, OpError> {
    let ticket = db
        .ticket(input.ticket)?
        .ok_or(OpError::Changed(Record::Ticket))?;
    op.require(Act::FlagCard, Target::Ticket(&ticket))?;
    if op.catalog.need(&input.need).is_none() {
        return Err(OpError::Field(Msg::FieldNeed, Invalid::Required));
    }
    if op.catalog.line(&input.line).is_none() {
        return Err(OpError::Field(Msg::FieldLine, Invalid::Required));
    }
    let note = validate::text(&input.note, validate::NOTE_MAX, true)
        .map_err(|e| OpError::Field(Msg::FieldNote, e))?
        .unwrap_or_default();
    let typed = |m: Msg,
                 v: &Option<String>,
                 check: fn(&str, bool) -> Result<Option<String>, Invalid>| match v {
        Some(v) => check(v, false).map_err(|e| OpError::Field(m, e)),
        None => Ok(None),
    };
    let name: Option<String> = typed(Msg::FieldName, &input.name, validate::name)?;
    let mobile: Option<String> = typed(Msg::FieldMobile, &input.mobile, validate::mobile)?;
    let stored = match ticket.client_id {
        Some(id) => db.client(id)?,
        None => None,
    };
    let stored_mobile = stored
        .as_ref()
        .and_then(|c| c.mobile.clone())
        .filter(|m| !m.is_empty());
    // A name kept as stored still fills a client found by a new mobile.
    let fill = match &input.name {
        None => stored.as_ref().and_then(|c| c.name.clone()),
        Some(_) => name.clone(),
    };
    let client = match (mobile.as_deref(), &stored) {
        // The ticket's own client, their details edited.
        (Some(m), Some(c)) if stored_mobile.as_deref() == Some(m) => edited(db, op, c, &name)?,
        (None, Some(c)) if stored_mobile.is_some() => edited(db, op, c, &name)?,
        // Another client's mobile: the same person, or refused.
        (Some(m), _) => clients::find_or_add(db, op, fill.as_deref(), Some(m))?.0,
        (None, _) => return Err(OpError::Field(Msg::FieldMobile, Invalid::Required)),
    };
    if ticket.client_id != Some(client) {
        db.set_ticket_client(ticket.id, client)?;
    }
    card::check_duplicate(&db.client_cards_on_line(client, &input.line)?)?;
    clients::check_new_card(db, op, client, &input.line)?;
    db.record_consent(
        client,
        input.consent,
        &op.who.code,
        op.now,
        Some((Record::Ticket.as_str(), ticket.id)),
    )?;
    let mut new = Card::new(
        Some(ticket.id),
        client,
        &op.who.code,
        &input.line,
        &input.need,
        &note,
        input.consent,
        op.now,
    );
    let via_pair = pairs::route(db, op, &mut new, routing)?;
    let c = db.insert_card(&new)?;
    pairs::mark_saved(db, &c, via_pair)?;
    op.event(
        db,
        EventKind::CardAdd,
        Some(c.id),
        json!({"ticket": ticket.id, "line": c.line, "need": c.need, "consent": c.consent,
               "to": c.assigned_to}),
    )?;
    landed(db, op, &c)?;
    super::cross_sell::from_prompt(db, op, &c)?;
    Ok(c)
}

/// Tell a new card's receivers it landed: the manager it is meant for, else
/// the line's managers.
fn landed(db: &Db, op: &Op, c: &Card) -> Result<(), OpError> {
    let to = match (
        &c.assigned_to,
        op.catalog.line(&c.line).and_then(|l| l.role.clone()),
    ) {
        (Some(m), _) => To::Person(m.clone()),
        (None, Some(role)) => To::Role(role),
        (None, None) => return Ok(()),
    };
    notices::tell(db, op, to, NoticeKind::CardLanded, Record::Card, c.id, "")?;
    Ok(())
}

/// Tell a card's referrer what became of it (not when they did it themselves).
pub(super) fn tell_referrer(db: &Db, op: &Op, c: &Card, kind: NoticeKind) -> Result<(), OpError> {
    if c.referrer == op.who.code {
        return Ok(());
    }
    let detail = match kind {
        NoticeKind::CardSettled => c.status.as_str(),
        _ => "",
    };
    let to = To::Person(c.referrer.clone());
    notices::tell(db, op, to, kind, Record::Card, c.id, detail)?;
    Ok(())
}

/// The ticket's client with the name typed (if any) saved over the stored one.
fn edited(db: &Db, op: &Op, c: &Client, name: &Option<String>) -> Result<i64, OpError> {
    if let Some(n) = name {
        clients::rename(db, op, c, n)?;
    }
    Ok(c.id)
}

/// The card as stored now: a card gone is a card changed.
fn load(db: &Db, id: i64) -> Result<Card, OpError> {
    db.card(id)?.ok_or(OpError::Changed(Record::Card))
}

/// Save `new` over `old`, unless someone changed the card since it was read.
fn save(db: &Db, old: &Card, new: &Card) -> Result<(), OpError> {
    match db.update_card(old, new)? {
        true => Ok(()),
        false => Err(OpError::Changed(Record::Card)),
    }
}

/// `a` in a line's pane: the manager becomes the card's receiver. Of two
/// managers racing, one wins; the other is told the card changed. A card
/// meant for one manager is theirs to take until it has waited
/// `thresholds.pair_accept_minutes`; then any manager of the line's.
pub fn accept_card(db: &Db, op: &Op, card_id: i64) -> Result<Card, OpError> {
    let old = load(db, card_id)?;
    op.require(Act::AcceptCard, pairs::offer(&old, op.now, op.catalog))?;
    let new = card::accept(&old, &op.who.code, op.now)?;
    clients::check_marketers(db, new.client_id, Some(new.id), None, &card::attached(&new))?;
    save(db, &old, &new)?;
    op.event(
        db,
        EventKind::CardAccept,
        Some(card_id),
        json!({"receiver": op.who.code}),
    )?;
    tell_referrer(db, op, &new, NoticeKind::CardAccepted)?;
    Ok(new)
}

/// What recording an outcome did.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    pub card: Card,
    /// Whether the client was to go on the follow-up list.
    pub kept: bool,
    /// The prospect added (`None` when the client was already on the list
    /// for the line, or not kept).
    pub prospect: Option<i64>,
    /// A contract: the client's open prospect on the line (from this card or
    /// not), now won.
    pub won: Option<i64>,
}

/// `o` in a line's pane: the receiver records the outcome. The client goes
/// on the receiver's follow-up list when the outcome asks for a follow-up
/// (intent, not now, the client left), or when declined and
/// `keep_as_prospect`; a contract ignores `keep_as_prospect`, and settles
/// the client's open prospect on the line as won (an intent signed at last).
pub fn record_outcome(
    db: &Db,
    op: &Op,
    card_id: i64,
    outcome: &Outcome,
    note: Option<String>,
    keep_as_prospect: bool,
) -> Result<Recorded, OpError> {
    let old = load(db, card_id)?;
    op.require(Act::RecordOutcome, Target::Card(&old))?;
    if let Some(n) = &note {
        validate::text(n, validate::NOTE_MAX, false)
            .map_err(|e| OpError::Field(Msg::FieldNote, e))?;
    }
    match outcome {
        Outcome::Contracted { product, .. } if op.catalog.product(product).is_none() => {
            return Err(OpError::Field(Msg::FieldProduct, Invalid::Required))
        }
        Outcome::Declined { objection } if op.catalog.objection(objection).is_none() => {
            return Err(OpError::Field(Msg::FieldObjection, Invalid::Required))
        }
        _ => {}
    }
    let new = card::record(&old, &op.who.code, outcome, note, op.now)?;
    save(db, &old, &new)?;
    op.event(
        db,
        EventKind::CardOutcome,
        Some(card_id),
        json!({"status": new.status.as_str(), "product": new.product,
               "amount_cents": new.amount_cents, "objection": new.objection}),
    )?;
    tell_referrer(db, op, &new, NoticeKind::CardSettled)?;
    let kept = outcome.makes_prospect()
        || (matches!(outcome, Outcome::Declined { .. }) && keep_as_prospect);
    let prospect = match kept {
        true => self::keep_as_prospect(db, op, &new, &op.who.code)?,
        false => None,
    };
    let won = match new.status {
        CardStatus::Contracted => super::prospects::settle_won(db, op, &new)?,
        _ => None,
    };
    Ok(Recorded {
        card: new,
        kept,
        prospect,
        won,
    })
}

/// `t` in a line's pane: the card passes on to another line as a child card
/// (an open parent closes as referred; a contracted one stays contracted),
/// unless the client already has an open card there. The child keeps the
/// chain and its original referrer. Returns the parent and the child.
pub fn refer_on(
    db: &Db,
    op: &Op,
    card_id: i64,
    line: &str,
    need: &str,
    note: &str,
) -> Result<(Card, Card), OpError> {
    let old = load(db, card_id)?;
    op.require(Act::ReferOn, Target::Card(&old))?;
    if op.catalog.need(need).is_none() {
        return Err(OpError::Field(Msg::FieldNeed, Invalid::Required));
    }
    if op.catalog.line(line).is_none() {
        return Err(OpError::Field(Msg::FieldLine, Invalid::Required));
    }
    let note = validate::text(note, validate::NOTE_MAX, true)
        .map_err(|e| OpError::Field(Msg::FieldNote, e))?
        .unwrap_or_default();
    let (closed, mut child) = card::refer_on(&old, &op.who.code, line, need, &note, op.now)?;
    let via_pair = pairs::route(db, op, &mut child, &Routing::Default)?;
    card::check_duplicate(&db.client_cards_on_line(child.client_id, line)?)?;
    clients::check_marketers(
        db,
        child.client_id,
        Some(old.id),
        None,
        &card::attached(&child),
    )?;
    save(db, &old, &closed)?;
    let child = db.insert_card(&child)?;
    pairs::mark_saved(db, &child, via_pair)?;
    op.event(
        db,
        EventKind::CardRefer,
        Some(card_id),
        json!({"child": child.id, "line": line}),
    )?;
    op.event(
        db,
        EventKind::CardAdd,
        Some(child.id),
        json!({"parent": card_id, "line": line, "need": need, "consent": child.consent,
               "to": child.assigned_to}),
    )?;
    landed(db, op, &child)?;
    Ok((closed, child))
}

/// What the closing sweep did with a card.
#[derive(Clone, Debug, PartialEq)]
pub struct Swept {
    pub card: Card,
    /// The prospect the card became (`None`: the client was already on the
    /// follow-up list for the line, and stays there as they were).
    pub prospect: Option<i64>,
    /// Whom the prospect belongs to.
    pub owner: String,
    pub due: NaiveDate,
}

/// The closing sweep, on a card still open at close: it leaves the lines for
/// the follow-up list (`hand_back`: straight back to the branch head, who
/// gives it out again). The card is marked for follow-up, never contracted or
/// declined: an outcome is the receiver's to record ([`record_outcome`]).
///
/// The prospect belongs to the card's receiver; a card nobody accepted goes
/// to its line's manager when the line has exactly one on the roster, else to
/// the branch head to give out (a branch without a head on the roster: to the
/// person sweeping).
pub fn sweep_card(db: &Db, op: &Op, card_id: i64, hand_back: bool) -> Result<Swept, OpError> {
    let old = load(db, card_id)?;
    let act = match hand_back {
        true => Act::SweepCardHandBack,
        false => Act::SweepCardLater,
    };
    op.require(act, Target::Card(&old))?;
    let new = card::settle(&old, &Outcome::NotNow, None, op.now)?;
    save(db, &old, &new)?;
    op.event(
        db,
        EventKind::CardOutcome,
        Some(card_id),
        json!({"status": new.status.as_str(), "sweep": true}),
    )?;
    tell_referrer(db, op, &new, NoticeKind::CardSettled)?;
    let owner = match &new.receiver {
        Some(r) => r.clone(),
        None => pool_owner(db, op, &new.line)?,
    };
    let prospect = keep_as_prospect(db, op, &new, &owner)?;
    if let (Some(id), true) = (prospect, hand_back) {
        if db.end_prospect(id, Stage::HandedBack, None, None, None, "", op.now)? {
            op.event(
                db,
                EventKind::ProspectHandBack,
                Some(id),
                json!({"sweep": true}),
            )?;
        }
    }
    Ok(Swept {
        card: new,
        prospect,
        owner,
        due: super::prospects::first_due(op.catalog, op.day),
    })
}

/// Who follows up a card nobody accepted: the line's only manager, else the
/// branch head, else the person sweeping.
fn pool_owner(db: &Db, op: &Op, line: &str) -> Result<String, OpError> {
    let roster = db.roster()?;
    let role = op.catalog.line(line).and_then(|l| l.role.clone());
    let active = || roster.iter().filter(|s| s.active);
    let managers: Vec<&str> = active()
        .filter(|s| role.as_deref().is_some_and(|r| s.has_role(r)))
        .map(|s| s.code.as_str())
        .collect();
    let head = active().find(|s| s.has_role(HEAD)).map(|s| s.code.as_str());
    Ok(match (managers.as_slice(), head) {
        ([only], _) => only.to_string(),
        (_, Some(h)) => h.to_string(),
        _ => op.who.code.clone(),
    })
}

/// Put the card's client on `owner`'s follow-up list for the card's line,
/// first due after the cadence's first step; nothing if the client is on the
/// list for that line already. The new prospect's id.
pub fn keep_as_prospect(
    db: &Db,
    op: &Op,
    card: &Card,
    owner: &str,
) -> Result<Option<i64>, OpError> {
    if db
        .open_prospect(card.client_id, Some(&card.line))?
        .is_some()
    {
        return Ok(None);
    }
    let due = super::prospects::first_due(op.catalog, op.day);
    let prospect = NewProspect {
        client_id: card.client_id,
        owner: owner.to_string(),
        source_card: Some(card.id),
        line: Some(card.line.clone()),
        next_due: due,
    };
    let details = json!({"card": card.id, "owner": owner, "next_due": due.to_string()});
    Ok(Some(super::prospects::put(db, op, &prospect, details)?))
}
