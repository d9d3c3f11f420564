//! The demo's people as the operations see them: each roster entry's
//! [`Person`], and an [`Op`] for what one of them does at a moment.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::roster;
use crate::config::Catalog;
use crate::domain::authority::Person;
use crate::ops::{self, Op, OpError};
use crate::store::StoreError;

/// The demo roster's people under the branch settings.
pub(super) struct Cast<'a> {
    pub(super) catalog: &'a Catalog,
    people: HashMap<String, Person>,
    /// Anyone not on the roster: allowed nothing.
    nobody: Person,
}

impl<'a> Cast<'a> {
    pub(super) fn new(catalog: &'a Catalog) -> Cast<'a> {
        Cast {
            catalog,
            people: roster()
                .iter()
                .map(|s| (s.code.clone(), ops::person(s, catalog)))
                .collect(),
            nobody: Person {
                code: String::new(),
                roles: Vec::new(),
                counter: None,
                lines: Vec::new(),
            },
        }
    }

    pub(super) fn person(&self, code: &str) -> &Person {
        self.people.get(code).unwrap_or(&self.nobody)
    }

    /// `code` acting at `now`, on business day `day`.
    pub(super) fn op(&self, code: &str, now: DateTime<Utc>, day: NaiveDate) -> Op<'_> {
        Op {
            who: self.person(code),
            now,
            day,
            catalog: self.catalog,
        }
    }
}

/// What an operation did, or `None` when it refused (the record's state did
/// not allow it, the client was already on the list…): the demo goes on as
/// a person would. A store failure stops everything.
pub(super) fn done<T>(result: Result<T, OpError>) -> Result<Option<T>, StoreError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(OpError::Store(e)) => Err(e),
        Err(_) => Ok(None),
    }
}
