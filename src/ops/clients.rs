//! A client as the forms name them: found by mobile or added, a name edited
//! and saved with its event (or refused when the mobile is someone else's),
//! and the marketers already on the client's open work.

use serde_json::json;

use super::{Op, OpError};
use crate::domain::authority::{Act, Target};
use crate::domain::client;
use crate::domain::event::EventKind;
use crate::domain::validate;
use crate::i18n::Msg;
use crate::store::client_records::RecordFields;
use crate::store::clients::Client;
use crate::store::Db;

/// The client with the mobile typed (their name filled or changed to the one
/// typed, unless it is another person's: refused), or a new client. Returns
/// the client's id and whether it was added.
pub fn find_or_add(
    db: &Db,
    op: &Op,
    name: Option<&str>,
    mobile: Option<&str>,
) -> Result<(i64, bool), OpError> {
    if let Some(found) = mobile
        .map(|m| db.client_by_mobile(m))
        .transpose()?
        .flatten()
    {
        if let Some(n) = name {
            client::check_same_person(found.name.as_deref(), n)?;
            rename(db, op, &found, n)?;
        }
        return Ok((found.id, false));
    }
    let (id, created) = db.find_or_add_client(name, mobile, op.now)?;
    if created {
        op.event(db, EventKind::ClientAdd, Some(id), json!({}))?;
    }
    Ok((id, created))
}

/// A walk-in's client as the server found or added it (for a kiosk's
/// login): the same refusal and events as [`find_or_add`]; its id.
pub fn found_for_walkin(
    db: &Db,
    op: &Op,
    found: &crate::store::clients::WalkinClient,
) -> Result<i64, OpError> {
    if let Some(name) = &found.taken_by {
        return Err(super::ClientRefusal::MobileTaken { name: name.clone() }.into());
    }
    if found.created {
        op.event(db, EventKind::ClientAdd, Some(found.id), json!({}))?;
    }
    if found.renamed {
        op.event(
            db,
            EventKind::ClientUpdate,
            Some(found.id),
            json!({ "fields": ["name"] }),
        )?;
    }
    Ok(found.id)
}

/// A name typed for a stored client: a changed (or first) name is saved with
/// a `client.update` naming the field, never the value. Whether it changed.
pub fn rename(db: &Db, op: &Op, c: &Client, name: &str) -> Result<bool, OpError> {
    if !client::renamed(c.name.as_deref(), name) {
        return Ok(false);
    }
    db.rename_client(c.id, name.trim())?;
    op.event(
        db,
        EventKind::ClientUpdate,
        Some(c.id),
        json!({ "fields": ["name"] }),
    )?;
    Ok(true)
}

/// Whether the client's name was saved (a `client.update`) after the event
/// `after`: what a form that saved a client tells the person.
pub fn renamed_since(db: &Db, client: i64, after: i64) -> Result<bool, OpError> {
    let kind = EventKind::ClientUpdate.as_str();
    Ok(db
        .events_of(crate::domain::event::Record::Client.as_str(), client)?
        .iter()
        .any(|e| e.id > after && e.kind == kind))
}

/// The marketers on a client's open work (open cards' receivers and
/// assistants, open prospects' owners) and their dedicated manager, leaving
/// out the card and the prospect being changed.
pub fn marketers(
    db: &Db,
    client_id: i64,
    but_card: Option<i64>,
    but_prospect: Option<i64>,
) -> Result<Vec<String>, OpError> {
    let cards: Vec<_> = db
        .client_open_cards(client_id)?
        .into_iter()
        .filter(|c| Some(c.id) != but_card)
        .collect();
    let prospects: Vec<_> = db
        .client_prospects(client_id)?
        .into_iter()
        .filter(|p| p.stage == crate::domain::followup::Stage::Open && Some(p.id) != but_prospect)
        .collect();
    // The client's dedicated manager is one of their marketers.
    let dedicated = db.client_manager(client_id)?;
    Ok(client::marketers(
        &cards,
        prospects
            .iter()
            .map(|p| p.owner.as_str())
            .chain(dedicated.as_deref()),
    ))
}

/// Never a third marketer on a client: refuse attaching `joining` to the
/// client's open work (but for the card or prospect being changed).
pub fn check_marketers(
    db: &Db,
    client_id: i64,
    but_card: Option<i64>,
    but_prospect: Option<i64>,
    joining: &[&str],
) -> Result<(), OpError> {
    let on = marketers(db, client_id, but_card, but_prospect)?;
    Ok(client::check_marketers(&on, joining)?)
}

/// A new card for `line` is refused when whoever accepts it would be a third
/// marketer: the client has two already and neither (on the roster, active)
/// works the line.
pub fn check_new_card(db: &Db, op: &Op, client_id: i64, line: &str) -> Result<(), OpError> {
    let on = marketers(db, client_id, None, None)?;
    if on.len() < 2 {
        return Ok(());
    }
    let mut working = Vec::new();
    for code in &on {
        let staff = db.staff(code)?.filter(|s| s.active);
        if staff.is_some_and(|s| super::person(&s, op.catalog).works_line(line)) {
            working.push(code.as_str());
        }
    }
    Ok(client::check_new_card(&on, |c| working.contains(&c))?)
}

/// A client's record edited by the head or a line's manager: the tier (a
/// code of the settings) and the tags checked, the changed fields saved with
/// one `client.update` naming the fields, never their values. The fields
/// changed (none: nothing written).
pub fn edit_record(
    db: &Db,
    op: &Op,
    client: i64,
    fields: &RecordFields,
) -> Result<Vec<&'static str>, OpError> {
    op.require(Act::EditClient, Target::Branch)?;
    if op.catalog.tier(&fields.tier).is_none() {
        return Err(OpError::Invalid(Msg::ImpFieldTier, fields.tier.clone()));
    }
    let tags = validate::text(&fields.tags, crate::domain::import::TAGS_MAX, false)
        .map_err(|e| OpError::Field(Msg::ImpFieldTags, e))?
        .unwrap_or_default();
    let stored = db
        .client_record(client)?
        .ok_or(OpError::Changed(crate::domain::event::Record::Client))?
        .fields();
    let new = RecordFields {
        tags,
        ..fields.clone()
    };
    let changed: Vec<&'static str> = [
        ("tier", stored.tier != new.tier),
        ("tags", stored.tags != new.tags),
        ("products_held", stored.products_held != new.products_held),
        ("opened", stored.opened != new.opened),
        (
            "last_large_deposit",
            stored.last_large_deposit != new.last_large_deposit,
        ),
        (
            "card_activated",
            stored.card_activated != new.card_activated,
        ),
        (
            "large_deposit_amount",
            stored.large_deposit_amount != new.large_deposit_amount,
        ),
    ]
    .into_iter()
    .filter_map(|(f, c)| c.then_some(f))
    .collect();
    if !changed.is_empty() {
        db.set_client_record(client, &new)?;
        op.event(
            db,
            EventKind::ClientUpdate,
            Some(client),
            json!({ "fields": changed }),
        )?;
    }
    Ok(changed)
}
