//! Referral cards: saving, the line panes, chains and the duplicate check.

use super::sql::{any_json_id, Row, Q};
use super::{from_ts, ts, Db, Result};
use crate::args;
use crate::domain::card::{Card, CardStatus};
use crate::domain::ticket::Status;
use chrono::{DateTime, Utc};

/// A card's columns, as [`from_row`] reads them.
macro_rules! card_columns {
    () => {
        "k.id, k.ticket_id, k.client_id, k.referrer, k.referred_by, k.line, k.need,
    k.note, k.consent, k.created_at, k.receiver, k.assistant, k.accepted_at, k.status,
    k.objection, k.product, k.amount_cents, k.outcome_note, k.outcome_at, k.parent_id, k.root_id,
    k.closed_by, k.assigned_to"
    };
}

/// The SQL of [`Db::card`].
pub const CARD: &str = concat!("SELECT ", card_columns!(), " FROM cards k WHERE k.id = ?1");

/// The SQL of [`Db::client_cards_on_line`] (the duplicate rule, on every card saved).
pub const CLIENT_CARDS_ON_LINE: &str = concat!(
    "SELECT ",
    card_columns!(),
    " FROM cards k WHERE k.client_id = ?1 AND k.line = ?2 ORDER BY k.id"
);

/// The SQL of [`Db::client_open_cards`] (the two-marketer rule), by
/// `cards_client_line`.
pub const CLIENT_OPEN_CARDS: &str = concat!(
    "SELECT ",
    card_columns!(),
    " FROM cards k WHERE k.client_id = ?1 AND k.status IN ('new', 'accepted', 'intent')
 ORDER BY k.id"
);

/// The SQL of [`Db::chain`]: read on every move in a line's pane.
pub const CHAIN: &str = concat!(
    "SELECT ",
    card_columns!(),
    " FROM cards k WHERE k.root_id = ?1 ORDER BY k.id"
);

/// A line pane's row: a card with its client, ticket and people's names.
macro_rules! line_card_select {
    () => {
        concat!(
            "SELECT ",
            card_columns!(),
            ", c.name, c.mobile, c.tier, t.number, t.status, t.arrived_at,
        t.called_at, rs.name, rv.name, t.divert_target, an.name
 FROM cards k
 JOIN clients c ON c.id = k.client_id
 LEFT JOIN tickets t ON t.id = k.ticket_id
 LEFT JOIN staff rs ON rs.code = k.referrer
 LEFT JOIN staff rv ON rv.code = k.receiver
 LEFT JOIN staff an ON an.code = k.assigned_to"
        )
    };
}

/// The SQL of [`Db::line_places`]: a line's pane in its order (that of
/// [`Place`]), off the indexes (open cards by `cards_line_status` alone, the
/// day's closed ones by `cards_line_outcome`).
pub const LINE_PLACES: &str = "SELECT id, part, created_at FROM (
     SELECT id, CAST(CASE WHEN status != 'new' THEN 1 ELSE 0 END AS BIGINT) AS part, created_at
     FROM cards WHERE line = ?1 AND status IN ('new', 'accepted', 'intent')
     UNION ALL
     SELECT id, CAST(2 AS BIGINT), created_at FROM cards WHERE line = ?1 AND outcome_at >= ?2
       AND status NOT IN ('new', 'accepted', 'intent')) l
 ORDER BY part, created_at DESC, id DESC";

/// The SQL of [`Db::line_cards_by_id`]: the pane's rows of a JSON array of
/// card ids (`?1`), each by its primary key.
pub const LINE_CARDS_BY_ID: &str = concat!(
    line_card_select!(),
    "
 JOIN json_each(?1) j ON k.id = j.value"
);

/// [`LINE_CARDS_BY_ID`] as the server reads it: the ids from the JSON text.
pub const LINE_CARDS_BY_ID_PG: &str = concat!(
    line_card_select!(),
    "
 WHERE k.id = ",
    any_json_id!()
);

