//! The Follow-ups search, as the Clients tab reads one: one or two characters
//! of a name by the name index of the prospects' clients (`prospect_grams`), a
//! longer part of a name by its rarest pair, a mobile by its last four digits
//! or whole. The prospects of the clients found are few: the list searched is
//! read whole, in one pass, and sorted in memory.

use chrono::{DateTime, Utc};

use super::window::{
    client_filters, list_order, listed_columns, prospect_filters, typed_for_server, Params, Window,
    PARTS, TYPES,
};
use super::{date, from_row, Prospect};
use crate::args;
use crate::domain::followup::Stage;
use crate::domain::search::{client_query, name_grams, ClientQuery};
use crate::store::from_ts;
use crate::store::sql::{any_json_id, Arg, Row, Q};
use crate::store::{Db, Result};

/// The clients with a prospect a search names, by index (`?11` a name's
/// index entry, `?12` a mobile's last four, `?13` a whole mobile): the arms
/// the SQL unites. The server (`pg`) indexes a mobile's last four as
/// `right(mobile, 4)`.
macro_rules! searched_clients {
    () => {
        "SELECT client_id FROM prospect_grams WHERE gram = ?11
     UNION ALL SELECT id FROM clients WHERE substr(mobile, -4) = ?12
     UNION ALL SELECT id FROM clients WHERE mobile = ?13"
    };
    (pg) => {
        "SELECT client_id FROM prospect_grams WHERE gram = ?11
     UNION ALL SELECT id FROM clients WHERE right(mobile, 4) = ?12
     UNION ALL SELECT id FROM clients WHERE mobile = ?13"
    };
}

