//! Follow-ups: what the owner of a prospect (or the branch head) does with
//! it — log a contact, reschedule, win, lose, hand back, reassign, record the
//! client's consent — and putting a client on the follow-up list by hand.

use chrono::NaiveDate;
use serde_json::json;

use super::{clients, Op, OpError};
use crate::config::Catalog;
use crate::domain::authority::{self, Act, ProspectState, Target};
use crate::domain::card::{self, Card};
use crate::domain::event::{EventKind, Record};
use crate::domain::followup::{self, FollowRefusal, Rules, Stage};
use crate::domain::notice::NoticeKind;
use crate::i18n::Msg;
use crate::store::prospects::{Contact, NewProspect, Prospect};
use crate::store::staff::Staff;
use crate::store::Db;

/// A prospect as the authority table sees it.
pub fn state(p: &Prospect) -> ProspectState<'_> {
    ProspectState {
        owner: &p.owner,
        stage: p.stage,
        consent: p.consent,
    }
}

/// The follow-up rules the branch settings give.
pub fn rules(catalog: &Catalog) -> Rules {
    Rules {
        cadence_days: catalog.followup.cadence_days.clone(),
        alert_days: catalog.followup.overdue_alert_days,
        escalate_days: catalog.followup.escalate_days,
    }
}

/// The first contact of a new (or newly reassigned) prospect: today plus the
/// cadence's first step.
pub fn first_due(catalog: &Catalog, today: NaiveDate) -> NaiveDate {
    followup::next_due(&rules(catalog), 0, today)
}

/// The prospect as saved now, if `op.who` may do `act` to it.
fn load(db: &Db, op: &Op, id: i64, act: Act) -> Result<Prospect, OpError> {
    let p = db.prospect(id)?.ok_or(OpError::Changed(Record::Prospect))?;
    op.require(act, Target::Prospect(state(&p)))?;
    Ok(p)
}

/// A contact as the owner logs it. The texts stay on the contact record;
/// the trail holds only the channel and the next date.
#[derive(Clone, Debug, PartialEq)]
pub struct NewContact {
    /// A channel code of the branch settings.
    pub channel: String,
    pub summary: String,
    pub result: String,
    pub next_step: String,
    pub next_due: NaiveDate,
}

/// `l`: log a contact with a consenting client; the next contact is due
/// `c.next_due`.
pub fn log_contact(db: &Db, op: &Op, id: i64, c: &NewContact) -> Result<(), OpError> {
    let p = load(db, op, id, Act::LogContact)?;
    followup::can_contact(p.stage, p.consent)?;
    followup::check_due(c.next_due, op.day)?;
    db.add_contact(&Contact {
        prospect_id: p.id,
        at: op.now,
        by: op.who.code.clone(),
        channel: c.channel.clone(),
        summary: c.summary.clone(),
        result: c.result.clone(),
        next_step: c.next_step.clone(),
        next_due: Some(c.next_due),
    })?;
    op.event(
        db,
        EventKind::ProspectContact,
        Some(p.id),
        json!({"channel": c.channel, "next_due": c.next_due.to_string()}),
    )?;
    Ok(())
}

/// `z`: move the next contact to `due` (today or later).
pub fn reschedule(db: &Db, op: &Op, id: i64, due: NaiveDate) -> Result<(), OpError> {
    let p = load(db, op, id, Act::Reschedule)?;
    followup::must_be_open(p.stage)?;
    followup::check_due(due, op.day)?;
    db.set_due(p.id, due)?;
    op.event(
        db,
        EventKind::ProspectReschedule,
        Some(p.id),
        json!({"from": p.next_due.map(|d| d.to_string()), "to": due.to_string()}),
    )?;
    Ok(())
}

/// What winning a prospect did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Won {
    /// The staff member credited for the referral (the chain's original
    /// referrer), when the prospect came from a card.
    pub credited: Option<String>,
}