/// The SQL of [`Db::line_card`]: one card as a pane's row (the closing
/// sweep's card).
pub const LINE_CARD: &str = concat!(line_card_select!(), " WHERE k.id = ?1");

/// Where a card goes in its line's pane: its part (new, the other open
/// ones, closed today), then the newest first. Ordered as the pane is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub id: i64,
    pub part: u8,
    pub created_at: i64,
}

impl Place {
    /// Where `card` goes in its line's pane read for the day from `since`:
    /// `None` for a card closed before it.
    pub fn of(card: &Card, since: DateTime<Utc>) -> Option<Place> {
        let part = match card.status {
            CardStatus::New => 0,
            s if s.is_open() => 1,
            _ if card.outcome_at.is_some_and(|at| at >= since) => 2,
            _ => return None,
        };
        Some(Place {
            id: card.id,
            part,
            created_at: ts(card.created_at),
        })
    }

    /// Waits to be accepted.
    pub fn waiting(&self) -> bool {
        self.part == 0
    }
}

impl Ord for Place {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.part, other.created_at, other.id).cmp(&(other.part, self.created_at, self.id))
    }
}

impl PartialOrd for Place {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

fn from_row(r: &Row) -> Result<Card> {
    let opt_ts =
        |i: usize| -> Result<Option<DateTime<Utc>>> { Ok(r.get::<Option<i64>>(i)?.map(from_ts)) };
    let status: String = r.get(13)?;
    Ok(Card {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        client_id: r.get(2)?,
        referrer: r.get(3)?,
        referred_by: r.get(4)?,
        line: r.get(5)?,
        need: r.get(6)?,
        note: r.get(7)?,
        consent: r.get::<i64>(8)? != 0,
        created_at: from_ts(r.get(9)?),
        receiver: r.get(10)?,
        assistant: r.get(11)?,
        accepted_at: opt_ts(12)?,
        status: CardStatus::parse(&status).unwrap_or(CardStatus::New),
        objection: r.get(14)?,
        product: r.get(15)?,
        amount_cents: r.get(16)?,
        outcome_note: r.get(17)?,
        outcome_at: opt_ts(18)?,
        parent_id: r.get(19)?,
        root_id: r.get(20)?,
        closed_by: r.get(21)?,
        assigned_to: r.get(22)?,
    })
}

/// A card as a pane lists it: with its client and, if any, its ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct CardView {
    pub card: Card,
    pub client_name: Option<String>,
    pub client_mobile: Option<String>,
    pub client_tier: String,
    pub ticket_number: Option<String>,
    pub ticket_status: Option<Status>,
    pub ticket_arrived: Option<DateTime<Utc>>,
    pub ticket_called: Option<DateTime<Utc>>,
    /// Where the lobby sent the client instead of a counter (a divert
    /// target's code): a line's code when it is that line's room.
    pub ticket_divert: Option<String>,
    pub referrer_name: Option<String>,
    pub receiver_name: Option<String>,
    /// The name of the manager the card is meant for first, if any.
    pub assigned_name: Option<String>,
}

fn view_from_row(r: &Row) -> Result<CardView> {
    let status: Option<String> = r.get(27)?;
    Ok(CardView {
        card: from_row(r)?,
        client_name: r.get(23)?,
        client_mobile: r.get(24)?,
        client_tier: r.get(25)?,
        ticket_number: r.get(26)?,
        ticket_status: status.as_deref().and_then(Status::parse),
        ticket_arrived: r.get::<Option<i64>>(28)?.map(from_ts),
        ticket_called: r.get::<Option<i64>>(29)?.map(from_ts),
        ticket_divert: r.get(32)?,
        referrer_name: r.get(30)?,
        receiver_name: r.get(31)?,
        assigned_name: r.get(33)?,
    })
}

