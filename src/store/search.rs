//! Finding clients at scale: by the name index (characters and pairs of
//! characters, migration 019) or the mobile's indexes, most recent visitors
//! first straight off an index; visit counts and last visits are read from the
//! client's row, never counted per search.

use super::clients::Found;
use super::sql::{Row, Q};
use super::{Db, Result};
use crate::args;
use crate::domain::search::ClientQuery;

/// The columns of a [`Found`], read by [`found`].
macro_rules! found_columns {
    () => {
        "c.id, c.name, c.mobile, c.tier, c.consent, c.visits, c.last_visit"
    };
}

/// The SQL of a name search: the clients whose name holds an index entry
/// (`?1`) and the whole query (`?2`, a LIKE pattern), most recent visitors
/// first, off `client_grams_gram`.
pub const SEARCH_BY_NAME: &str = concat!(
    "SELECT ",
    found_columns!(),
    " FROM client_grams g JOIN clients c ON c.id = g.client_id
 WHERE g.gram = ?1 AND c.name LIKE ?2
 ORDER BY g.last_visit DESC, g.client_id DESC LIMIT ?3"
);

/// [`SEARCH_BY_NAME`] as the server reads it: SQLite's `LIKE` folds A-Z
/// only and has no escape character; so does this.
const SEARCH_BY_NAME_PG: &str = concat!(
    "SELECT ",
    found_columns!(),
    " FROM client_grams g JOIN clients c ON c.id = g.client_id
 WHERE g.gram = $1
   AND translate(c.name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
       LIKE $2 ESCAPE ''
 ORDER BY g.last_visit DESC, g.client_id DESC LIMIT $3"
);

/// How many clients have an index entry, counted up to `?2`: to start a
/// longer query from its rarest pair.
pub const GRAM_COUNT: &str =
    "SELECT count(*) FROM (SELECT 1 FROM client_grams WHERE gram = ?1 LIMIT ?2) AS held";

/// The SQL of a search by a mobile's last four digits, off `clients_mobile_last4`.
pub const SEARCH_BY_LAST_FOUR: &str = concat!(
    "SELECT ",
    found_columns!(),
    " FROM clients c WHERE substr(c.mobile, -4) = ?1
 ORDER BY c.last_visit DESC, c.id DESC LIMIT ?2"
);

/// [`SEARCH_BY_LAST_FOUR`] as the server reads it, off its index on
/// `right(mobile, 4)`.
const SEARCH_BY_LAST_FOUR_PG: &str = concat!(
    "SELECT ",
    found_columns!(),
    " FROM clients c WHERE right(c.mobile, 4) = $1
 ORDER BY c.last_visit DESC, c.id DESC LIMIT $2"
);

/// The SQL of a search by a whole mobile.
pub const SEARCH_BY_MOBILE: &str = concat!(
    "SELECT ",
    found_columns!(),
    " FROM clients c WHERE c.mobile = ?1"
);

/// One client as a search lists them (to check a changed client against a
/// shown search).
pub const FOUND_CLIENT: &str = concat!(
    "SELECT ",
    found_columns!(),
    " FROM clients c WHERE c.id = ?1"
);

/// The client a ticket was for.
pub const TICKET_CLIENT: &str = "SELECT client_id FROM tickets WHERE id = ?1";

/// The client a prospect is about.
pub const PROSPECT_CLIENT: &str = "SELECT client_id FROM prospects WHERE id = ?1";

/// Past this many clients, an index entry is common enough: a longer query
/// starts from the first pair as rare as this.
const RARE_ENOUGH: i64 = 500;

fn found(r: &Row) -> Result<Found> {
    Ok(Found {
        client: super::clients::client_of(r)?,
        visits: r.get(5)?,
        last_visit: r.get::<Option<i64>>(6)?.map(super::from_ts),
    })
}

impl Db<'_> {
    /// The clients `query` finds, most recent visitors first, at most `limit`.
    pub fn find_clients(&self, query: &ClientQuery, limit: usize) -> Result<Vec<Found>> {
        let limit = limit as i64;
        match query {
            ClientQuery::Name { text, grams } => {
                let gram = self.rarest_gram(grams)?;
                self.all(
                    Q::per_engine(SEARCH_BY_NAME, SEARCH_BY_NAME_PG),
                    args![gram, format!("%{text}%"), limit],
                    found,
                )
            }
            ClientQuery::LastFour(digits) => self.all(
                Q::per_engine(SEARCH_BY_LAST_FOUR, SEARCH_BY_LAST_FOUR_PG),
                args![digits, limit],
                found,
            ),
            ClientQuery::Mobile(mobile) => self.all(SEARCH_BY_MOBILE, args![mobile], found),
        }
    }

    /// The entry of `grams` held by the fewest clients (counted up to
    /// [`RARE_ENOUGH`]; the first that rare is taken).
    pub(crate) fn rarest_gram<'a>(&self, grams: &'a [String]) -> Result<&'a str> {
        let Some(first) = grams.first() else {
            return Ok("");
        };
        if grams.len() == 1 {
            return Ok(first);
        }
        let mut best = (i64::MAX, first.as_str());
        for g in grams {
            let n: i64 = self.one(GRAM_COUNT, args![g, RARE_ENOUGH], |r| r.get(0))?;
            if n < best.0 {
                best = (n, g);
            }
            if n < RARE_ENOUGH {
                break;
            }
        }
        Ok(best.1)
    }

    /// One client as a search lists them.
    pub fn found_client(&self, id: i64) -> Result<Option<Found>> {
        self.opt(FOUND_CLIENT, args![id], found)
    }

    /// The client a ticket was for, if any.
    pub fn ticket_client(&self, ticket: i64) -> Result<Option<i64>> {
        Ok(self
            .opt(TICKET_CLIENT, args![ticket], |r| r.get::<Option<i64>>(0))?
            .flatten())
    }

    /// The client a prospect is about.
    pub fn prospect_client(&self, prospect: i64) -> Result<Option<i64>> {
        self.opt(PROSPECT_CLIENT, args![prospect], |r| r.get(0))
    }

    /// The name index's entries of a client (to check it is in step).
    pub fn client_grams(&self, id: i64) -> Result<Vec<String>> {
        self.all(
            "SELECT gram FROM client_grams WHERE client_id = ?1 ORDER BY gram",
            args![id],
            |r| r.get(0),
        )
    }
}

/// Whether `found` is a client `query` finds (as the search would, but for
/// the limit).
pub fn matches(query: &ClientQuery, found: &Found) -> bool {
    match query {
        ClientQuery::Name { text, .. } => found
            .client
            .name
            .as_deref()
            .is_some_and(|n| n.to_ascii_lowercase().contains(text.as_str())),
        ClientQuery::LastFour(d) => found
            .client
            .mobile
            .as_deref()
            .is_some_and(|m| m.ends_with(d.as_str())),
        ClientQuery::Mobile(m) => found.client.mobile.as_deref() == Some(m.as_str()),
    }
}
