//! The follow-up forms: a contact, the client's consent, a new date, won,
//! lost, reassign, the list's filter, and a client put on the list by hand.

use super::rules;
use crate::app::form::{entries, numbered, unanswered, yes_no, Choice, Field, Form, Purpose};
use crate::app::App;
use crate::config::Entry;
use crate::domain::event::Record;
use crate::domain::followup;
use crate::i18n::{Lang, Msg};
use crate::ops::disclose::{self, Prefill, Via};
use crate::ops::prospects::first_due;
use crate::store::prospects::Prospect;

/// A choice list led by "all" (code ""), for filters.
fn with_all(lang: Lang, rest: Vec<(String, String)>) -> Vec<Choice> {
    std::iter::once((String::new(), Msg::All.get(lang).to_string()))
        .chain(rest)
        .enumerate()
        .map(|(i, (code, label))| Choice {
            key: i.to_string(),
            code,
            label: format!("{i} {label}"),
        })
        .collect()
}

/// The client the add-prospect form was filled in with, and how it was
/// shown: a masked field left as shown keeps what is stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Adding {
    pub client: Option<i64>,
    pub shown: Prefill,
}

impl App {
    /// Open a form about one prospect: its client, masked, beside the title.
    fn followup_form(&mut self, p: &Prospect, purpose: Purpose, title: Msg, fields: Vec<Field>) {
        let name = p.client_name.as_deref().unwrap_or("");
        let form = Form::new(purpose, title, fields).about(crate::domain::privacy::mask_name(name));
        self.form = Some(form);
    }

    /// The client's answer to being contacted, never pre-selected; after a
    /// yes, `then_log` opens the contact log.
    pub(super) fn open_consent_form(&mut self, p: &Prospect, then_log: bool) {
        let options = unanswered(yes_no(self.lang, true));
        self.followup_form(
            p,
            Purpose::Consent {
                prospect: p.id,
                then_log,
            },
            Msg::FormConsent,
            vec![Field::choice(Msg::FieldConsent, options, 0)],
        );
    }

    pub(super) fn open_log_form(&mut self, p: &Prospect) {
        let due = followup::next_due(
            &rules(&self.catalog),
            p.contacts as usize + 1,
            self.clock.today(),
        );
        self.followup_form(
            p,
            Purpose::LogContact { prospect: p.id },
            Msg::FormLog,
            vec![
                Field::choice(
                    Msg::FieldChannel,
                    numbered(entries(self.catalog.channels.iter(), self.lang)),
                    0,
                ),
                Field::text(Msg::FieldSummary, false),
                Field::text(Msg::FieldOutcome, true),
                Field::text(Msg::FieldNextStep, true),
                Field::text(Msg::FieldDue, false).with_text(&due.to_string()),
            ],
        );
    }

    pub(super) fn open_reschedule_form(&mut self, p: &Prospect) {
        let due = p.next_due.unwrap_or(self.clock.today()).to_string();
        self.followup_form(
            p,
            Purpose::Reschedule { prospect: p.id },
            Msg::FormReschedule,
            vec![Field::text(Msg::FieldDue, false).with_text(&due)],
        );
    }

    pub(super) fn open_won_form(&mut self, p: &Prospect) {
        let products = self
            .catalog
            .products
            .iter()
            .filter(|x| p.line.is_none() || x.line == p.line);
        self.followup_form(
            p,
            Purpose::Won { prospect: p.id },
            Msg::FormWon,
            vec![
                Field::choice(Msg::FieldProduct, numbered(entries(products, self.lang)), 0),
                Field::text(Msg::FieldAmount, false),
            ],
        );
    }

    pub(super) fn open_lost_form(&mut self, p: &Prospect) {
        let lang = self.lang;
        let mut reasons = numbered(entries(self.catalog.objections.iter(), lang));
        let n = reasons.len() + 1;
        reasons.push(Choice {
            key: n.to_string(),
            code: "other".into(),
            label: format!("{n} {}", Msg::Other.get(lang)),
        });
        self.followup_form(
            p,
            Purpose::Lost { prospect: p.id },
            Msg::FormLost,
            vec![
                Field::choice(Msg::FieldReason, reasons, 0),
                Field::text(Msg::FieldNote, true),
            ],
        );
    }

