//! The Clients tab (客户): find a client by name or mobile; their visits,
//! cards and contacts and their dedicated manager; add them to the
//! follow-up list, book them, set or clear their dedicated manager.

use super::form::{numbered, unanswered, Field, Form, Purpose};
use super::{followups, Action, Changes, Component, Cursor, Cx, Selected};
use crate::domain::authority::{Act, Target};
use crate::domain::event::Record;
use crate::domain::search::{client_query, QueryRefusal};
use crate::domain::validate;
use crate::i18n::{self, Msg};
use crate::store::clients::{Found, HistoryItem};
use crate::store::search;
use crate::store::{Store, StoreError};

/// How many matches a search lists: the latest visitors first (a common
/// surname is narrowed by typing more of the name, not by scrolling).
pub const LIMIT: usize = 100;

#[derive(Clone, Debug, Default)]
pub struct ClientsState {
    pub query: String,
    pub found: Vec<Found>,
    pub cursor: Cursor,
    /// The selected client's visits, cards and contacts, newest first.
    pub history: Vec<HistoryItem>,
    /// The selected client's dedicated manager: (code, name).
    pub manager: Option<(String, String)>,
    /// How many times the search was run (read by the benchmark and tests:
    /// another process's write runs it again only if it changed a shown
    /// client or a client the search now finds).
    pub searches: u64,
    /// The search must run again (when next shown): everything was read
    /// again, or a shown or matching client changed.
    stale: bool,
    /// The selected client's history must be read again (when next shown).
    history_stale: bool,
    /// Showing the dormant clients (`D`) instead of the search's matches.
    pub dormant: bool,
    /// In the dormant view, each listed client's dedicated manager.
    managers: Vec<Option<String>>,
}

impl ClientsState {
    pub fn selected_client(&self) -> Option<&Found> {
        self.found.get(self.cursor.at())
    }

    /// Run the search (and read the selected client's history).
    pub fn search(&mut self, store: &Store) -> Result<(), StoreError> {
        let query = client_query(&self.query).ok().flatten();
        match query {
            None => self.found.clear(),
            Some(q) => {
                let keep = self.selected_client().map(|f| f.client.id);
                self.found = store.db().find_clients(&q, LIMIT)?;
                self.searches += 1;
                let found = keep.and_then(|id| self.found.iter().position(|f| f.client.id == id));
                self.cursor.keep(Some(found.unwrap_or(0)), self.found.len());
            }
        }
        self.stale = false;
        self.load_history(store)
    }

    fn load_history(&mut self, store: &Store) -> Result<(), StoreError> {
        let db = store.db();
        let client = self.selected_client().map(|f| f.client.id);
        self.history_stale = false;
        self.history = match client {
            Some(id) => db.client_history(id, 20)?,
            None => Vec::new(),
        };
        self.manager = match client
            .map(|id| db.client_manager(id))
            .transpose()?
            .flatten()
        {
            Some(code) => {
                let name = db.staff(&code)?.map_or_else(|| code.clone(), |s| s.name);
                Some((code, name))
            }
            None => None,
        };
        Ok(())
    }

    /// Run the search again (its query changed), or read the dormant
    /// clients again.
    fn search_again(&mut self, cx: &Cx) -> Result<(), StoreError> {
        if !self.dormant {
            return self.search(&cx.store);
        }
        (self.found, self.managers) = super::dormant::load(cx)?;
        self.cursor.keep(Some(self.cursor.at()), self.found.len());
        self.stale = false;
        self.load_history(&cx.store)
    }

    /// On view: the search again if a change since concerns it, else the
    /// selected client's history if a change concerns that.
    fn search_if_stale(&mut self, cx: &Cx) -> Result<(), StoreError> {
        if self.stale {
            self.search_again(cx)
        } else if self.history_stale {
            self.load_history(&cx.store)
        } else {
            Ok(())
        }
    }

