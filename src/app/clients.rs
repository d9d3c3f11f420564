//! The Clients tab (客户): find a client by name or mobile; their visits,
//! cards and contacts; add them to the follow-up list.

use super::form::{Field, Form, Purpose};
use super::{Action, App};
use crate::domain::authority::{Act, Target};
use crate::domain::validate;
use crate::i18n::{self, Msg};
use crate::store::clients::{Found, HistoryItem};
use crate::store::{Store, StoreError};

/// How many matches a search lists.
const LIMIT: usize = 200;

#[derive(Clone, Debug, Default)]
pub struct ClientsState {
    pub query: String,
    pub found: Vec<Found>,
    pub selected: usize,
    /// The selected client's visits, cards and contacts, newest first.
    pub history: Vec<HistoryItem>,
    /// The newest event when the search was run: it is run again on coming
    /// back to the tab only if something was saved since.
    pub(super) read_at: Option<i64>,
}

impl ClientsState {
    pub fn selected_client(&self) -> Option<&Found> {
        self.found.get(self.selected)
    }

    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        if self.query.is_empty() {
            self.found.clear();
        } else {
            let keep = self.selected_client().map(|f| f.client.id);
            self.found = store.db().search_clients(&self.query, LIMIT)?;
            self.selected = keep
                .and_then(|id| self.found.iter().position(|f| f.client.id == id))
                .unwrap_or(0)
                .min(self.found.len().saturating_sub(1));
        }
        self.load_history(store)
    }

    fn load_history(&mut self, store: &Store) -> Result<(), StoreError> {
        self.history = match self.selected_client() {
            Some(f) => store.db().client_history(f.client.id, 20)?,
            None => Vec::new(),
        };
        Ok(())
    }
}

impl App {
    /// Run the search again (the tab is shown, or its query changed).
    pub(super) fn reload_clients(&mut self) -> Result<(), StoreError> {
        self.clients.read_at = None;
        self.clients.reload(&self.store)?;
        self.clients.read_at = Some(self.seen_event);
        Ok(())
    }

    /// Coming back to the tab: the search again if anything was saved since.
    pub(super) fn clients_shown(&mut self) -> Result<(), StoreError> {
        if self.clients.read_at == Some(self.seen_event) {
            return Ok(());
        }
        self.reload_clients()
    }

    pub(super) fn clients_action(&mut self, action: Action) {
        let last = self.clients.found.len().saturating_sub(1);
        let c = &mut self.clients;
        let moved = match action {
            Action::Up => Some(c.selected.saturating_sub(1)),
            Action::Down => Some((c.selected + 1).min(last)),
            Action::Top => Some(0),
            Action::Bottom => Some(last),
            _ => None,
        };
        if let Some(i) = moved {
            c.selected = i;
            if let Err(e) = c.load_history(&self.store) {
                self.complain(e.message(self.lang));
            }
            return;
        }
        match action {
            Action::Filter => {
                let query = self.clients.query.clone();
                self.form = Some(Form::new(
                    Purpose::Search,
                    Msg::FormSearch,
                    vec![Field::text(Msg::FieldSearch, false).with_text(&query)],
                ));
            }
            Action::AddProspect => {
                let Some(f) = self.clients.selected_client().cloned() else {
                    return self.complain(self.t(Msg::NothingSelected).to_string());
                };
                if self.permitted(Act::AddProspect, Target::Branch) {
                    self.add_client_as_prospect(f.client.id);
                }
            }
            _ => {}
        }
    }

    pub(super) fn submit_search(&mut self, form: Form) {
        let lang = self.lang;
        match validate::text(form.field(Msg::FieldSearch).get(), 40, true) {
            Ok(q) => {
                self.form = None;
                self.clients.query = q.unwrap_or_default();
                self.clients.selected = 0;
                if let Err(e) = self.reload_clients() {
                    self.complain(e.message(lang));
                }
            }
            Err(e) => self.refuse_form(form, vec![(Msg::FieldSearch, i18n::invalid(lang, e))]),
        }
    }
}