/// `w`: the client bought `product` for `amount_cents`. A prospect made from
/// a card contracts the card too, crediting the chain's original referrer;
/// the contract is closed by the prospect's owner, who did the work (the
/// branch head recording it for them included).
pub fn win(db: &Db, op: &Op, id: i64, product: &str, amount_cents: i64) -> Result<Won, OpError> {
    let p = load(db, op, id, Act::Win)?;
    followup::must_be_open(p.stage)?;
    if !db.end_prospect(
        p.id,
        Stage::Won,
        None,
        Some(product),
        Some(amount_cents),
        "",
        op.now,
    )? {
        return Err(OpError::Changed(Record::Prospect));
    }
    op.event(
        db,
        EventKind::ProspectWon,
        Some(p.id),
        json!({"product": product, "amount_cents": amount_cents, "closed_by": p.owner}),
    )?;
    let Some(source) = p.source_card.map(|c| db.card(c)).transpose()?.flatten() else {
        return Ok(Won { credited: None });
    };
    let credited = credited(db, &source)?;
    // A card already contracted (or referred on) stays as it is.
    if let Ok(won) = card::win_later(&source, &p.owner, product, amount_cents, op.now) {
        if !db.update_card(&source, &won)? {
            return Err(OpError::Changed(Record::Card));
        }
        op.event(
            db,
            EventKind::CardContracted,
            Some(source.id),
            json!({
                "product": product,
                "amount_cents": amount_cents,
                "credited": credited,
                "closed_by": p.owner,
                "prospect": p.id,
            }),
        )?;
        super::cards::tell_referrer(db, op, &won, NoticeKind::CardSettled)?;
    }
    Ok(Won {
        credited: Some(credited),
    })
}

/// The staff member a card's chain credits: its original referrer.
fn credited(db: &Db, c: &Card) -> Result<String, OpError> {
    Ok(card::credited(&db.chain(c.root_id.unwrap_or(c.id))?)
        .unwrap_or(&c.referrer)
        .to_string())
}

/// A card just contracted settles the client's open prospect on its line
/// (made from that card, or from an earlier visit) as won, with the card's
/// product and amount, credited to the chain's original referrer and closed
/// by the person who contracted it. The prospect won, if any.
pub fn settle_won(db: &Db, op: &Op, contracted: &Card) -> Result<Option<i64>, OpError> {
    let open: Vec<Prospect> = db
        .client_prospects(contracted.client_id)?
        .into_iter()
        .filter(|p| {
            p.stage == Stage::Open
                && (p.source_card == Some(contracted.id)
                    || p.line.as_deref() == Some(contracted.line.as_str()))
        })
        .collect();
    let mut won = None;
    for p in open {
        let (product, amount) = (contracted.product.as_deref(), contracted.amount_cents);
        if !db.end_prospect(p.id, Stage::Won, None, product, amount, "", op.now)? {
            return Err(OpError::Changed(Record::Prospect));
        }
        op.event(
            db,
            EventKind::ProspectWon,
            Some(p.id),
            json!({
                "product": product,
                "amount_cents": amount,
                "card": contracted.id,
                "credited": credited(db, contracted)?,
                "closed_by": op.who.code,
            }),
        )?;
        won = Some(p.id);
    }
    Ok(won)
}

/// `L`: the client will not buy, for `reason` (a code of the settings'
/// lost reasons); the note stays on the prospect, not in the trail.
pub fn lose(db: &Db, op: &Op, id: i64, reason: &str, note: &str) -> Result<(), OpError> {
    let p = load(db, op, id, Act::Lose)?;
    if op.catalog.lost_reason(reason).is_none() {
        return Err(OpError::Invalid(Msg::FieldReason, reason.to_string()));
    }
    followup::must_be_open(p.stage)?;
    if !db.end_prospect(p.id, Stage::Lost, Some(reason), None, None, note, op.now)? {
        return Err(OpError::Changed(Record::Prospect));
    }
    op.event(
        db,
        EventKind::ProspectLost,
        Some(p.id),
        json!({ "reason": reason }),
    )?;
    Ok(())
}

/// `b`: back to the branch head, who reassigns it.
pub fn hand_back(db: &Db, op: &Op, id: i64) -> Result<(), OpError> {
    let p = load(db, op, id, Act::HandBack)?;
    followup::must_be_open(p.stage)?;
    if !db.end_prospect(p.id, Stage::HandedBack, None, None, None, "", op.now)? {
        return Err(OpError::Changed(Record::Prospect));
    }
    op.event(
        db,
        EventKind::ProspectHandBack,
        Some(p.id),
        json!({ "owner": p.owner }),
    )?;
    Ok(())
}

