//! The Follow-ups search, as the Clients tab reads one: one or two characters
//! of a name by the name index (`client_grams`), a longer part of a name by its
//! rarest pair, a mobile by its last four digits or whole.

use crate::domain::search::{client_query, name_grams, ClientQuery};
use crate::store::{Db, Result};

/// The clients a search names, by index (`?11` a name's index entry, `?12` a
/// mobile's last four, `?13` a whole mobile): the arms the SQL unites.
macro_rules! searched_clients {
    () => {
        "SELECT client_id FROM client_grams WHERE gram = ?11
     UNION ALL SELECT id FROM clients WHERE substr(mobile, -4) = ?12
     UNION ALL SELECT id FROM clients WHERE mobile = ?13"
    };
}
pub(crate) use searched_clients;

/// A search bound to the statements: `like` (`?5`) the name's pattern, the
/// rest as [`searched_clients`] takes them; all `None` for no search.
#[derive(Debug, Default)]
pub(super) struct Bound {
    pub like: Option<String>,
    pub gram: Option<String>,
    pub last_four: Option<String>,
    pub mobile: Option<String>,
}

impl Bound {
    pub fn searching(&self) -> bool {
        self.gram.is_some() || self.last_four.is_some() || self.mobile.is_some()
    }
}

/// Digits that are neither a last four nor a whole mobile find nobody (the
/// filter form refuses them in words first).
const NOBODY: &str = "-";

impl Db<'_> {
    /// Bind the search `q` (none for `None` or nothing to look for).
    pub(super) fn bind_search(&self, q: Option<&str>) -> Result<Bound> {
        let query = match q.map(client_query) {
            None | Some(Ok(None)) => return Ok(Bound::default()),
            Some(Err(_)) => {
                return Ok(Bound {
                    mobile: Some(NOBODY.into()),
                    ..Bound::default()
                })
            }
            Some(Ok(Some(query))) => query,
        };
        Ok(match query {
            ClientQuery::Name { text, grams } => Bound {
                like: Some(format!("%{text}%")),
                gram: Some(self.rarest_gram(&grams)?.to_string()),
                ..Bound::default()
            },
            ClientQuery::LastFour(d) => Bound {
                last_four: Some(d),
                ..Bound::default()
            },
            ClientQuery::Mobile(m) => Bound {
                mobile: Some(m),
                ..Bound::default()
            },
        })
    }
}

/// Whether the search `q` finds a client of this name and mobile: the
/// statements' test, for a list filtered again in memory (a part of a name
/// found by its index entries, each among the name's).
pub(super) fn finds(q: &str, name: Option<&str>, mobile: Option<&str>) -> bool {
    match client_query(q) {
        Ok(None) => true,
        Err(_) => false,
        Ok(Some(ClientQuery::Name { text, grams })) => name.is_some_and(|n| {
            let have = name_grams(n);
            n.to_ascii_lowercase().contains(&text) && grams.iter().all(|g| have.contains(g))
        }),
        Ok(Some(ClientQuery::LastFour(d))) => mobile.is_some_and(|m| m.ends_with(&d)),
        Ok(Some(ClientQuery::Mobile(w))) => mobile == Some(w.as_str()),
    }
}
