//! Cross-sell prompts (交叉销售时机): when a recognised client's ticket is
//! called or served, the branch's triggers their record meets are recorded
//! as shown (once per ticket and trigger, a `ticket.cross_sell` event with
//! codes only); a card flagged on that ticket for a prompt's need is
//! remembered as coming from it (`card.cross_sell`), for the report.

use chrono::NaiveDate;
use serde_json::json;

use super::{Op, OpError};
use crate::config::{Catalog, CrossSell};
use crate::domain::card::Card;
use crate::domain::cross_sell::{fires, Facts, Rule};
use crate::domain::event::EventKind;
use crate::domain::ticket::{Status, Ticket};
use crate::store::cross_sell::Shown;
use crate::store::{Db, StoreError};

/// The triggers a client's record meets on `today`, in the settings' order.
pub fn matching<'c>(
    db: &Db,
    catalog: &'c Catalog,
    client: i64,
    today: NaiveDate,
) -> Result<Vec<&'c CrossSell>, StoreError> {
    if catalog.cross_sell.is_empty() {
        return Ok(Vec::new());
    }
    let Some(r) = db.client_record(client)? else {
        return Ok(Vec::new());
    };
    let base = Facts {
        tier: r.tier,
        products_held: r.products_held,
        opened: r.opened,
        last_large_deposit: r.last_large_deposit,
        large_deposit_amount: r.large_deposit_amount,
        card_activated: r.card_activated,
        line_cards: Vec::new(),
    };
    let mut out = Vec::new();
    for c in &catalog.cross_sell {
        let mut facts = base.clone();
        if c.condition.rule == Rule::TierWithoutWealthThisYear {
            if !c.condition.tiers.contains(&facts.tier) {
                continue;
            }
            let line = catalog.need(&c.need).and_then(|n| n.line.as_deref());
            facts.line_cards = match line {
                Some(line) => db
                    .client_cards_on_line(client, line)?
                    .iter()
                    .map(|k| k.created_at.date_naive())
                    .collect(),
                None => Vec::new(),
            };
        }
        if fires(&c.condition, &facts, today) {
            out.push(c);
        }
    }
    Ok(out)
}

/// A ticket just called or being served: the prompts its client's record
/// meets are recorded as shown (new ones only, each with its event). The
/// prompts now shown on it.
pub fn show(db: &Db, op: &Op, ticket: &Ticket) -> Result<Vec<Shown>, OpError> {
    let (Some(client), true) = (
        ticket.client_id,
        matches!(ticket.status, Status::Called | Status::Serving),
    ) else {
        return Ok(Vec::new());
    };
    for c in matching(db, op.catalog, client, op.day)? {
        let s = Shown {
            ticket: ticket.id,
            trigger: c.code.clone(),
            need: c.need.clone(),
        };
        if db.add_cross_sell_shown(&s, op.day, op.now)? {
            op.event(
                db,
                EventKind::CrossSellShown,
                Some(ticket.id),
                json!({"number": ticket.number, "trigger": c.code, "need": c.need}),
            )?;
        }
    }
    Ok(db.cross_sell_shown_for(ticket.id)?)
}

/// A card just flagged: when its ticket showed a prompt for the card's
/// need, the card is remembered as coming from that trigger (the first
/// shown). The trigger, if any.
pub fn from_prompt(db: &Db, op: &Op, card: &Card) -> Result<Option<String>, OpError> {
    let Some(ticket) = card.ticket_id else {
        return Ok(None);
    };
    let shown = db.cross_sell_shown_for(ticket)?;
    let Some(s) = shown.into_iter().find(|s| s.need == card.need) else {
        return Ok(None);
    };
    db.add_cross_sell_card(card.id, ticket, &s.trigger)?;
    op.event(
        db,
        EventKind::CrossSellCard,
        Some(card.id),
        json!({"ticket": ticket, "trigger": s.trigger, "need": s.need}),
    )?;
    Ok(Some(s.trigger))
}