/// `R`, the branch head only: give the prospect to `to`. A handed-back one
/// opens again, due by the cadence's first step. Refused when `to` would be
/// a third marketer on the client.
pub fn reassign(db: &Db, op: &Op, id: i64, to: &str) -> Result<(), OpError> {
    let p = load(db, op, id, Act::Reassign)?;
    followup::can_reassign(p.stage, &p.owner, to)?;
    if !db.staff(to)?.is_some_and(|s| may_own(&s)) {
        return Err(FollowRefusal::NotStaff.into());
    }
    clients::check_marketers(db, p.client_id, None, Some(p.id), &[to])?;
    if !db.reassign_prospect(p.id, to, first_due(op.catalog, op.day))? {
        return Err(OpError::Changed(Record::Prospect));
    }
    op.event(
        db,
        EventKind::ProspectReassign,
        Some(p.id),
        json!({"from": p.owner, "to": to, "stage": p.stage.as_str()}),
    )?;
    Ok(())
}

/// Who may be given a prospect: an active member of staff, not a kiosk or
/// a calling display.
pub fn may_own(s: &Staff) -> bool {
    s.active && !s.has_role(authority::KIOSK) && !s.has_role(authority::DISPLAY)
}

/// The client's answer to being contacted, given on this prospect. A
/// withdrawal takes the client off every contact list at once.
pub fn record_consent(db: &Db, op: &Op, id: i64, consent: bool) -> Result<(), OpError> {
    let p = load(db, op, id, Act::RecordConsent)?;
    db.record_consent(
        p.client_id,
        consent,
        &op.who.code,
        op.now,
        Some((Record::Prospect.as_str(), p.id)),
    )?;
    Ok(())
}

/// A client put on the follow-up list by hand.
#[derive(Clone, Debug, PartialEq)]
pub struct ByHand {
    /// The client chosen on the Clients tab, if any.
    pub client: Option<i64>,
    /// The name and mobile as typed; `None` keeps what is stored for
    /// `client` (a masked value left as it was shown).
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub line: String,
    /// The client's explicit answer to being contacted.
    pub consent: bool,
    /// Kept on the prospect, never in the trail.
    pub note: String,
    pub next_due: NaiveDate,
}

/// `a` (or `n` on the Clients tab): put a client on the acting person's own
/// follow-up list (unless that makes a third marketer on the client). The
/// client is the one chosen (a name typed is saved over theirs), or found
/// (or added) by the mobile typed. Returns the new prospect's id.
pub fn add_prospect(db: &Db, op: &Op, new: &ByHand) -> Result<i64, OpError> {
    op.require(Act::AddProspect, Target::Branch)?;
    followup::check_due(new.next_due, op.day)?;
    let client = match (new.client, &new.mobile) {
        (Some(id), None) => {
            let c = db.client(id)?.ok_or(OpError::Changed(Record::Client))?;
            if let Some(name) = &new.name {
                clients::rename(db, op, &c, name)?;
            }
            id
        }
        (_, mobile) => clients::find_or_add(db, op, new.name.as_deref(), mobile.as_deref())?.0,
    };
    if db.open_prospect(client, Some(&new.line))?.is_some() {
        return Err(OpError::AlreadyProspect);
    }
    clients::check_marketers(db, client, None, None, &[op.who.code.as_str()])?;
    db.record_consent(client, new.consent, &op.who.code, op.now, None)?;
    let prospect = NewProspect {
        client_id: client,
        owner: op.who.code.clone(),
        source_card: None,
        line: Some(new.line.clone()),
        next_due: new.next_due,
    };
    let details = json!({
        "by_hand": true,
        "consent": new.consent,
        "line": new.line,
        "next_due": new.next_due.to_string(),
    });
    let id = put(db, op, &prospect, details)?;
    db.set_prospect_note(id, &new.note)?;
    Ok(id)
}

/// A new prospect and its `prospect.add` event (with `details`): every
/// way onto the follow-up list ends here.
pub(super) fn put(
    db: &Db,
    op: &Op,
    new: &NewProspect,
    details: serde_json::Value,
) -> Result<i64, OpError> {
    let id = db.add_prospect(new, op.now)?;
    op.event(db, EventKind::ProspectAdd, Some(id), details)?;
    Ok(id)
}
