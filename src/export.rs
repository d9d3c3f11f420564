//! Lists that leave the application: the call list and the campaign list, as
//! CSV with a UTF-8 byte-order mark so Excel opens the Chinese. Only clients
//! who agreed to be contacted are ever written.

use chrono::NaiveDate;

use crate::config::Catalog;
use crate::domain::followup::{self, Bucket};
use crate::i18n::{Lang, Msg};
use crate::store::prospects::{Filter, Prospect};
use crate::store::{Store, StoreError};

/// Which open prospects the call list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Due today (not those already overdue).
    Today,
    Overdue,
    /// Every open prospect.
    All,
}

impl Due {
    pub fn parse(s: &str) -> Option<Due> {
        match s {
            "today" => Some(Due::Today),
            "overdue" => Some(Due::Overdue),
            "all" => Some(Due::All),
            _ => None,
        }
    }

    fn keeps(self, b: Bucket) -> bool {
        match self {
            Due::Today => b == Bucket::DueToday,
            Due::Overdue => b == Bucket::Overdue,
            Due::All => b != Bucket::Ended,
        }
    }
}

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

fn consenting_open(store: &Store, owner: Option<&str>) -> Result<Vec<Prospect>, StoreError> {
    store.db().prospects(&Filter {
        owner: owner.map(String::from),
        consenting_only: true,
        ..Filter::default()
    })
}

/// The call list: consenting open prospects by due date.
pub fn call_list(
    store: &Store,
    catalog: &Catalog,
    lang: Lang,
    today: NaiveDate,
    due: Due,
    owner: Option<&str>,
) -> Result<String, StoreError> {
    let rows: Vec<Prospect> = consenting_open(store, owner)?
        .into_iter()
        .filter(|p| due.keeps(followup::bucket(p.stage, p.next_due, today)))
        .collect();
    Ok(write(catalog, lang, today, &rows))
}

/// The campaign list (holiday greetings, promotions): every consenting open prospect.
pub fn campaign(
    store: &Store,
    catalog: &Catalog,
    lang: Lang,
    today: NaiveDate,
) -> Result<String, StoreError> {
    Ok(write(catalog, lang, today, &consenting_open(store, None)?))
}

fn write(catalog: &Catalog, lang: Lang, today: NaiveDate, rows: &[Prospect]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        Msg::FieldName,
        Msg::FieldMobile,
        Msg::FieldTier,
        Msg::FieldLine,
        Msg::FieldOwner,
        Msg::FieldDue,
        Msg::ColDue,
        Msg::ColContacts,
    ]
    .map(|m| m.get(lang));
    let _ = w.write_record(header);
    for p in rows {
        let overdue = followup::days_overdue(p.next_due, today);
        let _ = w.write_record([
            p.client_name.clone().unwrap_or_default(),
            p.client_mobile.clone().unwrap_or_default(),
            Catalog::label(&catalog.tiers, &p.client_tier, lang).to_string(),
            p.line
                .as_deref()
                .map(|l| Catalog::label(&catalog.lines, l, lang).to_string())
                .unwrap_or_default(),
            p.owner_name.clone().unwrap_or_else(|| p.owner.clone()),
            p.next_due.map(|d| d.to_string()).unwrap_or_default(),
            if overdue > 0 {
                Msg::DaysOverdue.fill(lang, &[("d", &overdue)])
            } else {
                String::new()
            },
            p.contacts.to_string(),
        ]);
    }
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}
