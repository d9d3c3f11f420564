//! Pairs (接对子) and dedicated managers (专属客户经理): the head pairs a
//! teller with a manager on each line, a client may have a manager of their
//! own; a new card is meant for that manager first, and a client with a
//! dedicated manager who arrives is announced to them at once.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{notices, Op, OpError};
use crate::config::Catalog;
use crate::domain::authority::{Act, Target, TELLER};
use crate::domain::card::{self, Card};
use crate::domain::event::{EventKind, Record};
use crate::domain::notice::{NoticeKind, To};
use crate::domain::ticket::Ticket;
use crate::i18n::{Lang, Msg};
use crate::store::pairs::Pair;
use crate::store::staff::Staff;
use crate::store::Db;

/// Why a pair or a dedicated manager was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairRefusal {
    /// Not an active teller on the roster.
    NotTeller(String),
    /// Not an active manager of the line (code, line).
    NotManager(String, String),
    /// Not an active manager of any line.
    NotAnyManager(String),
    /// No such line in the branch's settings.
    UnknownLine(String),
    /// The teller has no pair on the line.
    NoPair(String, String),
}

impl PairRefusal {
    pub fn message(&self, lang: Lang, catalog: &Catalog) -> String {
        let line = |l: &str| Catalog::label(&catalog.lines, l, lang).to_string();
        match self {
            PairRefusal::NotTeller(c) => Msg::PairNotTeller.fill(lang, &[("c", c)]),
            PairRefusal::NotManager(c, l) => {
                Msg::PairNotManager.fill(lang, &[("c", c), ("line", &line(l))])
            }
            PairRefusal::NotAnyManager(c) => Msg::PairNotAnyManager.fill(lang, &[("c", c)]),
            PairRefusal::UnknownLine(l) => Msg::PairUnknownLine.fill(lang, &[("line", l)]),
            PairRefusal::NoPair(t, l) => Msg::PairNone.fill(lang, &[("t", t), ("line", &line(l))]),
        }
    }
}

impl From<PairRefusal> for OpError {
    fn from(r: PairRefusal) -> Self {
        OpError::Pair(r)
    }
}

/// Whom a new card goes to, as the teller's form says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Routing {
    /// The client's dedicated manager on the line, else the teller's pair.
    Default,
    /// Every manager of the line alike.
    Line,
    /// This manager of the line.
    To(String),
}

/// Why a card is meant for its manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Because {
    /// The client's dedicated manager.
    Dedicated,
    /// The teller's paired manager on the line.
    Pair,
}

/// The active managers of a line (those holding its role), as the roster has them.
pub fn line_managers(db: &Db, catalog: &Catalog, line: &str) -> Result<Vec<Staff>, OpError> {
    let Some(role) = catalog.line(line).and_then(|l| l.role.clone()) else {
        return Ok(Vec::new());
    };
    Ok(db
        .roster()?
        .into_iter()
        .filter(|s| s.active && s.has_role(&role))
        .collect())
}

/// Whether `code` is an active manager of `line`.
fn manages(db: &Db, catalog: &Catalog, code: &str, line: &str) -> Result<bool, OpError> {
    Ok(line_managers(db, catalog, line)?
        .iter()
        .any(|s| s.code == code))
}

/// The manager a new card for `client` on `line`, flagged by `teller`, is
/// meant for by default: the client's dedicated manager if they work the
/// line, else the teller's paired manager there; `None`: the whole line.
pub fn intended(
    db: &Db,
    catalog: &Catalog,
    client: Option<i64>,
    teller: &str,
    line: &str,
) -> Result<Option<(String, Because)>, OpError> {
    if let Some(m) = client.map(|c| db.client_manager(c)).transpose()?.flatten() {
        if manages(db, catalog, &m, line)? {
            return Ok(Some((m, Because::Dedicated)));
        }
    }
    if let Some(m) = db.pair_manager(teller, line)? {
        if manages(db, catalog, &m, line)? {
            return Ok(Some((m, Because::Pair)));
        }
    }
    Ok(None)
}

/// Mark a card not yet saved with whom it is meant for; whether it goes
/// by the pair (to mark once saved, [`mark_saved`]). A manager chosen by
/// hand must be an active manager of the card's line.
pub(super) fn route(db: &Db, op: &Op, card: &mut Card, routing: &Routing) -> Result<bool, OpError> {
    let (to, via_pair) = match routing {
        Routing::Line => (None, false),
        Routing::To(code) => {
            if !manages(db, op.catalog, code, &card.line)? {
                return Err(PairRefusal::NotManager(code.clone(), card.line.clone()).into());
            }
            let pair = db.pair_manager(&card.referrer, &card.line)?;
            let dedicated = db.client_manager(card.client_id)?;
            // Chosen as the form named them: the pair still counts it.
            let via = pair.as_deref() == Some(code) && dedicated.as_deref() != Some(code);
            (Some(code.clone()), via)
        }
        Routing::Default => {
            match intended(
                db,
                op.catalog,
                Some(card.client_id),
                &card.referrer,
                &card.line,
            )? {
                Some((m, why)) => (Some(m), why == Because::Pair),
                None => (None, false),
            }
        }
    };
    card.assigned_to = to;
    Ok(via_pair)
}

