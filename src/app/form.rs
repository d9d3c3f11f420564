//! Forms: fields of text or choices, edited key by key; what a form is for
//! (`Purpose`) and the choice lists the screens' forms are built from.

/// One choice of a choice field: `key` is what selects it when typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub key: String,
    pub code: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Choice {
        options: Vec<Choice>,
        selected: usize,
    },
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub label: crate::i18n::Msg,
    pub value: Value,
    pub optional: bool,
    /// Not shown and skipped, for fields that depend on another's choice.
    pub hidden: bool,
    /// Why the last save refused this field, already in the user's language.
    pub error: Option<String>,
}

impl Field {
    pub fn choice(label: crate::i18n::Msg, options: Vec<Choice>, selected: usize) -> Field {
        Field {
            label,
            value: Value::Choice { options, selected },
            optional: false,
            hidden: false,
            error: None,
        }
    }

    pub fn text(label: crate::i18n::Msg, optional: bool) -> Field {
        Field {
            label,
            value: Value::Text(String::new()),
            optional,
            hidden: false,
            error: None,
        }
    }

    pub fn with_text(mut self, text: &str) -> Field {
        self.value = Value::Text(text.to_string());
        self
    }

    /// The chosen code, or the typed text.
    pub fn get(&self) -> &str {
        match &self.value {
            Value::Choice { options, selected } => {
                options.get(*selected).map_or("", |c| c.code.as_str())
            }
            Value::Text(s) => s,
        }
    }
}

/// Choices numbered 1, 2, 3… from (code, label) pairs.
pub fn numbered<L: std::fmt::Display>(items: impl IntoIterator<Item = (String, L)>) -> Vec<Choice> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, (code, label))| Choice {
            key: (i + 1).to_string(),
            code,
            label: format!("{} {label}", i + 1),
        })
        .collect()
}

/// Catalog entries as (code, label) pairs in a language.
pub fn entries<'a>(
    list: impl IntoIterator<Item = &'a crate::config::Entry>,
    lang: crate::i18n::Lang,
) -> Vec<(String, String)> {
    list.into_iter()
        .map(|e| (e.code.clone(), e.label.get(lang).to_string()))
        .collect()
}

/// Choices with their own keys: (key, code, label).
pub fn keyed(items: &[(&str, &str, crate::i18n::Msg)], lang: crate::i18n::Lang) -> Vec<Choice> {
    items
        .iter()
        .map(|(key, code, m)| Choice {
            key: key.to_string(),
            code: code.to_string(),
            label: format!("{key} {}", m.get(lang)),
        })
        .collect()
}

/// y / n, the current answer first.
pub fn yes_no(lang: crate::i18n::Lang, first_yes: bool) -> Vec<Choice> {
    use crate::i18n::Msg;
    let yes = ("y", "yes", Msg::Yes);
    let no = ("n", "no", Msg::No);
    keyed(&if first_yes { [yes, no] } else { [no, yes] }, lang)
}

/// A choice list with a blank first entry, so the answer must be given.
pub fn unanswered(mut options: Vec<Choice>) -> Vec<Choice> {
    options.insert(
        0,
        Choice {
            key: String::new(),
            code: String::new(),
            label: "—".into(),
        },
    );
    options
}

/// The line follows the need chosen (the card and refer-on forms).
pub fn line_follows_need(form: &mut Form, catalog: &crate::config::Catalog) {
    let need = form.field(crate::i18n::Msg::FieldNeed).get().to_string();
    if let Some(line) = catalog.need(&need).and_then(|n| n.line.clone()) {
        form.choose(crate::i18n::Msg::FieldLine, &line);
    }
}