    pub(super) fn open_reassign_form(&mut self, p: &Prospect) {
        let choices = self
            .roster
            .iter()
            .filter(|s| s.active && s.code != p.owner && s.code != "LOBBY")
            .enumerate()
            .map(|(i, s)| Choice {
                key: ((i + 1) % 10).to_string(),
                code: s.code.clone(),
                label: format!("{} {}", i + 1, s.name),
            })
            .collect();
        self.followup_form(
            p,
            Purpose::Reassign { prospect: p.id },
            Msg::FormReassign,
            vec![Field::choice(Msg::FieldOwner, choices, 0)],
        );
    }

    pub(super) fn open_filter_form(&mut self) {
        let lang = self.lang;
        let f = self.followups.filter.clone();
        let staff = self
            .roster
            .iter()
            .filter(|s| s.active)
            .map(|s| (s.code.clone(), s.name.clone()))
            .collect();
        let entries = |list: &[Entry]| {
            list.iter()
                .map(|e| (e.code.clone(), e.label.get(lang).to_string()))
                .collect()
        };
        let mut form = Form::new(
            Purpose::Filter,
            Msg::FormFilter,
            vec![
                Field::text(Msg::FieldSearch, true).with_text(f.search.as_deref().unwrap_or("")),
                Field::choice(Msg::FieldOwner, with_all(lang, staff), 0),
                Field::choice(
                    Msg::FieldLine,
                    with_all(lang, entries(&self.catalog.lines)),
                    0,
                ),
                Field::choice(
                    Msg::FieldTier,
                    with_all(lang, entries(&self.catalog.tiers)),
                    0,
                ),
                Field::choice(Msg::FieldEscalated, yes_no(lang, false), 0),
            ],
        );
        form.choose(Msg::FieldOwner, f.owner.as_deref().unwrap_or(""));
        form.choose(Msg::FieldLine, f.line.as_deref().unwrap_or(""));
        form.choose(Msg::FieldTier, f.tier.as_deref().unwrap_or(""));
        let escalated = if self.followups.escalated_only {
            "yes"
        } else {
            "no"
        };
        form.choose(Msg::FieldEscalated, escalated);
        self.form = Some(form);
    }

    /// `n` on the Clients tab: the add-prospect form filled in with `client`
    /// as far as the person may see them — in full for the branch head (the
    /// disclosure recorded), masked for everyone else.
    pub(in crate::app) fn add_client_as_prospect(&mut self, client: i64) {
        let via = Via {
            record: Record::Client,
            id: client,
            owners: Vec::new(),
        };
        match self.act(|db, op| disclose::prefill(db, op, client, &via)) {
            Ok(shown) => self.open_add_prospect_form(Some(Adding {
                client: Some(client),
                shown,
            })),
            Err(e) => self.complain(e.message(&self.names())),
        }
    }

    /// The form to put a client on the follow-up list by hand: filled in
    /// (from the Clients tab) or empty. The client's consent is asked every
    /// time, never pre-selected.
    pub(super) fn open_add_prospect_form(&mut self, adding: Option<Adding>) {
        let lang = self.lang;
        let adding = adding.unwrap_or_default();
        let due = first_due(&self.catalog, self.clock.today());
        self.form = Some(Form::new(
            Purpose::AddProspect,
            Msg::FormAddProspect,
            vec![
                Field::text(Msg::FieldName, false).with_text(&adding.shown.name),
                Field::text(Msg::FieldMobile, false).with_text(&adding.shown.mobile),
                Field::choice(
                    Msg::FieldLine,
                    numbered(entries(self.catalog.lines.iter(), lang)),
                    0,
                ),
                Field::choice(Msg::FieldConsent, unanswered(yes_no(lang, true)), 0),
                Field::text(Msg::FieldNote, true),
                Field::text(Msg::FieldDue, false).with_text(&due.to_string()),
            ],
        ));
        self.followups.adding = adding;
    }
}
