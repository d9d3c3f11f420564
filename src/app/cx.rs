//! What a screen works with: the store, the clock, the branch settings, the
//! signed-in person, the roster, the language, the open form and the message
//! line — and the ways to act as that person (`act`, `permitted`).

use chrono::{DateTime, Utc};

use super::form::Form;
use super::Flash;
use crate::clock::Clock;
use crate::config::Catalog;
use crate::domain::authority::{self, Act, Person, Target};
use crate::domain::client::ClientRefusal;
use crate::i18n::{self, Lang, Msg};
use crate::ops::{Names, Op, OpError};
use crate::store::staff::Staff;
use crate::store::{Db, Store};

/// The application's side every screen shares. `App` reads as it (its fields
/// are `app.store`, `app.form`, …); a screen is handed it with each action.
pub struct Cx {
    pub store: Store,
    pub clock: Clock,
    pub catalog: Catalog,
    pub lang: Lang,
    pub me: Staff,
    /// The signed-in person as the authority table sees them.
    pub person: Person,
    pub roster: Vec<Staff>,
    /// The instant the shown state was computed for.
    pub now: DateTime<Utc>,
    /// The form open over the screen.
    pub form: Option<Form>,
    /// What the last action said.
    pub flash: Option<Flash>,
    /// The newest event the shown state reflects.
    pub(super) seen_event: i64,
    /// Something was written: the screens are read again once the action is done.
    written: bool,
}

impl Cx {
    pub(super) fn new(store: Store, clock: Clock, catalog: Catalog, lang: Lang, me: Staff) -> Cx {
        let now = clock.now();
        let person = crate::ops::person(&me, &catalog);
        Cx {
            store,
            clock,
            catalog,
            lang,
            me,
            person,
            roster: Vec::new(),
            now,
            form: None,
            flash: None,
            seen_event: 0,
            written: false,
        }
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.get(self.lang)
    }

    pub(super) fn say(&mut self, text: String) {
        self.flash = Some(Flash { text, error: false });
    }

    pub(super) fn complain(&mut self, text: String) {
        self.flash = Some(Flash { text, error: true });
    }

    /// Whether the authority table allows it (with the selected record).
    pub fn allows(&self, act: Act, target: Target) -> bool {
        authority::allowed(&self.person, act, target).is_ok()
    }

    /// Refuse, in words, what the authority table refuses; true when allowed.
    pub(super) fn permitted(&mut self, act: Act, target: Target) -> bool {
        match authority::allowed(&self.person, act, target) {
            Ok(()) => true,
            Err(d) => {
                let text = d.message(&self.names());
                self.complain(text);
                false
            }
        }
    }

    /// What a refusal needs to name people and lines.
    pub fn names(&self) -> Names<'_> {
        Names {
            lang: self.lang,
            roster: &self.roster,
            catalog: &self.catalog,
        }
    }

    /// Run operations as the signed-in person, now, in one transaction.
    pub fn act<T>(&mut self, f: impl FnOnce(&Db, &Op) -> Result<T, OpError>) -> Result<T, OpError> {
        let op = Op {
            who: &self.person,
            now: self.clock.now(),
            day: self.clock.today(),
            catalog: &self.catalog,
        };
        self.store.write(|db| f(db, &op))
    }

    /// After a write of our own: the screens show the new state once the
    /// action is done (a message the screen says meanwhile stays).
    pub(super) fn after_write(&mut self) {
        self.written = true;
    }

    /// Whether something was written since last asked.
    pub(super) fn take_written(&mut self) -> bool {
        std::mem::take(&mut self.written)
    }

    /// Show a refused form again with each field's message beside it.
    pub(super) fn refuse_form(&mut self, mut form: Form, errors: Vec<(Msg, String)>) {
        for f in &mut form.fields {
            f.error = errors
                .iter()
                .find(|(m, _)| *m == f.label)
                .map(|(_, e)| e.clone());
        }
        form.focus_first_error();
        self.form = Some(form);
        self.complain(self.t(Msg::FixFields).to_string());
    }

    /// An operation refused a form: a field's fault beside the field, any
    /// other refusal in the message line; the form stays open either way.
    /// A mobile that is another client's goes beside the mobile, and the
    /// focus to the name: which of the two is right?
    pub(super) fn form_failed(&mut self, form: Form, e: OpError) {
        if let OpError::Field(m, why) = e {
            let text = i18n::invalid(self.lang, why);
            return self.refuse_form(form, vec![(m, text)]);
        }
        let mobile = form.fields.iter().any(|f| f.label == Msg::FieldMobile);
        if let (OpError::Client(ClientRefusal::MobileTaken { .. }), true) = (&e, mobile) {
            let text = e.message(&self.names());
            self.refuse_form(form, vec![(Msg::FieldMobile, text)]);
            if let Some(f) = self.form.as_mut() {
                let name = f.fields.iter().position(|f| f.label == Msg::FieldName);
                f.focus = name.unwrap_or(f.focus);
            }
            return;
        }
        self.form = Some(form);
        self.complain(e.message(&self.names()));
    }

    pub fn line_label(&self, code: &str) -> String {
        Catalog::label(&self.catalog.lines, code, self.lang).to_string()
    }

    /// A staff member's name from the roster, or the code.
    pub fn staff_name(&self, code: &str) -> String {
        self.roster
            .iter()
            .find(|s| s.code == code)
            .map_or(code.to_string(), |s| s.name.clone())
    }
}