/// The prospects of the clients the search finds (by `prospects_listed`,
/// which holds the listed ones and what places them), open or ended since
/// `?7`, that pass the filters (`?2`–`?8` as the window's statements take
/// them): `$columns`, with `$joined`, its client filtered by `$clients`.
/// On the server (`pg`), joined in any order (a `CROSS JOIN` takes no `ON`
/// there).
macro_rules! searched {
    ($columns:expr, $joined:literal, $clients:expr) => {
        concat!(
            "SELECT ",
            $columns,
            "
 FROM (",
            searched_clients!(),
            ") m
 CROSS JOIN prospects p INDEXED BY prospects_listed
   ON p.client_id = m.client_id AND p.listed = 1",
            $joined,
            "
 WHERE (p.stage = 'open' OR p.ended_at >= ?7 AND p.stage != 'open')",
            prospect_filters!(),
            $clients
        )
    };
    (pg, $columns:expr, $joined:literal, $clients:expr) => {
        concat!(
            "SELECT ",
            $columns,
            "
 FROM (",
            searched_clients!(pg),
            ") m
 JOIN prospects p ON p.client_id = m.client_id AND p.listed = 1",
            $joined,
            "
 WHERE (p.stage = 'open' OR p.ended_at >= ?7 AND p.stage != 'open')",
            prospect_filters!(),
            $clients
        )
    };
}

/// The SQL of [`Db::prospects`] searched: the prospects found, whole, unsorted.
pub const SEARCHED: &str = searched!(
    listed_columns!(),
    "
 CROSS JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner",
    client_filters!()
);

/// [`SEARCHED`] as the server reads it (once its parameters are typed and
/// numbered by `typed_for_server`).
const SEARCHED_PG: &str = searched!(
    pg,
    listed_columns!(),
    "
 JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner",
    client_filters!(pg)
);

/// The SQL of [`Db::searched_prospects`]: where each prospect found goes in
/// the list (id, stage, due date, when it ended), unsorted, off the index
/// alone; its client is read only for a filter on the client.
pub const SEARCHED_PLACES: &str = searched!(
    "p.id, p.stage, p.next_due, p.ended_at",
    "",
    concat!(
        "
   AND (?4 IS NULL AND ?5 IS NULL AND ?6 = 0
        OR EXISTS (SELECT 1 FROM clients c WHERE c.id = p.client_id",
        client_filters!(),
        "))"
    )
);

/// [`SEARCHED_PLACES`] as the server reads it (once its parameters are
/// typed and numbered by `typed_for_server`).
const SEARCHED_PLACES_PG: &str = searched!(
    pg,
    "p.id, p.stage, p.next_due, p.ended_at",
    "",
    concat!(
        "
   AND (?4 IS NULL AND ?5 IS NULL AND ?6 = 0
        OR EXISTS (SELECT 1 FROM clients c WHERE c.id = p.client_id",
        client_filters!(pg),
        "))"
    )
);

/// The SQL of [`Db::prospects_by_id`]: the prospects of a JSON array of ids
/// (`?1`), each by its primary key.
pub const PROSPECTS_BY_ID: &str = concat!(
    "SELECT ",
    listed_columns!(),
    "
 FROM json_each(?1) j
 CROSS JOIN prospects p ON p.id = j.value
 CROSS JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner"
);

/// [`PROSPECTS_BY_ID`] as the server reads it: the ids from the JSON text.
const PROSPECTS_BY_ID_PG: &str = concat!(
    "SELECT ",
    listed_columns!(),
    "
 FROM prospects p
 JOIN clients c ON c.id = p.client_id
 LEFT JOIN staff s ON s.code = p.owner
 WHERE p.id = ",
    any_json_id!()
);

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

/// A searched list: its prospects' ids in the list's order, how many each
/// part holds, and when the first of its ended prospects ended.
#[derive(Clone, Debug, Default)]
pub struct Searched {
    pub ids: Vec<i64>,
    pub counts: [usize; PARTS],
    pub oldest_ended: Option<DateTime<Utc>>,
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
            ClientQuery::Name { text, grams } => {
                let gram = self.rarest_gram(&grams)?.to_string();
                // A name of one or two characters is its own index entry:
                // the clients found by it all have it in their names.
                Bound {
                    like: (gram != text).then(|| format!("%{text}%")),
                    gram: Some(gram),
                    ..Bound::default()
                }
            }
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

    /// The values of [`searched!`]'s statements, `None` when `w` searches
    /// for nothing.
    fn searched_values(
        &self,
        w: &Window,
        run: impl FnOnce(&[&dyn Arg]) -> Result<()>,
    ) -> Result<bool> {
        let search = self.bind_search(w.filter.search.as_deref())?;
        if !search.searching() {
            return Ok(false);
        }
        let p = Params::new(w, search.like.clone());
        let none = None;
        let base = p.values(w.filter, &[0, 0], &none);
        let values: Vec<&dyn Arg> = base[..10]
            .iter()
            .copied()
            .chain([&search.gram as &dyn Arg, &search.last_four, &search.mobile])
            .collect();
        run(&values)?;
        Ok(true)
    }

    /// The prospects of the clients `filter.search` finds that pass the
    /// filters (the owner's name included), unsorted; `None` when it is no
    /// search.
    pub(super) fn searched(&self, w: &Window) -> Result<Option<Vec<Prospect>>> {
        let mut found = Vec::new();
        let searching = self.searched_values(w, |values| {
            self.each_searched(SEARCHED, SEARCHED_PG, values, |r| {
                found.push(from_row(r)?);
                Ok(())
            })
        })?;
        Ok(searching.then_some(found))
    }

    /// The list `w` searched, placed (few: the prospects of the clients the
    /// search finds, and only where each goes is read); `None` when it is no
    /// search. Its rows are read a window at a time by [`Db::prospects_by_id`].
    pub fn searched_prospects(&self, w: &Window) -> Result<Option<Searched>> {
        let mut places = Vec::new();
        let mut listed = Searched::default();
        let mut oldest: Option<i64> = None;
        let searching = self.searched_values(w, |values| {
            self.each_searched(SEARCHED_PLACES, SEARCHED_PLACES_PG, values, |r| {
                let stage = Stage::parse(&r.get::<String>(1)?).unwrap_or(Stage::Open);
                let due = date(r.get::<Option<String>>(2)?.as_deref());
                let ended: Option<i64> = r.get(3)?;
                let Some(k) = w.part(stage, due, ended.map(from_ts)) else {
                    return Ok(());
                };
                listed.counts[k] += 1;
                if k >= 4 {
                    oldest = oldest.into_iter().chain(ended).min();
                }
                places.push(list_order(k, due, ended, r.get(0)?));
                Ok(())
            })
        })?;
        if !searching {
            return Ok(None);
        }
        places.sort_unstable();
        listed.oldest_ended = oldest.map(from_ts);
        listed.ids = places.into_iter().map(|(_, _, _, id)| id).collect();
        Ok(Some(listed))
    }

    /// The prospects `ids`, in that order (those that are no more, left out).
    pub fn prospects_by_id(&self, ids: &[i64]) -> Result<Vec<Prospect>> {
        self.rows_by_id(
            Q::per_engine(PROSPECTS_BY_ID, PROSPECTS_BY_ID_PG),
            ids,
            from_row,
            |p| p.id,
        )
    }

    /// Each row of a search's statement (`lite` here, `pg` on the server)
    /// for `values`.
    fn each_searched(
        &self,
        lite: &str,
        pg: &str,
        values: &[&dyn Arg],
        read: impl FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        let server = match self.on_server() {
            true => typed_for_server(pg, &TYPES[..values.len()]),
            false => String::new(),
        };
        self.each(Q::per_engine(lite, &server), values, read)
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

/// The SQL of [`Db::prune_unlisted`]'s first step: the prospects ended
/// before `?1` taken off the listed ones (`prospects_listed`).
pub const UNLIST_ENDED: &str = "UPDATE prospects SET listed = 0
 WHERE listed = 1 AND stage != 'open' AND ended_at < ?1";

/// The SQL of [`Db::prune_unlisted`]'s second step: the name index's
/// entries of the clients whose last listed prospect ended in the 30 days
/// before `?1` and who have none open or ended since (by `prospects_ended`,
/// then each client's names by `client_grams`' key).
pub const PRUNE_PROSPECT_GRAMS: &str = "DELETE FROM prospect_grams WHERE (gram, client_id) IN (
     SELECT g.gram, g.client_id FROM client_grams g WHERE g.client_id IN (
         SELECT p.client_id FROM prospects p
         WHERE p.ended_at >= CAST(?1 AS BIGINT) - 30 * 86400 AND p.ended_at < ?1
           AND p.stage != 'open'
           AND NOT EXISTS (SELECT 1 FROM prospects q WHERE q.client_id = p.client_id
                           AND (q.stage = 'open' OR q.ended_at >= ?1))))";

impl Db<'_> {
    /// Keep the Follow-ups search's indexes to what the list can show: the
    /// prospects that ended before `since` (the start of the list's window
    /// of ended prospects) off the listed ones, and the clients who left the
    /// list in the 30 days before it off the name index. Run once a day.
    pub fn prune_unlisted(&self, since: DateTime<Utc>) -> Result<usize> {
        let since = since.timestamp();
        self.run(UNLIST_ENDED, args![since])?;
        Ok(self.run(PRUNE_PROSPECT_GRAMS, args![since])? as usize)
    }
}
