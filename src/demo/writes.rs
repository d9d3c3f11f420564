//! Referral cards and follow-ups: the application's writes, with their events.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::data;
use super::desk::{card_note, Desk};
use super::events::EventLog;
use super::rng::{made_up_client, Rng};
use crate::domain::card::{self, Card, Outcome};
use crate::domain::event::EventKind;
use crate::domain::followup::Stage;
use crate::store::prospects::{Contact, NewProspect};
use crate::store::{Db, StoreError};

/// The card form (`r`) saved: the client's answer on being contacted
/// (`client.consent`), the card, and `card.add`.
#[allow(clippy::too_many_arguments)]
pub(super) fn new_card(
    db: &Db,
    log: &mut EventLog,
    ticket: Option<i64>,
    client: i64,
    referrer: &str,
    line: &str,
    need: &str,
    consent: bool,
    at: DateTime<Utc>,
    rng: &mut Rng,
) -> Result<Card, StoreError> {
    db.set_consent(client, consent, referrer, at)?;
    log.add(
        at,
        referrer,
        EventKind::ClientConsent,
        Some(client),
        json!({"consent": consent, "ticket": ticket}),
    );
    let note = card_note(rng, need);
    let c = db.insert_card(&Card::new(
        ticket, client, referrer, line, need, &note, consent, at,
    ))?;
    log.add(
        at,
        referrer,
        EventKind::CardAdd,
        Some(c.id),
        json!({"ticket": ticket, "line": line, "need": need, "consent": consent}),
    );
    Ok(c)
}

/// A client taken down on the card form: found by mobile, or added (with
/// `client.add`), their name and mobile filled in where missing.
pub(super) fn take_down(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    who: &str,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let (name, mobile) = made_up_client(rng);
    let (id, created) = db.find_or_add_client(Some(&name), Some(&mobile), at)?;
    if created {
        log.add(at, who, EventKind::ClientAdd, Some(id), json!({}));
    }
    db.complete_client(id, &name, &mobile)?;
    Ok(id)
}

/// Save a card step if nobody changed the card meanwhile; `None` if the
/// domain refused the step or the card changed.
fn card_step(
    db: &Db,
    old: &Card,
    new: Result<Card, card::CardRefusal>,
) -> Result<Option<Card>, StoreError> {
    let Ok(new) = new else {
        return Ok(None);
    };
    Ok(db.update_card(old, &new)?.then_some(new))
}

/// `a` in a line pane.
pub(super) fn accept_card(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    who: &str,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    let new = card_step(db, c, card::accept(c, who, at))?;
    if new.is_some() {
        log.add(
            at,
            who,
            EventKind::CardAccept,
            Some(c.id),
            json!({"receiver": who}),
        );
    }
    Ok(new)
}

/// `o` in a line pane: the receiver records the outcome.
pub(super) fn record_outcome(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    who: &str,
    outcome: &Outcome,
    note: Option<String>,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    let new = card_step(db, c, card::record(c, who, outcome, note, at))?;
    if let Some(n) = &new {
        log.add(
            at,
            who,
            EventKind::CardOutcome,
            Some(c.id),
            json!({"status": n.status.as_str(), "product": n.product,
                   "amount_cents": n.amount_cents, "objection": n.objection}),
        );
    }
    Ok(new)
}

/// The closing sweep: a card left open goes on the follow-up list.
pub(super) fn sweep_card(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    who: &str,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    let new = card_step(db, c, card::settle(c, &Outcome::NotNow, None, at))?;
    if let Some(n) = &new {
        log.add(
            at,
            who,
            EventKind::CardOutcome,
            Some(c.id),
            json!({"status": n.status.as_str(), "sweep": true}),
        );
    }
    Ok(new)
}

/// `t` in a line pane: the parent closes as referred, the child opens on `line`.
#[allow(clippy::too_many_arguments)]
pub(super) fn refer_card(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    c: &Card,
    who: &str,
    line: &str,
    need: &str,
    at: DateTime<Utc>,
) -> Result<Option<(Card, Card)>, StoreError> {
    let note = rng.pick(&data().notes.refer_notes).clone();
    let Ok((closed, child)) = card::refer_on(c, who, line, need, &note, at) else {
        return Ok(None);
    };
    if card::check_duplicate(&db.client_cards_on_line(c.client_id, line)?).is_err()
        || !db.update_card(c, &closed)?
    {
        return Ok(None);
    }
    let child = db.insert_card(&child)?;
    log.add(
        at,
        who,
        EventKind::CardRefer,
        Some(c.id),
        json!({"child": child.id, "line": line}),
    );
    log.add(
        at,
        who,
        EventKind::CardAdd,
        Some(child.id),
        json!({"parent": c.id, "line": line, "need": need, "consent": child.consent}),
    );
    Ok(Some((closed, child)))
}