/// After a routed card is saved: mark a card gone by the pair.
pub(super) fn mark_saved(db: &Db, card: &Card, via_pair: bool) -> Result<(), OpError> {
    if via_pair {
        db.mark_via_pair(card.id)?;
    }
    Ok(())
}

/// Whether a new card meant for a manager is open to the whole line: it has
/// waited `thresholds.pair_accept_minutes` since it landed.
pub fn fallback_open(card: &Card, now: DateTime<Utc>, catalog: &Catalog) -> bool {
    card::waited_past(card, now, catalog.thresholds.pair_accept_minutes)
}

/// The target of accepting `card` now: what the authority table decides
/// acceptance on (the operation and the hint line alike).
pub fn offer<'a>(card: &'a Card, now: DateTime<Utc>, catalog: &Catalog) -> Target<'a> {
    Target::Offer {
        card,
        open: fallback_open(card, now, catalog),
    }
}

/// The head pairs a teller with a manager of a line (replacing the
/// teller's pair there, if any), written as `pair.set`.
pub fn set_pair(
    db: &Db,
    op: &Op,
    teller: &str,
    line: &str,
    manager: &str,
) -> Result<Pair, OpError> {
    op.require(Act::SetPair, Target::Branch)?;
    if op.catalog.line(line).is_none() {
        return Err(PairRefusal::UnknownLine(line.to_string()).into());
    }
    let is_teller = db
        .staff(teller)?
        .is_some_and(|s| s.active && s.has_role(TELLER));
    if !is_teller {
        return Err(PairRefusal::NotTeller(teller.to_string()).into());
    }
    if !manages(db, op.catalog, manager, line)? {
        return Err(PairRefusal::NotManager(manager.to_string(), line.to_string()).into());
    }
    let pair = Pair {
        teller: teller.to_string(),
        line: line.to_string(),
        manager: manager.to_string(),
    };
    db.set_pair(&pair, op.now)?;
    op.event(
        db,
        EventKind::PairSet,
        None,
        json!({"teller": teller, "line": line, "manager": manager}),
    )?;
    Ok(pair)
}

/// The head ends a teller's pair on a line, written as `pair.remove`.
pub fn remove_pair(db: &Db, op: &Op, teller: &str, line: &str) -> Result<(), OpError> {
    op.require(Act::SetPair, Target::Branch)?;
    if !db.remove_pair(teller, line)? {
        return Err(PairRefusal::NoPair(teller.to_string(), line.to_string()).into());
    }
    op.event(
        db,
        EventKind::PairRemove,
        None,
        json!({"teller": teller, "line": line}),
    )?;
    Ok(())
}

/// The head or a line's manager sets (or, `None`, clears) a client's
/// dedicated manager, who must manage a line; written as `client.manager`.
/// Whether it changed.
pub fn set_client_manager(
    db: &Db,
    op: &Op,
    client: i64,
    manager: Option<&str>,
) -> Result<bool, OpError> {
    op.require(Act::SetClientManager, Target::Branch)?;
    db.client(client)?.ok_or(OpError::Changed(Record::Client))?;
    if let Some(m) = manager {
        let manages_a_line = db
            .staff(m)?
            .filter(|s| s.active)
            .is_some_and(|s| !super::person(&s, op.catalog).lines.is_empty());
        if !manages_a_line {
            return Err(PairRefusal::NotAnyManager(m.to_string()).into());
        }
    }
    let old = db.client_manager(client)?;
    if old.as_deref() == manager {
        return Ok(false);
    }
    // Never a third marketer: the new manager joins those on the client's
    // open work (the one replaced leaves, unless they work it still).
    if let Some(m) = manager {
        db.set_client_manager(client, None)?;
        if let Err(e) = super::clients::check_marketers(db, client, None, None, &[m]) {
            db.set_client_manager(client, old.as_deref())?;
            return Err(e);
        }
    }
    db.set_client_manager(client, manager)?;
    op.event(
        db,
        EventKind::ClientManager,
        Some(client),
        json!({ "manager": manager }),
    )?;
    Ok(true)
}

/// A client with a dedicated manager has a ticket (registered with their
/// mobile, or checked in for an appointment): their manager is told at
/// once (once per ticket), with the client's tier.
pub fn tell_dedicated(db: &Db, op: &Op, ticket: &Ticket) -> Result<(), OpError> {
    let Some(client) = ticket.client_id else {
        return Ok(());
    };
    let Some(manager) = db.client_manager(client)? else {
        return Ok(());
    };
    let tier = db.client(client)?.map(|c| c.tier).unwrap_or_default();
    tell_manager(db, op, ticket, manager, &tier)
}

/// Tell `manager` that their client (of `tier`) has `ticket`.
pub fn tell_manager(
    db: &Db,
    op: &Op,
    ticket: &Ticket,
    manager: String,
    tier: &str,
) -> Result<(), OpError> {
    notices::tell(
        db,
        op,
        To::Person(manager),
        NoticeKind::ClientArrived,
        Record::Ticket,
        ticket.id,
        tier,
    )?;
    Ok(())
}