impl Db<'_> {
    /// Insert a card; an original card is the root of its own chain.
    pub fn insert_card(&self, c: &Card) -> Result<Card> {
        let id = self.insert(
            "INSERT INTO cards (ticket_id, client_id, referrer, referred_by, line, need, note,
             consent, created_at, receiver, assistant, accepted_at, status, parent_id, root_id,
             assigned_to)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            args![
                c.ticket_id,
                c.client_id,
                c.referrer,
                c.referred_by,
                c.line,
                c.need,
                c.note,
                c.consent as i64,
                ts(c.created_at),
                c.receiver,
                c.assistant,
                c.accepted_at.map(ts),
                c.status.as_str(),
                c.parent_id,
                c.root_id,
                c.assigned_to
            ],
        )?;
        if c.root_id.is_none() {
            self.run("UPDATE cards SET root_id = id WHERE id = ?1", args![id])?;
        }
        Ok(self.card(id)?.expect("the card just inserted"))
    }

    pub fn card(&self, id: i64) -> Result<Option<Card>> {
        self.opt(CARD, args![id], from_row)
    }

    /// Save a step: `new` replaces `old` only if nobody changed it meanwhile.
    pub fn update_card(&self, old: &Card, new: &Card) -> Result<bool> {
        let n = self.run(
            "UPDATE cards SET receiver = ?3, assistant = ?4, accepted_at = ?5, status = ?6,
             objection = ?7, product = ?8, amount_cents = ?9, outcome_note = ?10,
             outcome_at = ?11, closed_by = ?13
             WHERE id = ?1 AND status = ?2
               AND (receiver = ?12 OR (receiver IS NULL AND CAST(?12 AS TEXT) IS NULL))",
            args![
                new.id,
                old.status.as_str(),
                new.receiver,
                new.assistant,
                new.accepted_at.map(ts),
                new.status.as_str(),
                new.objection,
                new.product,
                new.amount_cents,
                new.outcome_note,
                new.outcome_at.map(ts),
                old.receiver,
                new.closed_by
            ],
        )?;
        Ok(n == 1)
    }

    /// A client's cards on a line (for the duplicate rule).
    pub fn client_cards_on_line(&self, client_id: i64, line: &str) -> Result<Vec<Card>> {
        self.all(CLIENT_CARDS_ON_LINE, args![client_id, line], from_row)
    }

    /// A client's open cards, on every line (for the two-marketer rule).
    pub fn client_open_cards(&self, client_id: i64) -> Result<Vec<Card>> {
        self.all(CLIENT_OPEN_CARDS, args![client_id], from_row)
    }

    /// Every card of a chain, oldest first.
    pub fn chain(&self, root_id: i64) -> Result<Vec<Card>> {
        self.all(CHAIN, args![root_id], from_row)
    }

    /// A line's pane, in its order: its open cards and those closed since
    /// `since`, new first, then the other open ones, then the closed, newest
    /// first within each. Its rows are read a window at a time by
    /// [`Db::line_cards_by_id`].
    pub fn line_places(&self, line: &str, since: DateTime<Utc>) -> Result<Vec<Place>> {
        self.all(LINE_PLACES, args![line, ts(since)], |r| {
            Ok(Place {
                id: r.get(0)?,
                part: r.get::<i64>(1)? as u8,
                created_at: r.get(2)?,
            })
        })
    }

    /// The pane's rows of the cards `ids`, in that order (those that are no
    /// more, left out).
    pub fn line_cards_by_id(&self, ids: &[i64]) -> Result<Vec<CardView>> {
        self.rows_by_id(
            Q::per_engine(LINE_CARDS_BY_ID, LINE_CARDS_BY_ID_PG),
            ids,
            view_from_row,
            |v| v.card.id,
        )
    }

    /// A line's pane read whole, in its order.
    pub fn line_cards(&self, line: &str, since: DateTime<Utc>) -> Result<Vec<CardView>> {
        let ids: Vec<i64> = self
            .line_places(line, since)?
            .into_iter()
            .map(|p| p.id)
            .collect();
        self.line_cards_by_id(&ids)
    }

    /// One card as a pane lists it, whatever its line and status.
    pub fn line_card(&self, id: i64) -> Result<Option<CardView>> {
        self.opt(LINE_CARD, args![id], view_from_row)
    }
}