    /// Mark what `changed` makes stale: the search if a changed client (or
    /// the client of a changed ticket) is shown or is now found by the query;
    /// the selected client's history if one of their cards or prospects
    /// changed. One read by primary key per changed record, never the search.
    fn note_changes(&mut self, cx: &Cx, changed: &Changes) -> Result<(), StoreError> {
        if changed.all
            || self.stale
            || (self.dormant && (changed.visits() || !changed.prospects.is_empty()))
        {
            self.stale = true;
            return Ok(());
        }
        let Some(query) = client_query(&self.query).ok().flatten() else {
            return Ok(());
        };
        let db = cx.store.db();
        let mut clients = changed.clients.clone();
        for t in &changed.tickets {
            clients.extend(db.ticket_client(*t)?);
        }
        clients.sort_unstable();
        clients.dedup();
        for id in clients {
            if self.found.iter().any(|f| f.client.id == id) {
                self.stale = true;
                return Ok(());
            }
            if let Some(f) = db.found_client(id)? {
                if search::matches(&query, &f) {
                    self.stale = true;
                    return Ok(());
                }
            }
        }
        let Some(selected) = self.selected_client().map(|f| f.client.id) else {
            return Ok(());
        };
        if changed.touch_client(&db, selected)? {
            self.history_stale = true;
        }
        Ok(())
    }

    fn submit_search(&mut self, cx: &mut Cx, form: Form) {
        let lang = cx.lang;
        let typed = validate::text(form.field(Msg::FieldSearch).get(), 40, true);
        if let Ok(Some(q)) = &typed {
            if let Err(QueryRefusal::MobileDigits) = client_query(q) {
                let why = Msg::SearchMobileDigits.get(lang).to_string();
                return cx.refuse_form(form, vec![(Msg::FieldSearch, why)]);
            }
        }
        match typed {
            Ok(q) => {
                cx.form = None;
                self.dormant = false;
                self.query = q.unwrap_or_default();
                self.cursor = Cursor::default();
                if let Err(e) = self.search_again(cx) {
                    cx.complain(e.message(lang));
                }
            }
            Err(e) => cx.refuse_form(form, vec![(Msg::FieldSearch, i18n::invalid(lang, e))]),
        }
    }
}

impl Component for ClientsState {
    fn title(&self, cx: &Cx) -> String {
        cx.t(Msg::TabClients).to_string()
    }

    fn handle(&mut self, cx: &mut Cx, action: &Action) {
        if self.cursor.step(action, self.found.len()) {
            if let Err(e) = self.load_history(&cx.store) {
                cx.complain(e.message(cx.lang));
            }
            return;
        }
        match action {
            Action::Dormant => {
                self.dormant = !self.dormant;
                self.cursor = Cursor::default();
                self.found.clear();
                if let Err(e) = self.search_again(cx) {
                    cx.complain(e.message(cx.lang));
                }
            }
            Action::FollowDormant if self.dormant => {
                let Some(f) = self.selected_client().cloned() else {
                    return cx.complain(cx.t(Msg::NothingSelected).to_string());
                };
                let manager = self.managers.get(self.cursor.at()).cloned().flatten();
                super::dormant::follow(cx, &f, manager);
            }
            Action::Filter => {
                cx.form = Some(Form::new(
                    Purpose::Search,
                    Msg::FormSearch,
                    vec![Field::text(Msg::FieldSearch, false).with_text(&self.query)],
                ));
            }
            Action::AddProspect => {
                let Some(f) = self.selected_client().cloned() else {
                    return cx.complain(cx.t(Msg::NothingSelected).to_string());
                };
                if cx.permitted(Act::AddProspect, Target::Branch) {
                    followups::add_client_as_prospect(cx, f.client.id);
                }
            }
            Action::Book => {
                let Some(f) = self.selected_client().cloned() else {
                    return cx.complain(cx.t(Msg::NothingSelected).to_string());
                };
                let name = f.client.name.as_deref();
                super::appointments::open_book_form(cx, f.client.id, None, name);
            }
            Action::EditClient => {
                let Some(f) = self.selected_client().cloned() else {
                    return cx.complain(cx.t(Msg::NothingSelected).to_string());
                };
                if cx.permitted(Act::EditClient, Target::Branch) {
                    super::client_record::open_form(cx, f.client.id, f.client.name.as_deref());
                }
            }
            Action::ClientManager => {
                let Some(f) = self.selected_client().cloned() else {
                    return cx.complain(cx.t(Msg::NothingSelected).to_string());
                };
                if cx.permitted(Act::SetClientManager, Target::Branch) {
                    cx.form = Some(manager_form(cx, f.client.id, f.client.name.as_deref()));
                }
            }
            _ => {}
        }
    }

