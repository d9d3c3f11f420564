//! Clients: found by mobile, created on first visit.

use chrono::{DateTime, Utc};

use super::sql::Row;
use super::{ts, Db, Result};
use crate::args;

/// The SQL of [`Db::find_or_add_client`]: a client by mobile.
pub const CLIENT_BY_MOBILE: &str = "SELECT id FROM clients WHERE mobile = ?1";

/// The SQL of [`Db::client_history`]'s visits: read on every move in the
/// Follow-ups list, by `tickets_client` (client, arrival).
pub const HISTORY_VISITS: &str = "SELECT arrived_at, number, service, status FROM tickets
 WHERE client_id = ?1 ORDER BY arrived_at DESC LIMIT ?2";

/// The SQL of [`Db::client_history`]'s cards, by `cards_client_created`
/// (client, creation; migration 019).
pub const HISTORY_CARDS: &str = "SELECT created_at, id, line, need, status, referred_by FROM cards
 WHERE client_id = ?1 ORDER BY created_at DESC LIMIT ?2";

/// The SQL of [`Db::client_history`]'s contacts, newest first: the client's
/// prospects by `prospects_client`, each one's contacts by
/// `contacts_prospect`, in one statement (one round trip to a server,
/// however many prospects); only the client's own few contacts are sorted.
pub const HISTORY_CONTACTS: &str = "SELECT at, by, channel, summary, result, next_step
 FROM contacts WHERE prospect_id IN (SELECT id FROM prospects WHERE client_id = ?1)
 ORDER BY at DESC, id DESC LIMIT ?2";

impl Db<'_> {
    /// The client with this mobile, or a new client; a name given now fills a
    /// missing one. Returns the client's id and whether it was created.
    pub fn find_or_add_client(
        &self,
        name: Option<&str>,
        mobile: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(i64, bool)> {
        if let Some(m) = mobile {
            let found: Option<i64> = self.opt(CLIENT_BY_MOBILE, args![m], |r| r.get(0))?;
            if let Some(id) = found {
                if let Some(n) = name {
                    self.run(
                        "UPDATE clients SET name = ?2 WHERE id = ?1 AND (name IS NULL OR name = '')",
                        args![id, n],
                    )?;
                }
                return Ok((id, false));
            }
        }
        let id = self.insert(
            "INSERT INTO clients (name, mobile, created_at) VALUES (?1, ?2, ?3)",
            args![name, mobile, ts(now)],
        )?;
        Ok((id, true))
    }
}

/// A walk-in's client as the server found or added it for a session that
/// may not read the clients itself (a kiosk's login).
#[derive(Clone, Debug, PartialEq)]
pub struct WalkinClient {
    pub id: i64,
    pub created: bool,
    pub renamed: bool,
    /// The (masked) name the mobile belongs to, when another name was typed:
    /// nothing was changed.
    pub taken_by: Option<String>,
    /// The client's dedicated manager, and their tier.
    pub manager: Option<String>,
    pub tier: String,
}

impl Db<'_> {
    /// A walk-in's client found by mobile or added for a kiosk, which on a
    /// server may not read the clients: by the server's own
    /// `lobbydesk_walkin_client`. `None` on a file, where a kiosk's process
    /// reads them itself.
    pub fn walkin_client(
        &self,
        name: Option<&str>,
        mobile: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<WalkinClient>> {
        if !self.on_server() {
            return Ok(None);
        }
        self.one(
            "SELECT client_id, created, renamed, taken_by, manager, coalesce(tier, 'normal')
             FROM lobbydesk_walkin_client(?1, ?2, ?3)",
            args![name, mobile, ts(now)],
            |r| {
                Ok(WalkinClient {
                    id: r.get(0)?,
                    created: r.get(1)?,
                    renamed: r.get(2)?,
                    taken_by: r.get(3)?,
                    manager: r.get(4)?,
                    tier: r.get(5)?,
                })
            },
        )
        .map(Some)
    }
}

/// A client's record as the screens need it.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    pub id: i64,
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub tier: String,
    pub consent: bool,
}

/// A client from the first five columns of a row (id, name, mobile, tier,
/// consent), on either engine.
pub(super) fn client_of(r: &Row) -> Result<Client> {
    Ok(Client {
        id: r.get(0)?,
        name: r.get(1)?,
        mobile: r.get(2)?,
        tier: r.get(3)?,
        consent: r.get::<i64>(4)? != 0,
    })
}