/// What a form is for; what saving it does is decided by the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    Walkin,
    Call,
    Divert {
        ticket: i64,
    },
    /// A ticket to another service.
    Transfer {
        ticket: i64,
    },
    /// A referral card for a ticket.
    Card {
        ticket: i64,
    },
    /// The receiver's outcome of a card.
    Outcome {
        card: i64,
    },
    ReferOn {
        card: i64,
    },
    /// The client's answer to being contacted; `then_log` opens the contact
    /// log after a yes.
    Consent {
        prospect: i64,
        then_log: bool,
    },
    LogContact {
        prospect: i64,
    },
    Reschedule {
        prospect: i64,
    },
    Won {
        prospect: i64,
    },
    Lost {
        prospect: i64,
    },
    Reassign {
        prospect: i64,
    },
    Filter,
    AddProspect,
    /// Closing a business day: asked before it is done.
    CloseDay {
        day: chrono::NaiveDate,
    },
    /// Find a client by name or mobile.
    Search,
    /// Pause a counter with a reason (the lobby manager: or reopen one).
    PauseCounter,
    /// An appointment for a client (from their prospect, if any).
    Book {
        client: i64,
        prospect: Option<i64>,
    },
    /// Check in one of today's booked appointments.
    CheckIn,
    /// A client's dedicated manager, or none.
    ClientManager {
        client: i64,
    },
    /// The owner of a dormant client's follow-up, when they have no manager.
    FollowDormant {
        client: i64,
    },
    /// A client's record: tier, tags, products held, dates.
    ClientRecord {
        client: i64,
    },
    /// A complaint (投诉) about a visit and/or a client (neither: the branch).
    Complaint {
        ticket: Option<i64>,
        client: Option<i64>,
    },
    /// Resolve one of the complaints the person may resolve.
    Resolve,
    /// A finished visit's satisfaction rating (满意度).
    Rate {
        ticket: i64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub purpose: Purpose,
    pub title: crate::i18n::Msg,
    /// What the form is about (a card, a client), shown beside the title.
    pub subject: Option<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The client's details the form was filled with: a masked field left
    /// as shown keeps what is stored.
    pub prefill: Option<crate::ops::disclose::Prefill>,
    /// The client the form was filled in for (a client put on the
    /// follow-up list from the Clients tab).
    pub client: Option<i64>,
    /// Text was typed into it: Esc asks before throwing it away.
    pub typed: bool,
    /// Esc was pressed once on typed text: a second Esc discards it.
    pub asked: bool,
}

/// Keys a form understands.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Next,
    Prev,
    Left,
    Right,
    Char(char),
    Backspace,
    Paste(String),
    Submit,
    Cancel,
}

/// Longest text a field will hold while typing; validation refuses far less.
const TYPING_CAP: usize = 10_000;

impl Form {
    pub fn new(purpose: Purpose, title: crate::i18n::Msg, fields: Vec<Field>) -> Form {
        Form {
            purpose,
            title,
            subject: None,
            fields,
            focus: 0,
            prefill: None,
            client: None,
            typed: false,
            asked: false,
        }
    }

    pub fn about(mut self, subject: String) -> Form {
        self.subject = Some(subject);
        self
    }

    pub fn field(&self, label: crate::i18n::Msg) -> &Field {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .expect("form has the field")
    }

    pub fn field_mut(&mut self, label: crate::i18n::Msg) -> &mut Field {
        self.fields
            .iter_mut()
            .find(|f| f.label == label)
            .expect("form has the field")
    }

    /// Select the choice with this code, if the field has it.
    pub fn choose(&mut self, label: crate::i18n::Msg, code: &str) {
        if let Value::Choice { options, selected } = &mut self.field_mut(label).value {
            if let Some(i) = options.iter().position(|o| o.code == code) {
                *selected = i;
            }
        }
    }

    /// If the focused field was just hidden, move on to the next shown one.
    pub fn skip_hidden(&mut self) {
        if self.fields.get(self.focus).is_some_and(|f| f.hidden) {
            self.step_focus(true);
        }
    }

