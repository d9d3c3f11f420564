//! The follow-up forms: a contact, the client's consent, a new date, won,
//! lost, reassign, the list's filter, and a client put on the list by hand.

use super::rules;
use super::FollowState;
use crate::app::form::{entries, numbered, unanswered, yes_no, Choice, Field, Form, Purpose};
use crate::app::Cx;
use crate::config::Entry;
use crate::domain::client::{self, ClientRefusal};
use crate::domain::event::Record;
use crate::domain::followup;
use crate::i18n::{Lang, Msg};
use crate::ops::clients;
use crate::ops::disclose::{self, Prefill, Via};
use crate::ops::prospects::{first_due, may_own};
use crate::ops::OpError;
use crate::store::prospects::Prospect;
use crate::store::staff::Staff;

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

/// Open a form about one prospect: its client, masked, beside the title.
fn followup_form(cx: &mut Cx, p: &Prospect, purpose: Purpose, title: Msg, fields: Vec<Field>) {
    let name = p.client_name.as_deref().unwrap_or("");
    let form = Form::new(purpose, title, fields).about(crate::domain::privacy::mask_name(name));
    cx.form = Some(form);
}

/// The client's answer to being contacted, never pre-selected; after a
/// yes, `then_log` opens the contact log.
pub(super) fn open_consent_form(cx: &mut Cx, p: &Prospect, then_log: bool) {
    let options = unanswered(yes_no(cx.lang, true));
    followup_form(
        cx,
        p,
        Purpose::Consent {
            prospect: p.id,
            then_log,
        },
        Msg::FormConsent,
        vec![Field::choice(Msg::FieldConsent, options, 0)],
    );
}

pub(super) fn open_log_form(cx: &mut Cx, p: &Prospect) {
    let due = followup::next_due(
        &rules(&cx.catalog),
        p.contacts as usize + 1,
        cx.clock.today(),
    );
    followup_form(
        cx,
        p,
        Purpose::LogContact { prospect: p.id },
        Msg::FormLog,
        vec![
            Field::choice(
                Msg::FieldChannel,
                unanswered(numbered(entries(cx.catalog.channels.iter(), cx.lang))),
                0,
            ),
            Field::text(Msg::FieldSummary, false),
            Field::text(Msg::FieldOutcome, true),
            Field::text(Msg::FieldNextStep, true),
            Field::text(Msg::FieldDue, false).with_text(&due.to_string()),
        ],
    );
}

pub(super) fn open_reschedule_form(cx: &mut Cx, p: &Prospect) {
    let due = p.next_due.unwrap_or(cx.clock.today()).to_string();
    followup_form(
        cx,
        p,
        Purpose::Reschedule { prospect: p.id },
        Msg::FormReschedule,
        vec![Field::text(Msg::FieldDue, false).with_text(&due)],
    );
}

pub(super) fn open_won_form(cx: &mut Cx, p: &Prospect) {
    let products = cx
        .catalog
        .products
        .iter()
        .filter(|x| p.line.is_none() || x.line == p.line);
    followup_form(
        cx,
        p,
        Purpose::Won { prospect: p.id },
        Msg::FormWon,
        vec![
            Field::choice(
                Msg::FieldProduct,
                unanswered(numbered(entries(products, cx.lang))),
                0,
            ),
            Field::text(Msg::FieldAmount, false),
        ],
    );
}

pub(super) fn open_lost_form(cx: &mut Cx, p: &Prospect) {
    let lang = cx.lang;
    let reasons = numbered(entries(cx.catalog.lost_reasons.iter(), lang));
    followup_form(
        cx,
        p,
        Purpose::Lost { prospect: p.id },
        Msg::FormLost,
        vec![
            Field::choice(Msg::FieldReason, unanswered(reasons), 0),
            Field::text(Msg::FieldNote, true),
        ],
    );
}

