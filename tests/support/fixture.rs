//! An `App` on a real store with a fixed clock, driven by actions, its screen
//! read as text: one person at a time, or several on one file.

use super::*;

/// An application on a fresh database in a temporary folder, with a fixed clock.
pub struct Fixture {
    pub dir: TempDir,
    pub clock: Clock,
    pub app: App,
}

pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

impl Fixture {
    /// `staff` are put on the roster first; the app runs as `me` (e.g. "LOBBY").
    pub fn new(lang: Lang, me: &str, staff: &[Staff]) -> Fixture {
        let dir = TempDir::new().expect("a temporary folder");
        let mut store = open_store(&dir);
        for s in staff {
            put_staff(&mut store, s);
        }
        let me = store
            .db()
            .staff(me)
            .expect("read the roster")
            .expect("`me` is on the roster");
        let clock = Clock::fixed(t0(), beijing());
        let app =
            App::new(store, clock.clone(), Catalog::shipped(), lang, me).expect("start the app");
        Fixture { dir, clock, app }
    }

    pub fn lobby(lang: Lang) -> Fixture {
        Fixture::new(lang, "LOBBY", &[])
    }

    pub fn lang(&self) -> &'static str {
        lang_code(self.app.lang)
    }

    pub fn act(&mut self, action: Action) {
        self.app.update(action);
    }

    pub fn input(&mut self, input: Input) {
        self.app.update(Action::Form(input));
    }

    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.input(Input::Char(c));
        }
    }

    /// Move the form's focus to field `i` with Tab, however choosing by key
    /// moves it.
    pub fn focus_field(&mut self, i: usize) {
        for _ in 0..self.app.form.as_ref().expect("a form").fields.len() {
            if self.app.form.as_ref().unwrap().focus == i {
                return;
            }
            self.input(Input::Next);
        }
        assert_eq!(
            self.app.form.as_ref().unwrap().focus,
            i,
            "Tab reaches field {i}"
        );
    }

    /// Fill the walk-in form (service letter, priority number, name, mobile)
    /// without saving it.
    pub fn fill_walkin(&mut self, service: char, priority: char, name: &str, mobile: &str) {
        self.act(Action::NewWalkin);
        assert!(self.app.form.is_some(), "n opens the walk-in form");
        self.input(Input::Char(service));
        self.focus_field(1);
        self.input(Input::Char(priority));
        self.focus_field(2);
        self.type_text(name);
        self.focus_field(3);
        self.type_text(mobile);
    }

    /// Register a walk-in through the form and return its number.
    pub fn walkin(&mut self, service: char, priority: char, name: &str, mobile: &str) -> String {
        self.fill_walkin(service, priority, name, mobile);
        self.input(Input::Submit);
        assert!(
            self.app.form.is_none(),
            "the walk-in was saved: {:?}",
            self.app.flash
        );
        self.app
            .lobby
            .selected_ticket()
            .expect("the new ticket is selected")
            .number
            .clone()
    }

    /// Esc on the open form until it is gone (see [`discard`]).
    pub fn discard(&mut self) {
        discard(&mut self.app);
    }

    /// Move the clock on and let the app notice, as its tick would.
    pub fn advance(&mut self, minutes: i64) {
        self.clock.advance(mins(minutes));
        self.act(Action::Tick);
    }

    pub fn advance_secs(&mut self, secs: i64) {
        self.clock.advance(Duration::seconds(secs));
        self.act(Action::Tick);
    }

    pub fn screen(&self, w: u16, h: u16) -> String {
        render(&self.app, w, h)
    }

    /// A ticket of today by its number, whatever its status.
    pub fn ticket(&self, number: &str) -> Ticket {
        let id: i64 = check(&self.dir).one(
            "SELECT id FROM tickets WHERE day = ?1 AND number = ?2",
            args![day().format("%Y-%m-%d").to_string(), number],
        );
        self.app.store.db().ticket(id).unwrap().unwrap()
    }

    pub fn ticket_count(&self) -> i64 {
        self.sql_i64("SELECT count(*) FROM tickets", args![])
    }

    pub fn event_count(&self) -> i64 {
        self.sql_i64("SELECT count(*) FROM events", args![])
    }

    /// Event kinds in the order written.
    pub fn event_kinds(&self) -> Vec<String> {
        check(&self.dir).all("SELECT kind FROM events ORDER BY id", args![])
    }

    /// Select a row of the lobby queue by ticket number.
    pub fn select(&mut self, number: &str) {
        self.act(Action::Top);
        for _ in 0..self.app.lobby.rows.len() {
            if self.selected() == Some(number.to_string()) {
                return;
            }
            self.act(Action::Down);
        }
        panic!("{number} is not in the lobby queue");
    }

    pub fn selected(&self) -> Option<String> {
        self.app.lobby.selected_ticket().map(|t| t.number.clone())
    }

    /// The flash line's text, and whether it is an error.
    pub fn flash(&self) -> (String, bool) {
        let f = self.app.flash.as_ref().expect("a flash message");
        (f.text.clone(), f.error)
    }

    /// The numbers shown in the queue, in the order shown.
    pub fn queue(&self) -> Vec<String> {
        self.app
            .lobby
            .rows
            .iter()
            .map(|r| r.ticket.number.clone())
            .collect()
    }
}

// ---------------------------------------------------------------- several people on one file
// (cards, follow-ups: each person runs their own App on the same database)