/// A card that did not sign today becomes a prospect, owned by its receiver
/// (or whoever settled it), first due at the cadence's first step.
pub(super) fn card_prospect(
    db: &Db,
    log: &mut EventLog,
    c: &Card,
    owner: &str,
    due: NaiveDate,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let id = db.add_prospect(
        &NewProspect {
            client_id: c.client_id,
            owner: owner.to_string(),
            source_card: Some(c.id),
            line: Some(c.line.clone()),
            next_due: due,
        },
        at,
    )?;
    log.add(
        at,
        actor,
        EventKind::ProspectAdd,
        Some(id),
        json!({"card": c.id, "owner": owner, "next_due": due.to_string()}),
    );
    Ok(id)
}

/// `l` on the Follow-ups tab: a contact logged, the next one due.
#[allow(clippy::too_many_arguments)]
pub(super) fn log_contact(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    desk: &Desk,
    prospect: i64,
    by: &str,
    due: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let texts = &data().contact;
    let channel = desk.channel(rng);
    let summaries = texts
        .summary
        .get(&channel)
        .or(texts.summary.get("any"))
        .filter(|l| !l.is_empty())
        .expect("data/demo.toml has contact summaries for any channel");
    db.add_contact(&Contact {
        prospect_id: prospect,
        at,
        by: by.to_string(),
        channel: channel.clone(),
        summary: rng.pick(summaries).clone(),
        result: rng.pick(&texts.result).clone(),
        next_step: rng.pick(&texts.next_step).clone(),
        next_due: Some(due),
    })?;
    log.add(
        at,
        by,
        EventKind::ProspectContact,
        Some(prospect),
        json!({"channel": channel, "next_due": due.to_string()}),
    );
    Ok(())
}

/// `w`: the prospect is won; its source card becomes contracted and the
/// chain's original referrer is credited. Returns whether the card was.
#[allow(clippy::too_many_arguments)]
pub(super) fn win(
    db: &Db,
    log: &mut EventLog,
    prospect: i64,
    source: Option<&Card>,
    product: &str,
    amount: i64,
    who: &str,
    at: DateTime<Utc>,
) -> Result<Option<Card>, StoreError> {
    if !db.end_prospect(
        prospect,
        Stage::Won,
        None,
        Some(product),
        Some(amount),
        "",
        at,
    )? {
        return Ok(None);
    }
    log.add(
        at,
        who,
        EventKind::ProspectWon,
        Some(prospect),
        json!({"product": product, "amount_cents": amount}),
    );
    let Some(source) = source else {
        return Ok(None);
    };
    let chain = db.chain(source.root_id.unwrap_or(source.id))?;
    let credited = card::credited(&chain)
        .unwrap_or(&source.referrer)
        .to_string();
    let won = card_step(
        db,
        source,
        card::win_later(source, who, product, amount, at),
    )?;
    if won.is_some() {
        log.add(
            at,
            who,
            EventKind::CardContracted,
            Some(source.id),
            json!({"product": product, "amount_cents": amount, "credited": credited,
                   "prospect": prospect}),
        );
    }
    Ok(won)
}

/// `L`: lost, with a reason.
pub(super) fn lose(
    db: &Db,
    log: &mut EventLog,
    rng: &mut Rng,
    prospect: i64,
    reason: &str,
    who: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let note = rng.pick(&data().notes.lost_notes).clone();
    let done = db.end_prospect(prospect, Stage::Lost, Some(reason), None, None, &note, at)?;
    if done {
        log.add(
            at,
            who,
            EventKind::ProspectLost,
            Some(prospect),
            json!({"reason": reason}),
        );
    }
    Ok(done)
}

/// `b`: handed back to the branch head's pool.
pub(super) fn hand_back(
    db: &Db,
    log: &mut EventLog,
    prospect: i64,
    owner: &str,
    who: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = db.end_prospect(prospect, Stage::HandedBack, None, None, None, "", at)?;
    if done {
        log.add(
            at,
            who,
            EventKind::ProspectHandBack,
            Some(prospect),
            json!({"owner": owner}),
        );
    }
    Ok(done)
}
