//! Lists that leave the application, as CSV with a UTF-8 byte-order mark so
//! Excel opens the Chinese. Formatting only: which rows a list holds, who may
//! write it and its trail are the operations' (`ops::export`).

use chrono::NaiveDate;

use crate::config::Catalog;
use crate::domain::followup;
use crate::i18n::{Lang, Msg};
use crate::store::prospects::Prospect;

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// A contact list as CSV: name, mobile, tier, line, owner, next contact,
/// days overdue on `today`, contacts so far.
pub fn to_csv(catalog: &Catalog, lang: Lang, today: NaiveDate, rows: &[Prospect]) -> String {
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