    fn step_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        for k in 1..=n {
            let i = if forward {
                (self.focus + k) % n
            } else {
                (self.focus + n * k - k) % n
            };
            if !self.fields[i].hidden {
                self.focus = i;
                return;
            }
        }
    }

    pub fn set_error(&mut self, label: crate::i18n::Msg, error: Option<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.label == label) {
            f.error = error;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// Put the focus on a field.
    pub fn focus_on(&mut self, label: crate::i18n::Msg) {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            self.focus = i;
        }
    }

    /// After a refused save: the focus on the first field in error, if any.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    /// Esc: whether the form closes now. Typed text is not thrown away on
    /// one key: the first Esc asks, a second closes ([`Form::go_on`] after
    /// any other key).
    pub fn cancel(&mut self) -> bool {
        let close = !self.typed || self.asked;
        self.asked = !close;
        close
    }

    /// A key other than Esc: the question to discard, if asked, is answered no.
    pub fn go_on(&mut self) {
        self.asked = false;
    }

    /// Apply an editing key (not Submit or Cancel, which the app handles).
    pub fn edit(&mut self, input: &Input) {
        let last = self.focus + 1 >= self.fields.len();
        let field = &mut self.fields[self.focus];
        let mut chosen_by_key = false;
        match (input, &mut field.value) {
            (Input::Next, _) => return self.step_focus(true),
            (Input::Prev, _) => return self.step_focus(false),
            (Input::Left, Value::Choice { options, selected }) => {
                *selected = (*selected + options.len() - 1) % options.len();
            }
            (Input::Right, Value::Choice { options, selected }) => {
                *selected = (*selected + 1) % options.len();
            }
            (Input::Char(c), Value::Choice { options, selected }) => {
                let typed = c.to_string();
                if let Some(i) = options
                    .iter()
                    .position(|o| o.key.eq_ignore_ascii_case(&typed))
                {
                    *selected = i;
                    chosen_by_key = true;
                }
            }
            (Input::Char(c), Value::Text(s)) => {
                if s.chars().count() < TYPING_CAP {
                    s.push(*c);
                }
                self.typed = true;
            }
            (Input::Paste(p), Value::Text(s)) => {
                let room = TYPING_CAP.saturating_sub(s.chars().count());
                s.extend(p.chars().take(room));
                self.typed = true;
            }
            (Input::Backspace, Value::Text(s)) => {
                s.pop();
                self.typed = true;
            }
            _ => return,
        }
        field.error = None;
        // Chosen by its key: on to the next field, as at a counter.
        if chosen_by_key && !last {
            self.step_focus(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    fn choices() -> Vec<Choice> {
        ["A", "B", "V"]
            .iter()
            .map(|k| Choice {
                key: k.to_string(),
                code: k.to_string(),
                label: k.to_string(),
            })
            .collect()
    }

    #[test]
    fn choose_by_letter_and_arrows_type_and_move() {
        let mut f = Form::new(
            Purpose::Walkin,
            Msg::FormWalkin,
            vec![
                Field::choice(Msg::FieldService, choices(), 0),
                Field::text(Msg::FieldName, true),
            ],
        );
        f.edit(&Input::Char('v'));
        assert_eq!(f.field(Msg::FieldService).get(), "V");
        assert_eq!(f.focus, 1, "choosing by key moves on");
        f.edit(&Input::Prev);
        f.edit(&Input::Right);
        assert_eq!(f.field(Msg::FieldService).get(), "A");
        f.edit(&Input::Left);
        assert_eq!(f.field(Msg::FieldService).get(), "V");
        f.edit(&Input::Char('z'));
        assert_eq!(
            f.field(Msg::FieldService).get(),
            "V",
            "unknown key changes nothing"
        );
        f.edit(&Input::Next);
        for c in "王明x".chars() {
            f.edit(&Input::Char(c));
        }
        f.edit(&Input::Backspace);
        f.edit(&Input::Paste("小".into()));
        assert_eq!(f.field(Msg::FieldName).get(), "王明小");
        f.edit(&Input::Next);
        assert_eq!(f.focus, 0, "Tab wraps around");
        f.edit(&Input::Prev);
        assert_eq!(f.focus, 1);
    }

    #[test]
    fn typing_is_capped() {
        let mut f = Form::new(
            Purpose::Walkin,
            Msg::FormWalkin,
            vec![Field::text(Msg::FieldName, true)],
        );
        f.edit(&Input::Paste("x".repeat(20_000)));
        assert_eq!(f.field(Msg::FieldName).get().len(), TYPING_CAP);
    }

    #[test]
    fn hidden_fields_are_skipped() {
        let mut f = Form::new(
            Purpose::Walkin,
            Msg::FormWalkin,
            vec![
                Field::text(Msg::FieldName, true),
                Field::text(Msg::FieldMobile, true),
                Field::text(Msg::FieldService, true),
            ],
        );
        f.fields[1].hidden = true;
        f.edit(&Input::Next);
        assert_eq!(f.focus, 2);
        f.edit(&Input::Prev);
        assert_eq!(f.focus, 0);
        f.edit(&Input::Prev);
        assert_eq!(f.focus, 2);
    }
}