impl Db<'_> {
    pub fn client(&self, id: i64) -> Result<Option<Client>> {
        self.opt(
            "SELECT id, name, mobile, tier, consent FROM clients WHERE id = ?1",
            args![id],
            client_of,
        )
    }

    /// The client with this mobile, if any.
    pub fn client_by_mobile(&self, mobile: &str) -> Result<Option<Client>> {
        let id: Option<i64> = self.opt(CLIENT_BY_MOBILE, args![mobile], |r| r.get(0))?;
        match id {
            Some(id) => self.client(id),
            None => Ok(None),
        }
    }

    /// Change a client's name.
    pub fn rename_client(&self, id: i64, name: &str) -> Result<()> {
        self.run(
            "UPDATE clients SET name = ?2 WHERE id = ?1",
            args![id, name],
        )?;
        Ok(())
    }

    /// Fill in a client's name and mobile where the record lacks them.
    pub fn complete_client(&self, id: i64, name: &str, mobile: &str) -> Result<()> {
        self.run(
            "UPDATE clients SET name = coalesce(nullif(name, ''), ?2),
             mobile = coalesce(mobile, ?3) WHERE id = ?1",
            args![id, name, mobile],
        )?;
        Ok(())
    }

    /// Record the client's answer to being contacted: when and by whom.
    pub fn set_consent(&self, id: i64, consent: bool, by: &str, now: DateTime<Utc>) -> Result<()> {
        self.run(
            "UPDATE clients SET consent = ?2, consent_at = ?3, consent_by = ?4 WHERE id = ?1",
            args![id, consent as i64, ts(now), by],
        )?;
        Ok(())
    }
    /// [`Db::set_consent`] and its `client.consent` event, naming the record
    /// the answer was given on (`"ticket"`, `"prospect"`), if any.
    pub fn record_consent(
        &self,
        id: i64,
        consent: bool,
        by: &str,
        now: DateTime<Utc>,
        on: Option<(&str, i64)>,
    ) -> Result<()> {
        self.set_consent(id, consent, by, now)?;
        let mut details = serde_json::json!({ "consent": consent });
        if let Some((record, record_id)) = on {
            details[record] = record_id.into();
        }
        self.add_event(
            now,
            by,
            crate::domain::event::EventKind::ClientConsent,
            Some(id),
            details,
        )?;
        Ok(())
    }
}

/// One entry of a client's history: visits, cards and contacts.
#[derive(Clone, Debug, PartialEq)]
pub enum HistoryItem {
    Visit {
        at: DateTime<Utc>,
        number: String,
        service: String,
        status: String,
    },
    Card {
        at: DateTime<Utc>,
        id: i64,
        line: String,
        need: String,
        status: String,
        by: String,
    },
    Contact {
        at: DateTime<Utc>,
        by: String,
        channel: String,
        summary: String,
        result: String,
        next_step: String,
    },
    /// A campaign sent to the client (营销活动): its id, name and occasion.
    Campaign {
        at: DateTime<Utc>,
        id: i64,
        name: String,
        occasion: String,
    },
    /// A follow-up of the client ended lost: whose, and the reason code.
    Lost {
        at: DateTime<Utc>,
        owner: String,
        reason: String,
    },
}

impl HistoryItem {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            HistoryItem::Visit { at, .. }
            | HistoryItem::Card { at, .. }
            | HistoryItem::Contact { at, .. }
            | HistoryItem::Campaign { at, .. }
            | HistoryItem::Lost { at, .. } => *at,
        }
    }
}

impl Db<'_> {
    /// A client's visits, cards, contacts and campaigns sent, newest first (at most `limit` of each).
    pub fn client_history(&self, client_id: i64, limit: usize) -> Result<Vec<HistoryItem>> {
        let limit = limit as i64;
        let mut items = Vec::new();
        self.each(HISTORY_VISITS, args![client_id, limit], |r| {
            items.push(HistoryItem::Visit {
                at: super::from_ts(r.get(0)?),
                number: r.get(1)?,
                service: r.get(2)?,
                status: r.get(3)?,
            });
            Ok(())
        })?;
        self.each(HISTORY_CARDS, args![client_id, limit], |r| {
            items.push(HistoryItem::Card {
                at: super::from_ts(r.get(0)?),
                id: r.get(1)?,
                line: r.get(2)?,
                need: r.get(3)?,
                status: r.get(4)?,
                by: r.get(5)?,
            });
            Ok(())
        })?;
        self.each(HISTORY_CONTACTS, args![client_id, limit], |r| {
            items.push(HistoryItem::Contact {
                at: super::from_ts(r.get(0)?),
                by: r.get(1)?,
                channel: r.get(2)?,
                summary: r.get(3)?,
                result: r.get(4)?,
                next_step: r.get(5)?,
            });
            Ok(())
        })?;
        for (at, id, name, occasion) in self.client_campaigns(client_id, limit as usize)? {
            items.push(HistoryItem::Campaign {
                at,
                id,
                name,
                occasion,
            });
        }
        for (at, owner, reason) in self.client_lost(client_id, limit as usize)? {
            items.push(HistoryItem::Lost { at, owner, reason });
        }
        items.sort_by_key(|i| std::cmp::Reverse(i.at()));
        Ok(items)
    }
}

/// A client found by search, with when they last came in.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub client: Client,
    pub visits: i64,
    pub last_visit: Option<DateTime<Utc>>,
}

impl Db<'_> {
    /// Clients whose mobile (its last four digits or the whole of it) or name
    /// (anything else) holds `q`, most recent visitors first; none for a query
    /// of other digits. See [`Db::find_clients`].
    pub fn search_clients(&self, q: &str, limit: usize) -> Result<Vec<Found>> {
        match crate::domain::search::client_query(q) {
            Ok(Some(query)) => self.find_clients(&query, limit),
            Ok(None) | Err(_) => Ok(Vec::new()),
        }
    }
}