    /// The search, or the add-prospect form (saved as the Follow-ups tab does).
    fn submit(&mut self, cx: &mut Cx, form: Form) {
        match form.purpose {
            Purpose::Search => self.submit_search(cx, form),
            Purpose::FollowDormant { client } => super::dormant::submit(cx, form, client),
            Purpose::Book { client, prospect } => {
                super::appointments::submit_book(cx, form, client, prospect)
            }
            Purpose::ClientManager { client } => submit_manager(cx, form, client),
            Purpose::ClientRecord { client } => super::client_record::submit(cx, form, client),
            _ => followups::submit(cx, form),
        }
    }

    /// Searched again only while on view (or when next shown), and only if
    /// a change concerns a shown client or one the search now finds.
    fn reload(&mut self, cx: &Cx, changed: &Changes, shown: bool) -> Result<(), StoreError> {
        self.note_changes(cx, changed)?;
        if shown {
            self.search_if_stale(cx)?;
        }
        Ok(())
    }

    fn shown(&mut self, cx: &mut Cx) {
        if let Err(e) = self.search_if_stale(cx) {
            cx.complain(e.message(cx.lang));
        }
    }

    fn selected(&self, _: &Cx) -> Option<Selected> {
        let f = self.selected_client()?;
        Some(Selected {
            client: Some(f.client.id),
            record: Record::Client,
            id: f.client.id,
            owners: Vec::new(),
        })
    }

    fn act_of(&self, action: &Action) -> Option<(Act, Target<'_>)> {
        match action {
            Action::AddProspect => Some((Act::AddProspect, Target::Branch)),
            Action::Book => Some((Act::BookAppointment, Target::Branch)),
            Action::ClientManager => Some((Act::SetClientManager, Target::Branch)),
            Action::EditClient => Some((Act::EditClient, Target::Branch)),
            // Offered on a dormant client only.
            Action::FollowDormant if self.dormant && self.selected_client().is_some() => {
                Some((Act::FollowDormant, Target::Branch))
            }
            Action::FollowDormant => Some((Act::FollowDormant, Target::Client { owners: &[] })),
            _ => None,
        }
    }
}

/// The choice that clears a client's dedicated manager.
const NO_MANAGER: &str = "-";

/// Each active manager of a line on the roster: (code, "name · line").
pub(super) fn line_managers(cx: &Cx) -> Vec<(String, String)> {
    let mut choices = Vec::new();
    for s in cx.roster.iter().filter(|s| s.active) {
        let p = crate::ops::person(s, &cx.catalog);
        if let Some(line) = p.lines.first() {
            choices.push((
                s.code.clone(),
                format!("{} · {}", s.name, cx.line_label(line)),
            ));
        }
    }
    choices
}

/// `m`: the dedicated-manager form: each active manager of a line on the
/// roster, or none; nothing chosen for the user.
fn manager_form(cx: &Cx, client: i64, name: Option<&str>) -> Form {
    let mut choices = vec![(NO_MANAGER.to_string(), cx.t(Msg::ManagerNone).to_string())];
    choices.extend(line_managers(cx));
    let field = Field::choice(Msg::FieldManager, unanswered(numbered(choices)), 0);
    Form::new(
        Purpose::ClientManager { client },
        Msg::FormManager,
        vec![field],
    )
    .about(crate::domain::privacy::mask_name(name.unwrap_or("")))
}

/// Save the dedicated-manager form through [`crate::ops::pairs::set_client_manager`].
fn submit_manager(cx: &mut Cx, form: Form, client: i64) {
    let lang = cx.lang;
    let chosen = form.field(Msg::FieldManager).get().to_string();
    if chosen.is_empty() {
        let required = i18n::invalid(lang, validate::Invalid::Required);
        return cx.refuse_form(form, vec![(Msg::FieldManager, required)]);
    }
    let manager = (chosen != NO_MANAGER).then_some(chosen.as_str());
    let result = cx.act(|db, op| crate::ops::pairs::set_client_manager(db, op, client, manager));
    cx.after_write();
    let id = client.to_string();
    match result {
        Ok(changed) => {
            cx.form = None;
            let text = match (changed, manager) {
                (false, _) => Msg::ManagerUnchanged.fill(lang, &[("id", &id)]),
                (true, Some(m)) => {
                    let m = cx.staff_name(m);
                    Msg::ManagerSaved.fill(lang, &[("id", &id), ("m", &m)])
                }
                (true, None) => Msg::ManagerCleared.fill(lang, &[("id", &id)]),
            };
            cx.say(text);
        }
        Err(e) => cx.form_failed(form, e),
    }
}