/// A client who agreed to be contacted, on `owner`'s wealth follow-up list,
/// due `due`: the row a call list or a campaign exports.
pub fn consenting_prospect(
    db: &lobbydesk::store::Db,
    (name, mobile): (&str, &str),
    owner: &str,
    due: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), lobbydesk::store::StoreError> {
    let (client, _) = db.find_or_add_client(Some(name), Some(mobile), now)?;
    db.set_consent(client, true, "T01", now)?;
    db.add_prospect(
        &lobbydesk::store::prospects::NewProspect {
            client_id: client,
            owner: owner.into(),
            source_card: None,
            line: Some("wealth".into()),
            next_due: due,
        },
        now,
    )?;
    Ok(())
}

/// A line's manager or the branch head: no counter.
pub fn manager(code: &str, name: &str, role: &str) -> Staff {
    Staff {
        code: code.into(),
        name: name.into(),
        roles: vec![role.into()],
        counter: None,
        active: true,
    }
}

impl Fixture {
    /// Another person's application on the same database file, with the same
    /// clock and language: a second connection, as a second process has.
    pub fn app_as(&self, code: &str) -> App {
        let store = open_store(&self.dir);
        let me = store
            .db()
            .staff(code)
            .expect("read the roster")
            .unwrap_or_else(|| panic!("{code} is on the roster"));
        App::new(
            store,
            self.clock.clone(),
            Catalog::shipped(),
            self.app.lang,
            me,
        )
        .expect("start the app")
    }

    /// Carry on as another person; returns the previous person's app.
    pub fn switch_to(&mut self, code: &str) -> App {
        let next = self.app_as(code);
        std::mem::replace(&mut self.app, next)
    }

    /// One integer from SQL run on a separate plain connection.
    pub fn sql_i64(&self, sql: &str, args: &[&dyn lobbydesk::store::sql::Arg]) -> i64 {
        check(&self.dir).one(sql, args)
    }

    /// In the open form, choose the option whose code is `code` in the field
    /// labelled `label`, by moving there with Tab and typing the option's key.
    pub fn pick(&mut self, label: lobbydesk::i18n::Msg, code: &str) {
        let form = self.app.form.as_ref().expect("a form");
        let i = form
            .fields
            .iter()
            .position(|f| f.label == label)
            .unwrap_or_else(|| panic!("the form has a {label:?} field"));
        let key = match &form.fields[i].value {
            lobbydesk::app::form::Value::Choice { options, .. } => options
                .iter()
                .find(|o| o.code == code)
                .unwrap_or_else(|| panic!("{label:?} offers {code:?}: {options:?}"))
                .key
                .clone(),
            other => panic!("{label:?} is not a choice: {other:?}"),
        };
        let mut chars = key.chars();
        let c = chars.next().expect("the option has a key");
        assert!(chars.next().is_none(), "{code:?} is chosen by one key");
        self.focus_field(i);
        self.input(Input::Char(c));
        assert_eq!(self.app.form.as_ref().unwrap().fields[i].get(), code);
    }
}

impl Fixture {
    /// The events written after the first `since`, oldest first.
    pub fn events_after(&self, since: i64) -> Vec<EventRow> {
        let all: Vec<EventRow> = check(&self.dir).all(
            "SELECT kind, actor, record, record_id FROM events ORDER BY id",
            args![],
        );
        all.into_iter().skip(since as usize).collect()
    }

    /// Every table's rows and the number of events: what "nothing changed" compares.
    pub fn db_state(&self) -> (String, i64) {
        let rows = if on_server() {
            pg::table_rows(&mut pg::client_in(&self.dir))
        } else {
            table_rows(&raw(&self.dir))
        };
        (rows, self.event_count())
    }

    /// Select a card by id in the line pane shown.
    pub fn select_card_id(&mut self, id: i64) {
        let lobbydesk::app::Tab::Line(p) = self.app.tab else {
            panic!("a line's pane is shown, not {:?}", self.app.tab)
        };
        self.act(Action::Top);
        for _ in 0..self.app.lines[p].cards.len() {
            if self.app.lines[p].selected_card().map(|c| c.id) == Some(id) {
                return;
            }
            self.act(Action::Down);
        }
        panic!("card #{id} is not in the pane");
    }

    /// Select a prospect by id in the Follow-ups list.
    pub fn select_prospect_id(&mut self, id: i64) {
        assert_eq!(self.app.tab, lobbydesk::app::Tab::Followups);
        self.act(Action::Top);
        for _ in 0..self.app.followups.len() {
            if self.app.followups.selected_prospect().map(|p| p.id) == Some(id) {
                return;
            }
            self.act(Action::Down);
        }
        panic!("prospect {id} is not listed");
    }

    /// Replace the content of the open form's text field labelled `label`.
    pub fn retype(&mut self, label: lobbydesk::i18n::Msg, text: &str) {
        let form = self.app.form.as_ref().expect("a form");
        let i = form.fields.iter().position(|f| f.label == label).unwrap();
        let n = form.fields[i].get().chars().count();
        self.focus_field(i);
        for _ in 0..n {
            self.input(Input::Backspace);
        }
        self.type_text(text);
    }

    /// The prospects listed in the Follow-ups tab, by id.
    pub fn listed_prospects(&self) -> Vec<i64> {
        self.app.followups.rows.iter().map(|(_, p)| p.id).collect()
    }
}

impl Fixture {
    /// Go to `tab` by its number key, wherever it is in the tab order.
    pub fn go(&mut self, tab: lobbydesk::app::Tab) {
        let i = self
            .app
            .tabs()
            .iter()
            .position(|t| *t == tab)
            .unwrap_or_else(|| panic!("no {tab:?} tab"));
        self.act(Action::GoTab(i));
        assert_eq!(self.app.tab, tab);
    }
}