pub(super) fn open_reassign_form(cx: &mut Cx, p: &Prospect) {
    // Those on the client's other work: anyone else would be a third marketer.
    let on = match clients::marketers(&cx.store.db(), p.client_id, None, Some(p.id)) {
        Ok(on) => on,
        Err(e) => return cx.complain(e.message(&cx.names())),
    };
    let takers: Vec<&Staff> = cx
        .roster
        .iter()
        .filter(|s| may_own(s) && s.code != p.owner && s.code != "LOBBY")
        .filter(|s| client::check_marketers(&on, &[s.code.as_str()]).is_ok())
        .collect();
    if takers.is_empty() {
        let text = match on.len() {
            0 | 1 => Msg::NobodyToReassign.get(cx.lang).to_string(),
            _ => OpError::Client(ClientRefusal::TooManyMarketers { on }).message(&cx.names()),
        };
        return cx.complain(text);
    }
    let choices = takers
        .iter()
        .enumerate()
        .map(|(i, s)| Choice {
            key: ((i + 1) % 10).to_string(),
            code: s.code.clone(),
            label: format!("{} {}", i + 1, s.name),
        })
        .collect();
    followup_form(
        cx,
        p,
        Purpose::Reassign { prospect: p.id },
        Msg::FormReassign,
        vec![Field::choice(Msg::FieldOwner, unanswered(choices), 0)],
    );
}

/// `n` on the Clients tab: the add-prospect form filled in with `client`
/// as far as the person may see them — in full for the branch head (the
/// disclosure recorded), masked for everyone else.
pub(in crate::app) fn add_client_as_prospect(cx: &mut Cx, client: i64) {
    let via = Via {
        record: Record::Client,
        id: client,
        owners: Vec::new(),
    };
    match cx.act(|db, op| disclose::prefill(db, op, client, &via)) {
        Ok(shown) => open_add_prospect_form(cx, Some((client, shown))),
        Err(e) => cx.complain(e.message(&cx.names())),
    }
}

/// The form to put a client on the follow-up list by hand: filled in with
/// a client as shown (from the Clients tab) or empty. The client's consent
/// is asked every time, never pre-selected.
pub(super) fn open_add_prospect_form(cx: &mut Cx, client: Option<(i64, Prefill)>) {
    let lang = cx.lang;
    let (client, shown) = client.unzip();
    let shown = shown.unwrap_or_default();
    let due = first_due(&cx.catalog, cx.clock.today());
    let mut form = Form::new(
        Purpose::AddProspect,
        Msg::FormAddProspect,
        vec![
            Field::text(Msg::FieldName, false).with_text(&shown.name),
            Field::text(Msg::FieldMobile, false).with_text(&shown.mobile),
            Field::choice(
                Msg::FieldLine,
                unanswered(numbered(entries(cx.catalog.lines.iter(), lang))),
                0,
            ),
            Field::choice(Msg::FieldConsent, unanswered(yes_no(lang, true)), 0),
            Field::text(Msg::FieldNote, true),
            Field::text(Msg::FieldDue, false).with_text(&due.to_string()),
        ],
    );
    // A masked field left as shown keeps what is stored.
    form.client = client;
    form.prefill = client.map(|_| shown);
    cx.form = Some(form);
}

impl FollowState {
    /// `f`: the list's filter, as it is set now.
    pub(super) fn open_filter_form(&self, cx: &mut Cx) {
        let lang = cx.lang;
        let f = self.filter.clone();
        let staff = cx
            .roster
            .iter()
            .filter(|s| may_own(s))
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
                    with_all(lang, entries(&cx.catalog.lines)),
                    0,
                ),
                Field::choice(
                    Msg::FieldTier,
                    with_all(lang, entries(&cx.catalog.tiers)),
                    0,
                ),
                Field::choice(Msg::FieldEscalated, yes_no(lang, false), 0),
            ],
        );
        form.choose(Msg::FieldOwner, f.owner.as_deref().unwrap_or(""));
        form.choose(Msg::FieldLine, f.line.as_deref().unwrap_or(""));
        form.choose(Msg::FieldTier, f.tier.as_deref().unwrap_or(""));
        let escalated = if self.escalated_only { "yes" } else { "no" };
        form.choose(Msg::FieldEscalated, escalated);
        cx.form = Some(form);
    }
}
